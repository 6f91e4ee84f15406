package io.batchlab.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes strict UTF-8 and, unlike {@code Files.newBufferedReader}, says where it is not: the line and the byte
 * offset of the first malformed byte, instead of "Input length = 1".
 */
final class Utf8Reader extends Reader {

    /** The first bytes that are not UTF-8; its message names the line and the byte offset (from 0). */
    static final class NotUtf8Exception extends CharacterCodingException {

        private final long line;
        private final long byteOffset;
        private final String bytes;

        NotUtf8Exception(long line, long byteOffset, String bytes) {
            this.line = line;
            this.byteOffset = byteOffset;
            this.bytes = bytes;
        }

        long line() {
            return line;
        }

        long byteOffset() {
            return byteOffset;
        }

        @Override
        public String getMessage() {
            return "not UTF-8: byte " + bytes + " at line " + line + ", byte offset " + byteOffset;
        }
    }

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip();
    private final CharBuffer chars = CharBuffer.allocate(1 << 16).flip();
    /** Bytes dropped from the front of {@link #bytes} so far: the offset of its position 0. */
    private long consumed;
    private long line = 1;
    private boolean endOfInput;
    private boolean flushed;

    Utf8Reader(InputStream in) {
        this.in = in;
    }

    @Override
    public int read(char[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (!chars.hasRemaining()) {
            if (flushed) {
                return -1;
            }
            decodeMore();
        }
        int n = Math.min(length, chars.remaining());
        chars.get(target, offset, n);
        return n;
    }

    private void decodeMore() throws IOException {
        if (!bytes.hasRemaining() && !endOfInput) {
            fill();
        }
        chars.clear();
        CoderResult result = decoder.decode(bytes, chars, endOfInput);
        if (result.isUnderflow() && endOfInput) {
            result = decoder.flush(chars);
            flushed = result.isUnderflow();
        }
        chars.flip();
        countLines();
        if (result.isError()) {
            throw notUtf8(result.length());
        }
        if (result.isUnderflow() && !endOfInput && bytes.hasRemaining()) {
            // an incomplete sequence at the end of the buffer: read on before decoding it
            fill();
        }
    }

    /** Keeps what is undecoded and reads more bytes behind it. */
    private void fill() throws IOException {
        consumed += bytes.position();
        bytes.compact();
        int read = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (read < 0) {
            endOfInput = true;
        } else {
            bytes.position(bytes.position() + read);
        }
        bytes.flip();
    }

    private void countLines() {
        for (int i = chars.position(); i < chars.limit(); i++) {
            if (chars.get(i) == '\n') {
                line++;
            }
        }
    }

    private NotUtf8Exception notUtf8(int length) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < length; i++) {
            hex.append(i == 0 ? "" : " ").append(String.format("0x%02X", bytes.get(bytes.position() + i) & 0xFF));
        }
        return new NotUtf8Exception(line, consumed + bytes.position(), hex.toString());
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
