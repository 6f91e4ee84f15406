package io.batchlab.job;

import io.batchlab.input.RecordLimit;
import io.batchlab.request.RequestBuildException;
import io.batchlab.store.UserId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * How big one batch input file may be. A user over either limit is skipped with the reason instead of failing the
 * provider's validation after the upload. The limits are checked while the user's input is read ({@link #records()})
 * and while the lines are built, so a user far over them costs neither the heap nor the time of building it whole.
 *
 * @param maxLines most request lines per file
 * @param maxBytes most bytes per file, newlines included
 */
record BatchFileLimits(int maxLines, long maxBytes) {

    /** The provider's limits (../shared/notes/groq-batch-api.md): 50,000 lines, and 100 MB to stay safe. */
    static final BatchFileLimits PROVIDER = new BatchFileLimits(50_000, 100L * 1024 * 1024);

    /**
     * How much of one user's input is read: a request line per record (per_record) and a request carries its records'
     * text, so more records or bytes than one file holds cannot fit it. (A per_user request with more records than a
     * file has lines would exceed any model's context anyway.)
     */
    RecordLimit records() {
        return new RecordLimit(maxLines, maxBytes, "one user's requests must fit one batch file (at most " + maxLines
                + " lines and " + maxBytes + " bytes)");
    }

    /**
     * The bytes {@code user}'s lines take in a pack's input file, where each custom_id carries the user id
     * ({@link PackLines#inPack}).
     *
     * @throws RequestBuildException when the user alone would be over the byte limit there
     */
    long inPack(UserId user, List<String> jsonLines) throws RequestBuildException {
        long bytes = 0;
        for (String line : jsonLines) {
            bytes += PackLines.packedLength(user, line);
        }
        if (bytes > maxBytes) {
            throw new RequestBuildException(user, "user " + user + "'s requests would take " + bytes + " bytes in a "
                    + "pack (the user id goes before each custom_id); a batch file allows at most " + maxBytes);
        }
        return bytes;
    }

    /**
     * Whether a pack that holds {@code lines} lines in {@code bytes} bytes has room for {@code next} as well: a pack is
     * split by lines and bytes, not by user count alone.
     */
    boolean packHasRoom(long lines, long bytes, UserBatch next) {
        return lines + next.jsonLines().size() <= maxLines && bytes + next.packBytes() <= maxBytes;
    }

    /** Checks lines that are already built. */
    void check(UserId user, List<String> jsonLines) throws RequestBuildException {
        lines(user, jsonLines, Function.identity());
    }

    /**
     * Turns {@code requests} into the lines of the user's batch file, refusing too many requests before building any
     * and too many bytes at the first line past the limit.
     */
    <T> List<String> lines(UserId user, List<T> requests, Function<T, String> toLine) throws RequestBuildException {
        if (requests.size() > maxLines) {
            throw new RequestBuildException(user, "user " + user + " needs " + requests.size()
                    + " requests; a batch file allows at most " + maxLines);
        }
        List<String> lines = new ArrayList<>(requests.size());
        long bytes = 0;
        for (T request : requests) {
            String line = toLine.apply(request);
            bytes += line.getBytes(StandardCharsets.UTF_8).length + 1L;
            if (bytes > maxBytes) {
                throw new RequestBuildException(user, "user " + user + "'s batch file would be more than " + maxBytes
                        + " bytes (" + bytes + " at request " + (lines.size() + 1) + " of " + requests.size()
                        + "); the provider allows at most " + maxBytes);
            }
            lines.add(line);
        }
        return lines;
    }
}
