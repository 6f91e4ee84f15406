package io.batchlab.input;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opens input text as UTF-8 that fails on malformed bytes instead of silently replacing them. */
final class StrictUtf8 {

    static final String NOT_UTF8 = "not valid UTF-8 (save the file as UTF-8)";

    private StrictUtf8() {
    }

    static BufferedReader reader(Path file, int bufferChars) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder), bufferChars);
        } catch (NoSuchFileException e) {
            throw new InputException(file, "file not found");
        }
    }

    /** Drops the byte-order mark some editors put at the start of a UTF-8 file. */
    static String withoutBom(String firstLine) {
        return firstLine.startsWith("\uFEFF") ? firstLine.substring(1) : firstLine;
    }
}
