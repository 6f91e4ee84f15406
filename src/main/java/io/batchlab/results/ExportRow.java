package io.batchlab.results;

import java.util.List;

/**
 * One request of a run as a row of {@code batchlab export}. Nulls are empty cells in CSV and {@code null} in JSONL.
 * {@link #COLUMNS} is the column order of both formats; it is part of the export's contract (README, "Exporting a
 * run"): new columns go at the end.
 *
 * @param recordKey     the key of the record the request answers, as results.json records it: the record's
 *                      {@code input.record_key} field, else its position among the user's records; with
 *                      {@code per_user} requests the user id ({@link io.batchlab.request.RecordKey})
 * @param model         the configured model id (results.json's {@code model}, else the run's config.yaml)
 * @param status        answered, error, unanswered or skipped
 * @param answerAllowed for runs with {@code allowed_answers}: whether the answer, normalised, is one of them
 * @param answerLabel   the allowed answer it matched, as written in config.yaml
 * @param cost          always null until batchlab has a price table
 * @param responseModel the model that answered, as the provider's response names it
 */
public record ExportRow(String runId, String userId, String customId, String recordKey, String model, String status,
                        String answer, Boolean answerAllowed, String answerLabel, String reasoning,
                        String finishReason, Long promptTokens, Long completionTokens, Long reasoningTokens,
                        Long cachedTokens, String cost, Integer statusCode, String errorCode, String errorMessage,
                        String requestId, String responseModel) {

    public static final List<String> COLUMNS = List.of("run_id", "user_id", "custom_id", "record_key", "model",
            "status", "answer", "answer_allowed", "answer_label", "reasoning", "finish_reason", "prompt_tokens",
            "completion_tokens", "reasoning_tokens", "cached_tokens", "cost", "status_code", "error_code",
            "error_message", "request_id", "response_model");

    /** The values in {@link #COLUMNS} order: strings, numbers, booleans or null. */
    Object[] values() {
        return new Object[] {runId, userId, customId, recordKey, model, status, answer, answerAllowed, answerLabel,
                reasoning, finishReason, promptTokens, completionTokens, reasoningTokens, cachedTokens, cost,
                statusCode, errorCode, errorMessage, requestId, responseModel};
    }
}
