package io.batchlab.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesApiTest {

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
    void callsWithoutBearerTokenAreRejectedWith401InvalidApiKey() {
        // given
        EmulatorTestClient anonymous = new EmulatorTestClient(emulator.baseUri(), null);

        // when
        EmulatorTestClient.Reply reply = anonymous.get("/files");

        // then
        assertThat(reply.status()).isEqualTo(401);
        JsonObject error = reply.json().getJsonObject("error");
        assertThat(error.getString("type")).isEqualTo("invalid_request_error");
        assertThat(error.getString("code")).isEqualTo("invalid_api_key");
        assertThat(new EmulatorTestClient(emulator.baseUri(), " ").get("/models").status()).isEqualTo(401);
    }

    @Test
    void uploadedFileIsListedDescribedDownloadedAndDeleted() {
        // given
        String content = EmulatorTestClient.lines(3);

        // when
        EmulatorTestClient.Reply upload = client.upload("batchlab_20240408_CT_DS70B_001_u1.jsonl", content);

        // then
        assertThat(upload.status()).isEqualTo(200);
        JsonObject file = upload.json();
        String id = file.getString("id");
        assertThat(id).startsWith("file_");
        assertThat(file.getString("object")).isEqualTo("file");
        assertThat(file.getString("filename")).isEqualTo("batchlab_20240408_CT_DS70B_001_u1.jsonl");
        assertThat(file.getString("purpose")).isEqualTo("batch");
        assertThat(file.getJsonNumber("bytes").longValue()).isEqualTo(content.getBytes().length);

        assertThat(client.get("/files").json().getJsonArray("data").getValuesAs(JsonObject.class))
                .extracting(f -> f.getString("filename"))
                .containsExactly("batchlab_20240408_CT_DS70B_001_u1.jsonl");
        assertThat(client.get("/files/" + id).json()).isEqualTo(file);
        EmulatorTestClient.Reply download = client.get("/files/" + id + "/content");
        assertThat(download.raw().headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(download.body()).isEqualTo(content);

        EmulatorTestClient.Reply deleted = client.delete("/files/" + id);
        assertThat(deleted.json().getBoolean("deleted")).isTrue();
        assertThat(deleted.json().getString("id")).isEqualTo(id);
        assertThat(client.get("/files/" + id).status()).isEqualTo(404);
        assertThat(client.get("/files").json().getJsonArray("data")).isEmpty();
    }

    @Test
    void uploadWithAnotherPurposeIsRejectedNamingTheAllowedOne() {
        // when
        EmulatorTestClient.Reply reply = client.upload("x.jsonl", EmulatorTestClient.lines(1), "fine-tune");

        // then
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().getJsonObject("error").getString("message")).contains("'fine-tune'", "'batch'");
        assertThat(client.get("/files").json().getJsonArray("data")).isEmpty();
    }

    @Test
    void contentIsKeptOnDiskWhenAFileDirectoryIsGiven(@TempDir Path dir) throws Exception {
        // given
        emulator.close();
        emulator = GroqEmulator.start(EmulatorSettings.defaults().withFileDir(dir));
        client = new EmulatorTestClient(emulator);
        String content = EmulatorTestClient.lines(2);

        // when
        String id = client.uploadId("on-disk.jsonl", content);

        // then
        assertThat(Files.readString(dir.resolve(id))).isEqualTo(content);
        assertThat(client.get("/files/" + id + "/content").body()).isEqualTo(content);
        client.delete("/files/" + id);
        assertThat(dir.resolve(id)).doesNotExist();
    }

    @Test
    void unknownRouteAnswers404WithAJsonError() {
        // when
        EmulatorTestClient.Reply reply = client.get("/fine_tuning/jobs");

        // then
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.errorCode()).isEqualTo("unknown_url");
        assertThat(reply.json().getJsonObject("error").getString("message")).contains("/openai/v1/fine_tuning/jobs");
    }

    @Test
    void modelsListNamesTheEmulatorAsOwnerAndHidesRetiredModels() {
        // when
        JsonObject models = client.get("/models").json();

        // then
        assertThat(models.getJsonArray("data").getValuesAs(JsonObject.class))
                .extracting(m -> m.getString("id"))
                .containsExactlyInAnyOrderElementsOf(EmulatorSettings.BATCH_MODELS)
                .doesNotContain("deepseek-r1-distill-llama-70b");
        assertThat(models.getJsonArray("data").getJsonObject(0).getString("owned_by")).contains("not an LLM");
        assertThat(models.getJsonArray("data").getJsonObject(0).get("active")).isEqualTo(JsonValue.TRUE);
    }
}
