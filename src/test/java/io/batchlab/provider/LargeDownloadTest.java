package io.batchlab.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchlab.emulator.EmulatorSettings;
import io.batchlab.emulator.GroqEmulator;
import io.batchlab.store.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Heavy proof: a 210 MB output file streams to disk through a JVM whose heap (48 MB) could not hold it, so any
 * buffering of the body anywhere in the REST client stack fails this test.
 */
class LargeDownloadTest {

    private static final long FILE_BYTES = 210L * 1024 * 1024;
    private static final long CHILD_HEAP_BYTES = 48L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void streamsAFileFourTimesLargerThanTheHeapToDisk() throws Exception {
        try (GroqEmulator emulator = GroqEmulator.start(EmulatorSettings.defaults())) {
            // given
            String fileId = emulator.addSyntheticFile("synthetic_output.jsonl", FILE_BYTES);
            Path target = dir.resolve("output.jsonl.tmp");

            // when
            List<String> output = runChild(emulator.baseUri().toString(), fileId, target.toString());

            // then
            assertThat(Files.size(target)).isEqualTo(FILE_BYTES);
            long peakHeap = output.stream().filter(line -> line.startsWith("peak-heap-bytes="))
                    .mapToLong(line -> Long.parseLong(line.substring("peak-heap-bytes=".length()))).findFirst()
                    .orElseThrow(() -> new AssertionError("child printed no peak heap: " + output));
            assertThat(peakHeap).isLessThan(CHILD_HEAP_BYTES).isLessThan(FILE_BYTES / 4);
            try (BufferedReader lines = Files.newBufferedReader(target, StandardCharsets.UTF_8)) {
                assertThat(lines.readLine()).startsWith("{\"id\":\"batch_req_synthetic_");
            }
        }
    }

    private static List<String> runChild(String... args) throws IOException, InterruptedException {
        return ChildJvm.run("-Xmx" + CHILD_HEAP_BYTES / (1024 * 1024) + "m", DownloadInChildJvm.class, args);
    }
}
