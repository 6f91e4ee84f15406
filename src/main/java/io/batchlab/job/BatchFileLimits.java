package io.batchlab.job;

import io.batchlab.request.RequestBuildException;
import io.batchlab.store.UserId;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * How big one batch input file may be. A user over either limit is skipped with the reason instead of failing the
 * provider's validation after the upload.
 *
 * @param maxLines most request lines per file
 * @param maxBytes most bytes per file, newlines included
 */
record BatchFileLimits(int maxLines, long maxBytes) {

    /** The provider's limits (../shared/notes/groq-batch-api.md): 50,000 lines, and 100 MB to stay safe. */
    static final BatchFileLimits PROVIDER = new BatchFileLimits(50_000, 100L * 1024 * 1024);

    void check(UserId user, List<String> jsonLines) throws RequestBuildException {
        if (jsonLines.size() > maxLines) {
            throw new RequestBuildException(user, "user " + user + " needs " + jsonLines.size()
                    + " requests; a batch file allows at most " + maxLines);
        }
        long bytes = 0;
        for (String line : jsonLines) {
            bytes += line.getBytes(StandardCharsets.UTF_8).length + 1L;
        }
        if (bytes > maxBytes) {
            throw new RequestBuildException(user, "user " + user + "'s batch file would be " + bytes
                    + " bytes; the provider allows at most " + maxBytes);
        }
    }
}
