package io.batchlab.emulator;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A batch and its lifecycle. Its status is computed from the clock on every read:
 * validating → in_progress → finalizing → completed, or failed / expired, or cancelling → cancelled after a cancel.
 */
final class EmulatedBatch {

    enum Status {
        VALIDATING, IN_PROGRESS, FINALIZING, COMPLETED, FAILED, EXPIRED, CANCELLING, CANCELLED;

        String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        boolean terminal() {
            return this == COMPLETED || this == FAILED || this == EXPIRED || this == CANCELLED;
        }

        boolean hasResults() {
            return this == COMPLETED || this == EXPIRED || this == CANCELLED;
        }
    }

    private final String id;
    private final String inputFileId;
    private final String completionWindow;
    private final Map<String, String> metadata;
    private final BatchInput input;
    private final BatchPlan plan;
    private Long cancelRequestedMs;
    private BatchResults results;

    EmulatedBatch(String id, String inputFileId, String completionWindow, Map<String, String> metadata,
            BatchInput input, BatchPlan plan) {
        this.id = id;
        this.inputFileId = inputFileId;
        this.completionWindow = completionWindow;
        this.metadata = Map.copyOf(metadata);
        this.input = input;
        this.plan = plan;
    }

    String id() {
        return id;
    }

    Map<String, String> metadata() {
        return metadata;
    }

    /**
     * Who submitted a batch, as faults and counts name it: metadata {@code user_id} (one batch per user) or, for
     * batchlab's packed batches, {@code pack}; null for a batch with neither.
     */
    static String submitter(Map<String, String> metadata) {
        String user = metadata.get("user_id");
        return user != null ? user : metadata.get("pack");
    }

    BatchInput input() {
        return input;
    }

    BatchPlan plan() {
        return plan;
    }

    synchronized Status statusAt(long nowMs) {
        if (cancelRequestedMs != null) {
            return nowMs < cancelRequestedMs + plan.cancellingMs() ? Status.CANCELLING : Status.CANCELLED;
        }
        if (failing()) {
            return nowMs < plan.validatingEndMs() ? Status.VALIDATING : Status.FAILED;
        }
        Long expiry = effectiveExpiryMs();
        if (expiry != null && nowMs >= expiry) {
            return Status.EXPIRED;
        }
        if (nowMs < plan.validatingEndMs()) {
            return Status.VALIDATING;
        }
        if (nowMs < plan.inProgressEndMs()) {
            return Status.IN_PROGRESS;
        }
        return nowMs < plan.finalizingEndMs() ? Status.FINALIZING : Status.COMPLETED;
    }

    private boolean failing() {
        return input.fileError() != null || plan.failure() != null;
    }

    /** The expiry when it interrupts processing; an expiry after the last request was answered changes nothing. */
    private Long effectiveExpiryMs() {
        return plan.expiryMs() != null && plan.expiryMs() < plan.inProgressEndMs() ? plan.expiryMs() : null;
    }

    /** The time processing stopped early: a cancel (only accepted before any expiry) or an expiry; null when neither. */
    private Long interruptionMs() {
        return cancelRequestedMs != null ? cancelRequestedMs : effectiveExpiryMs();
    }

    /** Requests a cancel; only a batch still validating, in progress or finalizing can be cancelled. */
    synchronized void cancel(long nowMs) {
        Status status = statusAt(nowMs);
        if (status == Status.CANCELLING) {
            return;
        }
        if (status.terminal()) {
            throw ApiError.invalidRequest("batch_not_cancellable", null,
                    "batch " + id + " is " + status.json() + " and can no longer be cancelled");
        }
        cancelRequestedMs = nowMs;
    }

    /** Valid requests answered once processing ended (or at {@code nowMs} while in progress). */
    synchronized int answeredAt(long nowMs) {
        Long end = interruptionMs();
        long until = end == null ? nowMs : Math.min(nowMs, end);
        return (int) Math.floor(input.requests().size() * plan.progressAt(until));
    }

    synchronized BatchResults results() {
        return results;
    }

