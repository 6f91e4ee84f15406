package io.batchlab.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FileObjectTest {

    @Test
    void parsesTheDocumentedFileObject() {
        // given
        var json = RecordedBodies.json("file.json");

        // when
        FileObject file = FileObject.fromJson(json);

        // then
        assertThat(file).isEqualTo(new FileObject("file_01jh6x76wtemjr74t1fh0faj5t", 966,
                Instant.ofEpochSecond(1736472501), "batch_file.jsonl", "batch", json));
    }

    @Test
    void ignoresUnknownFieldsSuchAsExpiresAtOnOutputFiles() {
        // given
        var list = RecordedBodies.json("files-list.json").getJsonArray("data");

        // when
        FileObject output = FileObject.fromJson(list.getJsonObject(1));

        // then
        assertThat(output.purpose()).isEqualTo("batch_output");
        assertThat(output.bytes()).isEqualTo(1590);
        assertThat(output.raw().getInt("expires_at")).isEqualTo(1739064960);
    }
}
