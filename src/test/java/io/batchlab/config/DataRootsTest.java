package io.batchlab.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataRootsTest {

    @TempDir
    Path work;
    private Path root;
    private Path outside;
    private DataRoots roots;

    @BeforeEach
    void layout() throws IOException {
        root = Files.createDirectories(work.resolve("inputs"));
        outside = Files.writeString(work.resolve("secret.properties"), "admin=5f4dcc3b5aa765d61d8327deb882cf99\n");
        roots = DataRoots.of(List.of(root));
    }

    @Test
    void fileUnderTheRootIsReadableByAbsoluteOrRelativePath() throws IOException {
        // given
        Path config = Files.writeString(Files.createDirectories(root.resolve("study")).resolve("config.yaml"), "x");

        // then
        assertThat(roots.readable(config, "config")).isEqualTo(config.toRealPath());
        assertThat(roots.readable(Path.of("study/config.yaml"), "config")).isEqualTo(config.toRealPath());
    }

    @Test
    void dotDotOutOfTheRootIsRefusedNamingTheRootOnly() {
        assertThatThrownBy(() -> roots.readable(Path.of("../secret.properties"), "config"))
                .isInstanceOf(OutsideDataRootsException.class)
                .hasMessageContaining("config ../secret.properties is outside the directories this server reads from")
                .hasMessageContaining(root.toString())
                .hasMessageNotContaining("admin=");
        assertThatThrownBy(() -> roots.readable(root.resolve("study/../../secret.properties"), "users"))
                .isInstanceOf(OutsideDataRootsException.class);
    }

    @Test
    void absolutePathElsewhereIsRefusedWhetherItExistsOrNot() {
        String existing = catchMessage(outside);
        String missing = catchMessage(work.resolve("no-such-file"));

        // then: the two answers differ only in the path, so nobody learns what exists
        assertThat(existing.replace(outside.toString(), "P")).isEqualTo(missing.replace(
                work.resolve("no-such-file").toString(), "P"));
    }

    @Test
    void symbolicLinksOutOfTheRootAreRefusedAndLinksWithinItAreFollowed() throws IOException {
        // given
        Path fileLink = Files.createSymbolicLink(root.resolve("link.yaml"), outside);
        Path dirLink = Files.createSymbolicLink(root.resolve("up"), work);
        Path dangling = Files.createSymbolicLink(root.resolve("dangling.yaml"), work.resolve("gone"));
        Path inside = Files.writeString(root.resolve("real.yaml"), "x");
        Path innerLink = Files.createSymbolicLink(root.resolve("alias.yaml"), inside);

        // then
        assertThatThrownBy(() -> roots.readable(fileLink, "config")).isInstanceOf(OutsideDataRootsException.class);
        assertThatThrownBy(() -> roots.readable(dirLink.resolve("secret.properties"), "config"))
                .isInstanceOf(OutsideDataRootsException.class);
        assertThatThrownBy(() -> roots.readable(Path.of("up/inputs/../secret.properties"), "config"))
                .isInstanceOf(OutsideDataRootsException.class);
        assertThatThrownBy(() -> roots.readable(dangling, "config")).isInstanceOf(OutsideDataRootsException.class);
        assertThat(roots.readable(innerLink, "config")).isEqualTo(inside.toRealPath());
    }

    @Test
    void unconfinedReadsWhatItIsGiven() {
        assertThat(DataRoots.unconfined().readable(outside, "config")).isEqualTo(outside.toAbsolutePath());
        assertThat(DataRoots.unconfined().confined()).isFalse();
    }

    @Test
    void relativeRootsAreRefused() {
        assertThatThrownBy(() -> DataRoots.of(List.of(Path.of("inputs"))))
                .hasMessageContaining(DataRoots.CONFIG_KEY + " must list absolute directories");
    }

    private String catchMessage(Path path) {
        try {
            roots.readable(path, "config");
        } catch (OutsideDataRootsException e) {
            return e.getMessage();
        }
        throw new AssertionError(path + " was not refused");
    }
}
