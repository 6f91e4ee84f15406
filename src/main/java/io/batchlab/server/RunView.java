package io.batchlab.server;

import io.batchlab.store.RunStatus;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/** One run for the runs API: its status.json as is, and the job executions that worked on it, oldest first. */
@JsonbPropertyOrder({"runId", "status", "jobExecutions"})
public record RunView(String runId, RunStatus status, List<JobExecutionView> jobExecutions) {
}
