package io.batchlab.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LargeUploadTest {

    private static final String BOUNDARY = "large-upload-boundary";

    /** {@code count} copies of {@code line}, produced while read. */
    private static InputStream repeated(byte[] line, long count) {
        return new InputStream() {
            private long emitted;

            @Override
            public int read() {
                if (emitted == (long) line.length * count) {
                    return -1;
                }
                return line[(int) (emitted++ % line.length)];
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                long left = (long) line.length * count - emitted;
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(length, left);
                for (int i = 0; i < n; i++) {
                    buffer[offset + i] = line[(int) (emitted++ % line.length)];
                }
                return n;
            }
        };
    }

    @Test
    void uploadOverOneHundredMegabytesStreamsToDiskAndItsBatchFailsAsTooLarge(@TempDir Path dir) throws Exception {
        // given
        try (GroqEmulator emulator = GroqEmulator.start(EmulatorSettings.defaults().withFileDir(dir)
                .withDurations(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(50)))) {
            EmulatorTestClient client = new EmulatorTestClient(emulator);
            byte[] line = (EmulatorTestClient.line("x", "llama-3.1-8b-instant", "y".repeat(1800)) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            long lines = BatchInputValidator.MAX_BYTES / line.length + 1;
            byte[] head = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--"
                    + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.jsonl\"\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8);
            HttpRequest upload = client.request("/files")
                    .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(
                            Collections.enumeration(List.of(new ByteArrayInputStream(head),
                                    repeated(line, lines), new ByteArrayInputStream(tail))))))
                    .build();

            // when
            HttpResponse<String> uploaded = client.http().send(upload, HttpResponse.BodyHandlers.ofString());
            String fileId = EmulatorTestClient.JSON.createReader(new StringReader(uploaded.body()))
                    .readObject().getString("id");
            String batchId = client.createBatchId(fileId, Map.of());
            await().atMost(Duration.ofSeconds(10)).until(() -> client.status(batchId).equals("failed"));
            JsonObject batch = client.batch(batchId);

            // then
            assertThat(uploaded.statusCode()).isEqualTo(200);
            assertThat(Files.size(dir.resolve(fileId))).isEqualTo(line.length * lines)
                    .isGreaterThan(BatchInputValidator.MAX_BYTES);
            assertThat(client.get("/files/" + fileId).json().getJsonNumber("bytes").longValue())
                    .isEqualTo(line.length * lines);
            JsonObject error = batch.getJsonObject("errors").getJsonArray("data").getJsonObject(0);
            assertThat(error.getString("code")).isEqualTo("file_too_large");
            assertThat(error.getString("message")).contains(fileId, "100 MB");
        }
    }
}
