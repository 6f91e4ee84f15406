package io.batchlab.results;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * What a run found, counted over the rows of {@code batchlab export} (README, "A run's summary"). Every count is of
 * export rows: a skipped or not yet prepared user is one row without custom_id. The JSON field names of
 * {@link #toJson()} are part of the contract; new fields only get added.
 *
 * @param answers         for closed targets ({@code prompt.allowed_answers}), else null
 * @param cost            always null until batchlab has a price table (issue 14, item 3)
 * @param created         status.json's {@code created}, a local time in the run's zone; null without status.json
 * @param lastResult      when the newest results.json was written, in the same zone; null before any
 * @param secondsToLastResult from created to lastResult; null if either is unknown
 * @param configSha256    status.json's {@code config_sha256}; null without status.json or for runs created before it
 */
public record RunSummary(String runId, String model, long users, long requests, ByStatus byStatus, Answers answers,
                         Tokens tokens, String cost, Missing missing, LocalDateTime created,
                         LocalDateTime lastResult, Long secondsToLastResult, String configSha256) {

    private static final JsonProvider JSON = JsonProvider.provider();
    /** status.json's format, so that both times read alike. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    public record ByStatus(long answered, long error, long unanswered, long skipped) {
    }

    /** @param offListRate offList / answered; null when nothing was answered */
    public record Answers(List<String> allowedAnswers, List<AnswerCount> distribution, long answered, long offList,
                          Double offListRate) {
    }

    /** @param share count / answered */
    public record AnswerCount(String answer, long count, double share) {
    }

    /** Sums over the rows that report them. */
    public record Tokens(long prompt, long completion, long reasoning, long cached) {
    }

    /** Rows not answered, grouped by error code, largest first. */
    public record Missing(long users, long requests, List<Reason> byReason) {
    }

    /**
     * @param code the row's error_code: the provider's code, {@code missing}, {@code not_collected},
     *             {@code not_prepared}; {@code skipped} for skipped users; {@code unknown} for an error without code
     */
    public record Reason(String code, long users, long requests) {
    }

    public JsonObject toJson() {
        JsonObjectBuilder json = JSON.createObjectBuilder()
                .add("run_id", runId);
        nullable(json, "model", model == null ? null : JSON.createValue(model));
        json.add("users", users)
                .add("requests", requests)
                .add("by_status", JSON.createObjectBuilder()
                        .add("answered", byStatus.answered())
                        .add("error", byStatus.error())
                        .add("unanswered", byStatus.unanswered())
                        .add("skipped", byStatus.skipped()));
        if (answers == null) {
            json.add("answers", JsonValue.NULL);
        } else {
            var distribution = JSON.createArrayBuilder();
            answers.distribution().forEach(a -> distribution.add(JSON.createObjectBuilder()
                    .add("answer", a.answer()).add("count", a.count()).add("share", a.share())));
            var allowed = JSON.createArrayBuilder();
            answers.allowedAnswers().forEach(allowed::add);
            JsonObjectBuilder block = JSON.createObjectBuilder()
                    .add("allowed_answers", allowed)
                    .add("answered", answers.answered())
                    .add("distribution", distribution)
                    .add("off_list", answers.offList());
            nullable(block, "off_list_rate",
                    answers.offListRate() == null ? null : JSON.createValue(answers.offListRate()));
            json.add("answers", block);
        }
        json.add("tokens", JSON.createObjectBuilder()
                .add("prompt", tokens.prompt())
                .add("completion", tokens.completion())
                .add("reasoning", tokens.reasoning())
                .add("cached", tokens.cached()));
        nullable(json, "cost", cost == null ? null : JSON.createValue(cost));
        var reasons = JSON.createArrayBuilder();
        missing.byReason().forEach(r -> reasons.add(JSON.createObjectBuilder()
                .add("code", r.code()).add("users", r.users()).add("requests", r.requests())));
        json.add("missing", JSON.createObjectBuilder()
                .add("users", missing.users())
                .add("requests", missing.requests())
                .add("by_reason", reasons));
        nullable(json, "created", created == null ? null : JSON.createValue(TIME.format(created)));
        nullable(json, "last_result", lastResult == null ? null : JSON.createValue(TIME.format(lastResult)));
        nullable(json, "seconds_to_last_result",
                secondsToLastResult == null ? null : JSON.createValue(secondsToLastResult));
        nullable(json, "config_sha256", configSha256 == null ? null : JSON.createValue(configSha256));
        return json.build();
    }

    private static void nullable(JsonObjectBuilder json, String key, JsonValue value) {
        json.add(key, value == null ? JsonValue.NULL : value);
    }
}
