package io.batchlab.cost;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.OptionalInt;

/**
 * The tokens of one request line of batch.jsonl, before it is sent: the input counted with OpenAI's
 * {@code o200k_base} encoding (jtokkit), the encoding of gpt-oss, plus the chat template's few tokens per message;
 * and the most completion tokens the request allows. Other models' tokenizers (Llama, Qwen) count differently, and
 * templates add their own text, so {@link CostEstimate} turns the count into a range (README, "What a run costs").
 *
 * @param input         the counted input tokens
 * @param maxCompletion {@code max_completion_tokens} (or {@code max_tokens}) of the request; empty if it sets none
 */
public record RequestTokens(long input, OptionalInt maxCompletion) {

    /** OpenAI's rule of thumb for chat messages: a few tokens of template around each one, and the reply's start. */
    static final int PER_MESSAGE = 4;
    static final int PER_REQUEST = 3;

    private static final JsonProvider JSON = JsonProvider.provider();
    /** Thread-safe; loads the 3.6 MB vocabulary once, on first use. */
    private static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

    /** The name the estimate gives for its tokenizer. */
    public static final String TOKENIZER = "o200k_base (jtokkit)";

    /** Counts one line of batch.jsonl: {@code {"custom_id", "method", "url", "body": {"messages": [...], ...}}}. */
    public static RequestTokens ofLine(String jsonLine) {
        JsonObject body;
        try (var reader = JSON.createReader(new StringReader(jsonLine))) {
            body = reader.readObject().getJsonObject("body");
        }
        long input = PER_REQUEST;
        JsonValue messages = body.get("messages");
        if (messages != null && messages.getValueType() == JsonValue.ValueType.ARRAY) {
            for (JsonValue message : messages.asJsonArray()) {
                input += PER_MESSAGE;
                if (message instanceof JsonObject object && object.get("content") instanceof JsonString content) {
                    input += count(content.getString());
                }
            }
        }
        if (body.get("response_format") instanceof JsonObject format) {
            input += count(format.toString());
        }
        OptionalInt max = body.get("max_completion_tokens") instanceof JsonNumber n ? OptionalInt.of(n.intValue())
                : body.get("max_tokens") instanceof JsonNumber m ? OptionalInt.of(m.intValue()) : OptionalInt.empty();
        return new RequestTokens(input, max);
    }

    /** Tokens of a text, special-token markers counted as ordinary text. */
    public static int count(String text) {
        return O200K.countTokensOrdinary(text);
    }
}
