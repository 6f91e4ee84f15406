package io.batchlab.server;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.json.bind.annotation.JsonbTransient;

/**
 * The runs API's answer to {@code POST /runs/{id}/retry}: how many users and requests are asked again, the retry
 * job's execution (null when nothing was missing, or when another process runs it: {@code batchlab serve}) and a
 * sentence saying so; {@code started}, not sent, whether anything was asked again (202) or not (200).
 */
@JsonbPropertyOrder({"runId", "users", "requests", "jobExecutionId", "message"})
public record RetryView(String runId, int users, long requests, Long jobExecutionId, String message,
        @JsonbTransient boolean started) {
}
