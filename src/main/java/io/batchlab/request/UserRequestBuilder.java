package io.batchlab.request;

import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import io.batchlab.config.ExperimentConfig;
import io.batchlab.config.InputConfig;
import io.batchlab.config.PromptTemplates;
import io.batchlab.store.UserId;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * Builds a user's batch lines from the user's records and the prompt templates of the config.
 * <ul>
 *   <li>per_record: one line per record; the template sees the record's fields plus {@code user_id},
 *       {@code record_index} (1-based) and {@code allowed_answers}, which win over record fields of the same name.</li>
 *   <li>per_user: one line for the user; the template sees {@code user_id}, {@code records} (each record's fields
 *       plus its {@code record_index}) and {@code allowed_answers}.</li>
 * </ul>
 * Each line carries its record's key ({@link RecordKey}). No {@code response_format} is added for closed-target
 * prompts: models differ in what they accept, so the prompt carries the allowed answers.
 * Templates are compiled once; {@link #build} is thread-safe.
 */
public final class UserRequestBuilder {

    /** Looked up once: {@code Json.createObjectBuilder} searches for the provider on every call. */
    private static final JsonBuilderFactory BUILDERS = Json.createBuilderFactory(Map.of());
    private final ExperimentConfig config;
    private final Template system;
    private final Template user;
    private final JsonObject parameters;

    public UserRequestBuilder(ExperimentConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.system = config.prompt().system() == null ? null : PromptTemplates.compile(config.prompt().system());
        this.user = PromptTemplates.compile(config.prompt().user());
        this.parameters = config.model().parameters().toJson();
    }

    public List<BatchLine> build(UserId userId, List<JsonObject> records) throws RequestBuildException {
        if (records == null || records.isEmpty()) {
            throw new RequestBuildException(userId,
                    "no records for user " + userId + " in " + config.input().path());
        }
        if (config.input().requests() == InputConfig.Requests.PER_USER) {
            return List.of(perUser(userId, records));
        }
        List<BatchLine> lines = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            lines.add(perRecord(userId, records.get(i), i + 1));
        }
        return List.copyOf(lines);
    }

    private BatchLine perRecord(UserId userId, JsonObject record, int recordIndex) throws RequestBuildException {
        Map<String, Object> context = TemplateContext.of(record);
        context.put("user_id", userId.value());
        context.put("record_index", recordIndex);
        context.put("allowed_answers", config.prompt().allowedAnswers());
        String key = RecordKey.of(userId, record, recordIndex, config.input().recordKey());
        return new BatchLine(CustomId.forRecord(recordIndex), key, body(userId, context,
                missing -> OptionalInt.of(recordIndex), () -> "record " + recordIndex + " has the fields "
                        + String.join(", ", new TreeSet<>(record.keySet()))
                        + " (plus user_id, record_index, allowed_answers)"));
    }

    private BatchLine perUser(UserId userId, List<JsonObject> records) throws RequestBuildException {
        List<Map<String, Object>> recordContexts = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            Map<String, Object> record = TemplateContext.of(records.get(i));
            record.put("record_index", i + 1);
            recordContexts.add(record);
        }
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("user_id", userId.value());
        context.put("records", recordContexts);
        context.put("allowed_answers", config.prompt().allowedAnswers());
        return new BatchLine(CustomId.WHOLE_USER, userId.value(), body(userId, context,
                missing -> firstRecordWithout(records, missing),
                () -> "the per_user request has user_id, records, allowed_answers; records have the fields "
                        + String.join(", ", fieldsOf(records)) + " (plus record_index)"));
    }

    private static TreeSet<String> fieldsOf(List<JsonObject> records) {
        TreeSet<String> fields = new TreeSet<>();
        records.forEach(record -> fields.addAll(record.keySet()));
        return fields;
    }

    /** The record a per_user template failed on: the first that lacks the variable's leading name. */
    private static OptionalInt firstRecordWithout(List<JsonObject> records, String variable) {
        String name = variable.split("\\.", 2)[0];
        for (int i = 0; i < records.size(); i++) {
            if (!records.get(i).containsKey(name)) {
                return OptionalInt.of(i + 1);
            }
        }
        return OptionalInt.empty();
    }

    private interface RecordLocator {
        OptionalInt recordOf(String missingVariable);
    }

    /** What a template may use, for the error message only: built when a template fails, not for every request. */
    private interface AvailableVariables {
        String describe();
    }

    private JsonObject body(UserId userId, Map<String, Object> context, RecordLocator locator,
                            AvailableVariables available) throws RequestBuildException {
        JsonArrayBuilder messages = BUILDERS.createArrayBuilder();
        if (system != null) {
            messages.add(message("system", render(system, "prompt.system", context, userId, locator, available)));
        }
        messages.add(message("user", render(user, "prompt.user", context, userId, locator, available)));
        JsonObjectBuilder body = BUILDERS.createObjectBuilder()
                .add("model", config.model().id())
                .add("messages", messages);
        parameters.forEach(body::add);
        return body.build();
    }

    private static JsonObject message(String role, String content) {
        return BUILDERS.createObjectBuilder().add("role", role).add("content", content).build();
    }

    private static String render(Template template, String key, Map<String, Object> context, UserId userId,
                                 RecordLocator locator, AvailableVariables available) throws RequestBuildException {
        try {
            return template.execute(context);
        } catch (MustacheException.Context e) {
            OptionalInt record = locator.recordOf(e.key);
            String which = record.isPresent() ? ", record " + record.getAsInt() : "";
            throw new RequestBuildException(userId, "user " + userId + which + ": template " + key + " line "
                    + e.lineNo + " uses {{" + e.key + "}}, which is not defined; " + available.describe(), e);
        } catch (MustacheException e) {
            throw new RequestBuildException(userId, "user " + userId + ": template " + key
                    + " cannot be rendered: " + e.getMessage(), e);
        }
    }
}
