package io.batchlab.config;

import java.nio.file.Path;

/**
 * One thing wrong with a config file.
 *
 * @param file    the config file
 * @param line    1-based line, or 0 when the problem concerns the whole file (e.g. it cannot be read)
 * @param column  1-based column, or 0 with line 0
 * @param key     the dotted key, e.g. {@code provider.completion_window}; empty for the file as a whole
 * @param message what is wrong and what is allowed
 */
public record ConfigProblem(Path file, int line, int column, String key, String message) {

    @Override
    public String toString() {
        String position = line > 0 ? file + ":" + line + ":" + column : file.toString();
        return key.isEmpty() ? position + ": " + message : position + ": " + key + ": " + message;
    }
}
