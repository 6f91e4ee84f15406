package io.batchlab.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8ReaderTest {

    private static String readAll(byte[] bytes) throws IOException {
        StringWriter text = new StringWriter();
        try (Reader reader = new Utf8Reader(new ByteArrayInputStream(bytes))) {
            reader.transferTo(text);
        }
        return text.toString();
    }

    @ParameterizedTest(name = "{0} ASCII bytes before")
    @ValueSource(ints = {0, 65_534, 65_535, 65_536, 200_001})
    void decodesCharactersThatStraddleItsBuffer(int padding) throws IOException {
        // given: a 4-byte and a 2-byte character wherever the 64 KiB buffer happens to end
        String text = "x".repeat(padding) + "\uD83D\uDE00ü\n" + "y".repeat(70_000) + "é";

        // when
        String read = readAll(text.getBytes(StandardCharsets.UTF_8));

        // then
        assertThat(read).isEqualTo(text);
    }

    @Test
    void namesTheLineAndByteOffsetOfAMalformedByteFarIntoTheFile() throws IOException {
        // given: 100,000 lines of 11 bytes (ü is two), then a Latin-1 ü
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int line = 0; line < 100_000; line++) {
            bytes.write("\"Müller\",\n".getBytes(StandardCharsets.UTF_8));
        }
        bytes.write(new byte[] {'"', 'M', (byte) 0xFC, 'l', '"', '\n'});

        // when, then
        assertThatThrownBy(() -> readAll(bytes.toByteArray()))
                .isInstanceOfSatisfying(Utf8Reader.NotUtf8Exception.class, e -> {
                    assertThat(e.line()).isEqualTo(100_001);
                    assertThat(e.byteOffset()).isEqualTo(1_100_002);
                })
                .hasMessage("not UTF-8: byte 0xFC at line 100001, byte offset 1100002");
    }

    @Test
    void aSequenceCutOffAtTheEndIsNotUtf8() {
        // given: the first two of the three bytes of '€'
        byte[] bytes = {'a', '\n', 'b', (byte) 0xE2, (byte) 0x82};

        // when, then
        assertThatThrownBy(() -> readAll(bytes))
                .isInstanceOf(Utf8Reader.NotUtf8Exception.class)
                .hasMessage("not UTF-8: byte 0xE2 0x82 at line 2, byte offset 3");
    }
}
