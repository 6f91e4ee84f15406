package io.batchlab.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MultipartFormReaderTest {

    private static final String BOUNDARY = "XyZ-boundary-42";

    /** Hands out at most 7 bytes per read, so boundaries fall across buffer refills. */
    private static InputStream trickle(byte[] bytes) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] buffer, int offset, int length) {
                return super.read(buffer, offset, Math.min(length, 7));
            }
        };
    }

    private static byte[] form(String fileContent) {
        String body = "preamble to ignore\r\n--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
                + "--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"a \\\"b\\\".jsonl\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n"
                + fileContent + "\r\n--" + BOUNDARY + "--\r\n";
        return body.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void fieldsAndFileAreReadEvenWhenBoundariesArriveInPieces() throws Exception {
        // given
        String content = "line one\r\n--almost-a-boundary\r\n--" + BOUNDARY.substring(0, 5) + "\nünïcode\n";
        MultipartFormReader reader = new MultipartFormReader(trickle(form(content)), BOUNDARY);

        // when
        MultipartFormReader.Part purpose = reader.nextPart();
        String purposeValue = reader.readPartAsString(100);
        MultipartFormReader.Part file = reader.nextPart();
        ByteArrayOutputStream fileBytes = new ByteArrayOutputStream();
        reader.copyPart(fileBytes);

        // then
        assertThat(purpose.name()).isEqualTo("purpose");
        assertThat(purposeValue).isEqualTo("batch");
        assertThat(file.name()).isEqualTo("file");
        assertThat(file.filename()).isEqualTo("a \"b\".jsonl");
        assertThat(fileBytes.toString(StandardCharsets.UTF_8)).isEqualTo(content);
        assertThat(reader.nextPart()).isNull();
    }

    @Test
    void largePartStreamsThroughUnchanged() throws Exception {
        // given
        String content = "{\"custom_id\":\"x\"}\n".repeat(200_000);
        MultipartFormReader reader = new MultipartFormReader(new ByteArrayInputStream(form(content)), BOUNDARY);
        reader.nextPart();

        // when
        MultipartFormReader.Part file = reader.nextPart();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        reader.copyPart(out);

        // then
        assertThat(file.name()).isEqualTo("file");
        assertThat(out.size()).isEqualTo(content.length());
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(content);
    }

    @Test
    void bodyEndingBeforeTheClosingBoundaryIsRejected() throws Exception {
        // given
        byte[] whole = form("data");
        byte[] truncated = Arrays.copyOf(whole, whole.length - 25);
        MultipartFormReader reader = new MultipartFormReader(new ByteArrayInputStream(truncated), BOUNDARY);
        reader.nextPart();
        reader.readPartAsString(100);
        reader.nextPart();

        // when / then
        assertThatThrownBy(() -> reader.copyPart(new ByteArrayOutputStream()))
                .isInstanceOf(ApiError.class).hasMessageContaining("closing boundary");
    }

    @Test
    void boundaryIsTakenFromTheContentTypeQuotedOrNot() {
        assertThat(MultipartFormReader.boundaryOf("multipart/form-data; boundary=abc123")).isEqualTo("abc123");
        assertThat(MultipartFormReader.boundaryOf("multipart/form-data; charset=utf-8; boundary=\"a b\""))
                .isEqualTo("a b");
        assertThatThrownBy(() -> MultipartFormReader.boundaryOf("application/json"))
                .isInstanceOf(ApiError.class).hasMessageContaining("multipart/form-data");
    }
}
