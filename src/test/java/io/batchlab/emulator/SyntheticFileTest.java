package io.batchlab.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SyntheticFileTest {

    private static final long SIZE = 250L * 1000 * 1000;

    private GroqEmulator emulator;
    private EmulatorTestClient client;

    @BeforeEach
    void start() throws Exception {
        emulator = GroqEmulator.start(EmulatorSettings.defaults());
        client = new EmulatorTestClient(emulator);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void syntheticOutputFileOf250MegabytesStreamsWithExactLengthAndValidOutputLines() throws Exception {
        // given
        String id = emulator.addSyntheticFile("big_output.jsonl", SIZE);

        // when
        HttpResponse<InputStream> response = client.http().send(client.request("/files/" + id + "/content").GET()
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        long bytes = 0;
        long lines = 0;
        String firstLine = null;
        String lastLine = null;
        boolean everyLineShaped = true;
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(response.body(), StandardCharsets.US_ASCII), 1 << 16)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                bytes += line.length() + 1;
                lines++;
                everyLineShaped &= line.startsWith("{\"id\":\"batch_req_") && line.endsWith("\"error\":null}");
                if (firstLine == null) {
                    firstLine = line;
                }
                lastLine = line;
            }
        }

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(SIZE);
        assertThat(bytes).isEqualTo(SIZE);
        assertThat(lines).isEqualTo(SIZE / 1000);
        assertThat(everyLineShaped).isTrue();
        for (String line : new String[] {firstLine, lastLine}) {
            JsonObject json = EmulatorTestClient.JSON.createReader(new StringReader(line)).readObject();
            assertThat(json.getJsonObject("response").getInt("status_code")).isEqualTo(200);
            assertThat(json.getString("custom_id")).startsWith("synthetic-");
        }
        assertThat(client.get("/files/" + id).json().getJsonNumber("bytes").longValue()).isEqualTo(SIZE);
        assertThat(client.get("/files/" + id).json().getString("purpose")).isEqualTo("batch_output");
    }

    @Test
    void smallSyntheticFileHasExactlyTheAskedSize() {
        // given
        String id = emulator.addSyntheticFile("small.jsonl", 2_345);

        // when
        String content = client.get("/files/" + id + "/content").body();

        // then
        assertThat(content).hasSize(2_345).endsWith("\n");
        assertThat(content.lines()).hasSize(2);
    }
}
