package io.batchlab.results;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * The answer and the reasoning of one chat completion. Reasoning comes either inside {@code <think>…</think>} at the
 * start of the content ({@code reasoning_format: raw}) or in {@code message.reasoning} ({@code parsed}). Content that
 * opens {@code <think>} but never closes it is all reasoning: the model ran out of tokens before answering.
 */
public record Answer(String text, String reasoning, String finishReason) {

    private static final String OPEN = "<think>";
    private static final String CLOSE = "</think>";

    public static Answer of(JsonObject completion) {
        JsonObject choice = completion.getJsonArray("choices") == null || completion.getJsonArray("choices").isEmpty()
                ? JsonValue.EMPTY_JSON_OBJECT
                : completion.getJsonArray("choices").getJsonObject(0);
        JsonObject message = choice.containsKey("message") && choice.get("message") instanceof JsonObject m
                ? m : JsonValue.EMPTY_JSON_OBJECT;
        String content = string(message, "content");
        String reasoning = string(message, "reasoning");
        if (content != null && content.stripLeading().startsWith(OPEN)) {
            String stripped = content.stripLeading();
            int close = stripped.indexOf(CLOSE);
            if (close >= 0) {
                reasoning = stripped.substring(OPEN.length(), close).strip();
                content = stripped.substring(close + CLOSE.length()).strip();
            } else {
                // Cut off while thinking (finish_reason length): a half thought is no answer.
                reasoning = stripped.substring(OPEN.length()).strip();
                content = null;
            }
        }
        return new Answer(content, reasoning, string(choice, "finish_reason"));
    }

    static String string(JsonObject object, String key) {
        return object.get(key) instanceof JsonString s ? s.getString() : null;
    }
}
