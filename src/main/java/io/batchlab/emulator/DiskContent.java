package io.batchlab.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** File content kept in one file on disk. */
record DiskContent(Path path, long size) implements FileContent {

    @Override
    public InputStream open() throws IOException {
        return Files.newInputStream(path);
    }

    @Override
    public void discard() throws IOException {
        Files.deleteIfExists(path);
    }
}
