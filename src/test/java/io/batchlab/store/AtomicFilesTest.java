package io.batchlab.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void writesANewFile() throws IOException {
        // given
        Path target = dir.resolve("upload.json");

        // when
        AtomicFiles.write(target, out -> out.write("{\"id\":\"file_1\"}".getBytes(StandardCharsets.UTF_8)));

        // then
        assertThat(target).hasContent("{\"id\":\"file_1\"}");
        assertThat(filesIn(dir)).containsExactly("upload.json");
    }

    @Test
    void replacesAnExistingFileWhole() throws IOException {
        // given
        Path target = dir.resolve("status.json");
        Files.writeString(target, "a much longer previous content that must not leave a tail behind");

        // when
        AtomicFiles.writeString(target, "short");

        // then
        assertThat(target).hasContent("short");
    }

    @Test
    void writeStringUsesUtf8() throws IOException {
        // given
        Path target = dir.resolve("results.json");

        // when
        AtomicFiles.writeString(target, "Zürich – 東京");

        // then
        assertThat(Files.readAllBytes(target)).isEqualTo("Zürich – 東京".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void contentThatClosesTheStreamStillCommits() throws IOException {
        // given
        Path target = dir.resolve("batch.jsonl");

        // when
        AtomicFiles.write(target, out -> {
            out.write("line\n".getBytes(StandardCharsets.UTF_8));
            out.close();
        });

        // then
        assertThat(target).hasContent("line");
    }

    @Test
    void failingContentLeavesThePreviousFileIntactAndNoTempFile() throws IOException {
        // given
        Path target = dir.resolve("status.json");
        Files.writeString(target, "previous");

        // when
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write("half of the new ".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        })).isInstanceOf(IOException.class).hasMessage("disk full");

        // then
        assertThat(target).hasContent("previous");
        assertThat(filesIn(dir)).containsExactly("status.json");
    }

    @Test
    void contentFailingWithARuntimeExceptionLeavesNothingBehind() throws IOException {
        // given
        Path target = dir.resolve("results.json");

        // when
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write('x');
            throw new IllegalStateException("bad item");
        })).isInstanceOf(IllegalStateException.class);

        // then
        assertThat(target).doesNotExist();
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void aMissingDirectoryIsAnErrorNotCreatedSilently() {
        // given
        Path target = dir.resolve("runs/20240408_CT_DS70B_001/status.json");

        // then
        assertThatThrownBy(() -> AtomicFiles.writeString(target, "{}"))
                .isInstanceOf(NoSuchFileException.class);
        assertThat(dir.resolve("runs")).doesNotExist();
    }

    private static List<String> filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }
}
