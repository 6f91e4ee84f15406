package io.batchlab.emulator;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes the chat completion the emulator answers for a request body. Not an LLM: the answer is derived from a hash of
 * the body, so the same body always gets the same answer. A closed answer set (an {@code enum} in a json_schema
 * response format, or a line "Answer with one of: a, b, c" in the messages) is honoured.
 */
final class AnswerGenerator {

    static final String FINGERPRINT = "fp_groq_emulator_not_an_llm";
    private static final Pattern ANSWER_SET = Pattern.compile("(?im)^\\s*answer with one of:\\s*(.+?)\\s*$");

    JsonObject completion(JsonObject body, String requestId, long createdAt) {
        byte[] hash = sha256(body.toString());
        long pick = Math.abs(bytesToLong(hash));
        String hex = HexFormat.of().formatHex(hash, 0, 12);
        String model = body.getString("model", "unknown");
        List<String> messages = messageTexts(body);
        String answer = answer(body, messages, pick);
        String reasoningFormat = body.getString("reasoning_format", "");
        String reasoning = "Emulated reasoning (not an LLM) for request " + hex + ": picked by hashing the request.";
        String content = reasoningFormat.equals("raw") ? "<think>" + reasoning + "</think>" + answer : answer;

        JsonObjectBuilder message = Json.BUILDERS.createObjectBuilder().add("role", "assistant").add("content", content);
        if (reasoningFormat.equals("parsed")) {
            message.add("reasoning", reasoning);
        }
        int promptChars = messages.stream().mapToInt(String::length).sum();
        int promptTokens = Math.max(1, (promptChars + 3) / 4);
        int completionTokens = Math.max(1, (content.length() + (reasoningFormat.equals("parsed") ? reasoning.length() : 0) + 3) / 4);
        double queueTime = 0.01 + (pick % 90) / 1000.0;
        double promptTime = promptTokens / 20_000.0;
        double completionTime = completionTokens / 400.0;
        JsonObject usage = Json.BUILDERS.createObjectBuilder()
                .add("queue_time", seconds(queueTime))
                .add("prompt_tokens", promptTokens)
                .add("prompt_time", seconds(promptTime))
                .add("completion_tokens", completionTokens)
                .add("completion_time", seconds(completionTime))
                .add("total_tokens", promptTokens + completionTokens)
                .add("total_time", seconds(promptTime + completionTime))
                .build();
        return Json.BUILDERS.createObjectBuilder()
                .add("id", "chatcmpl-" + hex)
                .add("object", "chat.completion")
                .add("created", createdAt)
                .add("model", model)
                .add("choices", Json.BUILDERS.createArrayBuilder().add(Json.BUILDERS.createObjectBuilder()
                        .add("index", 0)
                        .add("message", message)
                        .add("logprobs", JsonValue.NULL)
                        .add("finish_reason", "stop")))
                .add("usage", usage)
                .add("system_fingerprint", FINGERPRINT)
                .add("x_groq", Json.BUILDERS.createObjectBuilder().add("id", requestId))
                .add("service_tier", "batch")
                .build();
    }

    private String answer(JsonObject body, List<String> messages, long pick) {
        JsonObject responseFormat = body.get("response_format") instanceof JsonObject format ? format : null;
        String formatType = responseFormat == null ? "" : responseFormat.getString("type", "");
        List<String> choices = answerSetIn(messages);
        if (formatType.equals("json_schema")) {
            return schemaAnswer(responseFormat, choices, messages, pick).toString();
        }
        String text = choices.isEmpty() ? freeText(messages, pick) : choices.get((int) (pick % choices.size()));
        if (formatType.equals("json_object")) {
            return Json.BUILDERS.createObjectBuilder().add("answer", text).build().toString();
        }
        return text;
    }

    /** A JSON object with the schema's properties: enums pick one value, strings get text, numbers and booleans a hash-derived value. */
    private JsonObject schemaAnswer(JsonObject responseFormat, List<String> choices, List<String> messages, long pick) {
        JsonObject schema = responseFormat.get("json_schema") instanceof JsonObject wrapper
                && wrapper.get("schema") instanceof JsonObject inner ? inner : JsonValue.EMPTY_JSON_OBJECT;
        JsonObject properties = schema.get("properties") instanceof JsonObject props ? props : JsonValue.EMPTY_JSON_OBJECT;
        JsonObjectBuilder result = Json.BUILDERS.createObjectBuilder();
        if (properties.isEmpty()) {
            result.add("answer", choices.isEmpty() ? freeText(messages, pick) : choices.get((int) (pick % choices.size())));
            return result.build();
        }
        for (Map.Entry<String, JsonValue> property : properties.entrySet()) {
            JsonObject definition = property.getValue() instanceof JsonObject object ? object : JsonValue.EMPTY_JSON_OBJECT;
            if (definition.get("enum") instanceof JsonArray values && !values.isEmpty()) {
                result.add(property.getKey(), values.get((int) (pick % values.size())));
                continue;
            }
            switch (definition.getString("type", "string")) {
                case "integer" -> result.add(property.getKey(), pick % 10);
                case "number" -> result.add(property.getKey(), (pick % 100) / 10.0);
                case "boolean" -> result.add(property.getKey(), pick % 2 == 0);
                case "string" -> result.add(property.getKey(),
                        choices.isEmpty() ? freeText(messages, pick) : choices.get((int) (pick % choices.size())));
                default -> result.addNull(property.getKey());
            }
        }
        return result.build();
    }

    /** The choices of a line "Answer with one of: a, b | c" in any message, or none. */
    static List<String> answerSetIn(List<String> messages) {
        for (String text : messages) {
            Matcher matcher = ANSWER_SET.matcher(text);
            if (matcher.find()) {
                List<String> choices = new ArrayList<>();
                for (String choice : matcher.group(1).split("[,|]")) {
                    String trimmed = choice.trim().replaceAll("[.]$", "").trim();
                    if (!trimmed.isEmpty()) {
                        choices.add(trimmed);
                    }
                }
                if (!choices.isEmpty()) {
                    return choices;
                }
            }
        }
        return List.of();
    }

    private static String freeText(List<String> messages, long pick) {
        String last = messages.isEmpty() ? "" : messages.get(messages.size() - 1).strip().replaceAll("\\s+", " ");
        String quoted = last.length() > 60 ? last.substring(0, 60) + "…" : last;
        return "Emulated answer #" + (pick % 1000) + " (not an LLM) to: " + quoted;
    }

    /** The text of every message, whether content is a string or an array of {type:text} parts. */
    private static List<String> messageTexts(JsonObject body) {
        List<String> texts = new ArrayList<>();
        if (!(body.get("messages") instanceof JsonArray messages)) {
            return texts;
        }
        for (JsonValue message : messages) {
            if (!(message instanceof JsonObject object)) {
                continue;
            }
            JsonValue content = object.get("content");
            if (content instanceof JsonString text) {
                texts.add(text.getString());
            } else if (content instanceof JsonArray parts) {
                StringBuilder joined = new StringBuilder();
                for (JsonValue part : parts) {
                    if (part instanceof JsonObject partObject && partObject.get("text") instanceof JsonString text) {
                        joined.append(text.getString()).append('\n');
                    }
                }
                texts.add(joined.toString());
            }
        }
        return texts;
    }

    private static JsonNumber seconds(double value) {
        return Json.PROVIDER.createValue(BigDecimal.valueOf(value).setScale(6, RoundingMode.HALF_UP));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static long bytesToLong(byte[] bytes) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[i] & 0xff);
        }
        return value & Long.MAX_VALUE;
    }
}
