package io.batchlab.cli;

import io.batchlab.launcher.EmbeddedBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Experiments roots for tests that run the job on JBeret SE. The first root a JVM uses keeps the job repository for
 * the whole JVM ({@link EmbeddedBatch}), so the roots live under target/ and outlive each test, unlike a @TempDir.
 */
final class JobTestRoots {

    private JobTestRoots() {
    }

    static Path create(String prefix) throws IOException {
        return Files.createTempDirectory(Files.createDirectories(Path.of("target", "job-test-roots").toAbsolutePath()),
                prefix);
    }
}
