package io.batchlab.server;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * The runs API's answer to {@code POST /runs/{id}/retry}: how many users and requests are asked again, the retry
 * job's execution (null when nothing was missing) and a sentence saying so.
 */
@JsonbPropertyOrder({"runId", "users", "requests", "jobExecutionId", "message"})
public record RetryView(String runId, int users, long requests, Long jobExecutionId, String message) {
}
