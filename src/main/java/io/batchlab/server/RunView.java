package io.batchlab.server;

import io.batchlab.store.RunStatus;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/**
 * One run for the runs API: its status.json as is, its window (the expression, null for none), and the job
 * executions that worked on it, oldest first.
 */
@JsonbPropertyOrder({"runId", "status", "window", "jobExecutions"})
public record RunView(String runId, RunStatus status, String window, List<JobExecutionView> jobExecutions) {
}
