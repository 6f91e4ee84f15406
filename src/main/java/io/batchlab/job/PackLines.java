package io.batchlab.job;

import io.batchlab.request.CustomId;
import io.batchlab.store.UserId;

/**
 * Turns a user's batch.jsonl line into the pack's line for it: the same request with the user id before its custom_id
 * ({@link CustomId#inPack}). batchlab writes every line itself ({@link io.batchlab.request.BatchLine#toJsonLine}, which
 * puts custom_id first, and custom_ids and user ids need no JSON escaping), so this is a splice, not a parse.
 */
final class PackLines {

    private static final String START = "{\"custom_id\":\"";

    private PackLines() {
    }

    static String inPack(UserId user, String line) {
        if (!line.startsWith(START)) {
            throw new IllegalStateException("user " + user + ": a batch line that does not start with its custom_id: "
                    + line.substring(0, Math.min(40, line.length())));
        }
        return START + user.value() + ':' + line.substring(START.length());
    }

    /** The bytes {@link #inPack} of {@code line} takes in the pack's file, its newline included. */
    static long packedLength(UserId user, String line) {
        return utf8Length(line) + user.value().length() + 2L;
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
