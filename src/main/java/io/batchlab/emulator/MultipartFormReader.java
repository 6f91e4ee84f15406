package io.batchlab.emulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code multipart/form-data} body part by part, streaming each part's bytes to a sink through one
 * fixed buffer, so a 100 MB upload passes through without being held in memory by the parser.
 */
final class MultipartFormReader {

    private static final int BUFFER = 64 * 1024;
    private static final int MAX_HEADER_LINE = 8 * 1024;
    private static final Pattern BOUNDARY = Pattern.compile("boundary=(?:\"([^\"]+)\"|([^;\\s]+))",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DISPOSITION_PARAM = Pattern.compile(";\\s*([A-Za-z*]+)=(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^;\\s]*))");

    /** The headers of one part that matter for a form: its field name and, for files, the file name. */
    record Part(String name, String filename) {
    }

    private enum State { BEFORE_FIRST, IN_PART, AFTER_DELIMITER, END }

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buffer = new byte[BUFFER];
    private int pos;
    private int limit;
    private State state = State.BEFORE_FIRST;

    MultipartFormReader(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        // The first boundary has no CRLF before it: pretend there was one so every boundary looks the same.
        buffer[0] = '\r';
        buffer[1] = '\n';
        limit = 2;
    }

    /** The boundary of a {@code multipart/form-data} content type; a 400 error for anything else. */
    static String boundaryOf(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw ApiError.invalidRequest("invalid_content_type", null,
                    "upload a file as multipart/form-data with the fields 'file' and 'purpose', got Content-Type "
                            + contentType);
        }
        Matcher matcher = BOUNDARY.matcher(contentType);
        if (!matcher.find()) {
            throw ApiError.invalidRequest("invalid_content_type", null,
                    "the multipart/form-data Content-Type has no boundary: " + contentType);
        }
        return matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
    }

    /** The next part's headers, or null after the last part; skips what was not read of the previous part. */
    Part nextPart() throws IOException {
        if (state == State.BEFORE_FIRST || state == State.IN_PART) {
            transferToDelimiter(null);
        }
        if (state == State.END) {
            return null;
        }
        if (!ensure(2)) {
            throw malformed("the body ends right after a boundary");
        }
        if (buffer[pos] == '-' && buffer[pos + 1] == '-') {
            state = State.END;
            return null;
        }
        readLine(); // the rest of the boundary line (normally empty)
        String name = null;
        String filename = null;
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Disposition")) {
                Matcher param = DISPOSITION_PARAM.matcher(line.substring(colon + 1));
                while (param.find()) {
                    String value = param.group(2) != null ? param.group(2).replaceAll("\\\\(.)", "$1") : param.group(3);
                    if (param.group(1).equalsIgnoreCase("name")) {
                        name = value;
                    } else if (param.group(1).equalsIgnoreCase("filename")) {
                        filename = value;
                    }
                }
            }
        }
        state = State.IN_PART;
        return new Part(name, filename);
    }

    /** Streams the current part's bytes to {@code out}. */
    void copyPart(OutputStream out) throws IOException {
        requireInPart();
        transferToDelimiter(out);
    }

    /** The current part as text, for small form fields; a 400 error when longer than {@code maxBytes}. */
    String readPartAsString(int maxBytes) throws IOException {
        requireInPart();
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void write(byte[] bytes, int offset, int length) {
                if (count + length > maxBytes) {
                    throw ApiError.invalidRequest("invalid_request", null,
                            "a multipart form field is longer than " + maxBytes + " bytes");
                }
                super.write(bytes, offset, length);
            }
        };
        transferToDelimiter(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private void requireInPart() {
        if (state != State.IN_PART) {
            throw new IllegalStateException("no current part: call nextPart() first");
        }
    }

    private void transferToDelimiter(OutputStream out) throws IOException {
        while (true) {
            int found = indexOfDelimiter();
            if (found >= 0) {
                write(out, found);
                pos = found + delimiter.length;
                state = State.AFTER_DELIMITER;
                return;
            }
            // Keep a tail that could be the start of a delimiter split across reads.
            write(out, Math.max(pos, limit - (delimiter.length - 1)));
            if (!fill()) {
                throw malformed("the body ends before the closing boundary");
            }
        }
    }

    private void write(OutputStream out, int end) throws IOException {
        if (out != null && end > pos) {
            out.write(buffer, pos, end - pos);
        }
        pos = end;
    }

    private int indexOfDelimiter() {
        int last = limit - delimiter.length;
        outer:
        for (int i = pos; i <= last; i++) {
            for (int j = 0; j < delimiter.length; j++) {
                if (buffer[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private String readLine() throws IOException {
        while (true) {
            for (int i = pos; i + 1 < limit; i++) {
                if (buffer[i] == '\r' && buffer[i + 1] == '\n') {
                    String line = new String(buffer, pos, i - pos, StandardCharsets.UTF_8);
                    pos = i + 2;
                    return line;
                }
            }
            if (limit - pos > MAX_HEADER_LINE) {
                throw malformed("a part header line is longer than " + MAX_HEADER_LINE + " bytes");
            }
            if (!fill()) {
                throw malformed("the body ends inside the part headers");
            }
        }
    }

    private boolean ensure(int bytes) throws IOException {
        while (limit - pos < bytes) {
            if (!fill()) {
                return false;
            }
        }
        return true;
    }

    /** Moves unread bytes to the front and reads more; false at the end of the stream. */
    private boolean fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buffer, pos, buffer, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        int read = in.read(buffer, limit, buffer.length - limit);
        if (read < 0) {
            return false;
        }
        limit += read;
        return true;
    }

    private static ApiError malformed(String what) {
        return ApiError.invalidRequest("invalid_multipart", null, "malformed multipart/form-data body: " + what);
    }
}
