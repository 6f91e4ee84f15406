package io.batchlab.emulator;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A batch output file of an exact size whose lines (valid output JSONL, about 1 KB each) are generated while it is
 * read, so downloads of hundreds of megabytes can be tested without holding them anywhere.
 */
final class SyntheticOutputContent implements FileContent {

    private static final int TARGET_LINE = 1000;

    private final long size;
    private final long lines;

    SyntheticOutputContent(long size) {
        this.size = size;
        this.lines = Math.max(1, size / TARGET_LINE);
        long minimum = line(0, 0).length + 1;
        if (size < minimum) {
            throw new IllegalArgumentException("a synthetic output file needs at least " + minimum + " bytes, got " + size);
        }
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public InputStream open() {
        return new Lines();
    }

    @Override
    public void discard() {
        // Nothing is stored.
    }

    /** Line {@code index} padded to exactly {@code length} bytes including its newline; padding 0 gives the shortest. */
    private static byte[] line(long index, int length) {
        String prefix = "{\"id\":\"batch_req_synthetic_" + index + "\",\"custom_id\":\"synthetic-" + index
                + "\",\"response\":{\"status_code\":200,\"request_id\":\"req_synthetic_" + index
                + "\",\"body\":{\"id\":\"chatcmpl-synthetic-" + index + "\",\"object\":\"chat.completion\",\"created\":0,"
                + "\"model\":\"openai/gpt-oss-20b\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"Emulated (not an LLM) ";
        String suffix = "\"},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{\"queue_time\":0.01,"
                + "\"prompt_tokens\":10,\"prompt_time\":0.0005,\"completion_tokens\":250,\"completion_time\":0.625,"
                + "\"total_tokens\":260,\"total_time\":0.6255},\"system_fingerprint\":\"" + AnswerGenerator.FINGERPRINT
                + "\",\"x_groq\":{\"id\":\"req_synthetic_" + index + "\"},\"service_tier\":\"batch\"}},\"error\":null}\n";
        int padding = Math.max(0, length - prefix.length() - suffix.length());
        return (prefix + "x".repeat(padding) + suffix).getBytes(StandardCharsets.US_ASCII);
    }

    private int lengthOf(long index) {
        return (int) (size / lines + (index < size % lines ? 1 : 0));
    }

    private final class Lines extends InputStream {

        private long next;
        private byte[] current = new byte[0];
        private int pos;

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            if (pos == current.length) {
                if (next == lines) {
                    return -1;
                }
                current = line(next, lengthOf(next));
                next++;
                pos = 0;
            }
            int n = Math.min(length, current.length - pos);
            System.arraycopy(current, pos, buffer, offset, n);
            pos += n;
            return n;
        }
    }
}
