package io.batchlab.server;

import io.batchlab.store.RunStatus;
import java.util.List;

/** One run for the runs API: its status.json as is, and the job executions that worked on it, oldest first. */
public record RunView(String runId, RunStatus status, List<JobExecutionView> jobExecutions) {
}