    synchronized void results(BatchResults written) {
        results = written;
    }

    synchronized JsonObject toJson(long nowMs) {
        Status status = statusAt(nowMs);
        JsonObjectBuilder json = Json.BUILDERS.createObjectBuilder()
                .add("id", id)
                .add("object", "batch")
                .add("endpoint", BatchInputValidator.ENDPOINT)
                .add("errors", errorsJson(status))
                .add("input_file_id", inputFileId)
                .add("completion_window", completionWindow)
                .add("status", status.json())
                .add("output_file_id", fileId(results == null ? null : results.outputFileId()))
                .add("error_file_id", fileId(results == null ? null : results.errorFileId()))
                .add("created_at", seconds(plan.createdMs()))
                .add("in_progress_at", startedProcessing(nowMs) ? seconds(plan.validatingEndMs()) : JsonValue.NULL)
                .add("expires_at", seconds(plan.windowEndMs()))
                .add("finalizing_at", status == Status.FINALIZING || status == Status.COMPLETED
                        ? seconds(plan.inProgressEndMs()) : JsonValue.NULL)
                .add("completed_at", status == Status.COMPLETED ? seconds(plan.finalizingEndMs()) : JsonValue.NULL)
                .add("failed_at", status == Status.FAILED ? seconds(plan.validatingEndMs()) : JsonValue.NULL)
                .add("expired_at", status == Status.EXPIRED ? seconds(interruptionMs()) : JsonValue.NULL)
                .add("cancelling_at", cancelRequestedMs == null ? JsonValue.NULL : seconds(cancelRequestedMs))
                .add("cancelled_at", status == Status.CANCELLED
                        ? seconds(cancelRequestedMs + plan.cancellingMs()) : JsonValue.NULL)
                .add("request_counts", requestCounts(status, nowMs))
                .add("metadata", metadataJson())
                .add("project_id", "project_groq_emulator");
        return json.build();
    }

    private boolean startedProcessing(long nowMs) {
        Long interruption = interruptionMs();
        long until = interruption == null ? nowMs : Math.min(nowMs, interruption);
        return !failing() && until >= plan.validatingEndMs();
    }

    private JsonObject requestCounts(Status status, long nowMs) {
        int total = input.lineCount();
        int invalid = input.lineErrors().size();
        int valid = input.requests().size();
        int completed;
        int failed;
        switch (status) {
            case VALIDATING -> {
                total = 0;
                completed = 0;
                failed = 0;
            }
            case FAILED -> {
                completed = 0;
                failed = total;
            }
            case IN_PROGRESS, CANCELLING -> {
                completed = answeredAt(nowMs);
                failed = invalid;
            }
            case FINALIZING, COMPLETED -> {
                completed = valid;
                failed = invalid;
            }
            default -> {
                completed = answeredAt(nowMs);
                failed = invalid + valid - completed;
            }
        }
        return Json.BUILDERS.createObjectBuilder().add("total", total).add("completed", completed)
                .add("failed", failed).build();
    }

    private JsonValue errorsJson(Status status) {
        if (status == Status.VALIDATING) {
            return JsonValue.NULL;
        }
        JsonArrayBuilder data = Json.BUILDERS.createArrayBuilder();
        int count = 0;
        for (LineError error : input.fileError() != null ? List.of(input.fileError())
                : plan.failure() != null ? List.of(plan.failure()) : input.lineErrors()) {
            data.add(error.toJson());
            count++;
        }
        return count == 0 ? JsonValue.NULL
                : Json.BUILDERS.createObjectBuilder().add("object", "list").add("data", data).build();
    }

    private JsonObject metadataJson() {
        JsonObjectBuilder json = Json.BUILDERS.createObjectBuilder();
        metadata.forEach(json::add);
        return json.build();
    }

    private static JsonValue fileId(String id) {
        return id == null ? JsonValue.NULL : Json.PROVIDER.createValue(id);
    }

    private static JsonValue seconds(long ms) {
        return Json.PROVIDER.createValue(ms / 1000);
    }
}
