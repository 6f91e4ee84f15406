package io.batchlab.emulator;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The files of the Files API, in creation order; contents in memory or under a directory. */
final class FileStore {

    /** Writes a file's bytes; may fail half-way, then nothing is stored. */
    @FunctionalInterface
    interface ContentWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    private final Path fileDir;
    private final Clock clock;
    private final IdGenerator ids;
    private final Map<String, StoredFile> files = new LinkedHashMap<>();

    FileStore(Path fileDir, Clock clock, IdGenerator ids) throws IOException {
        this.fileDir = fileDir;
        this.clock = clock;
        this.ids = ids;
        if (fileDir != null) {
            Files.createDirectories(fileDir);
        }
    }

    /** Writes new content under a fresh id; the file is not listed until {@link #add} is called. */
    PendingFile write(ContentWriter writer) throws IOException {
        String id = ids.next("file_");
        if (fileDir == null) {
            MemoryContent.Writer out = new MemoryContent.Writer();
            writer.writeTo(out);
            return new PendingFile(id, out.content());
        }
        Path path = fileDir.resolve(id);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 64 * 1024)) {
            writer.writeTo(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(path);
            throw e;
        }
        return new PendingFile(id, new DiskContent(path, Files.size(path)));
    }

    StoredFile add(PendingFile pending, String filename, String purpose) {
        StoredFile file = new StoredFile(pending.id(), filename, purpose, clock.instant().getEpochSecond(),
                pending.content());
        synchronized (files) {
            files.put(file.id(), file);
        }
        return file;
    }

    StoredFile create(String filename, String purpose, ContentWriter writer) throws IOException {
        return add(write(writer), filename, purpose);
    }

    StoredFile addContent(String filename, String purpose, FileContent content) {
        return add(new PendingFile(ids.next("file_"), content), filename, purpose);
    }

    Optional<StoredFile> find(String id) {
        synchronized (files) {
            return Optional.ofNullable(files.get(id));
        }
    }

    StoredFile get(String id) {
        return find(id).orElseThrow(() -> ApiError.notFound("file_not_found", "No such file: " + id));
    }

    List<StoredFile> list() {
        synchronized (files) {
            return new ArrayList<>(files.values());
        }
    }

    StoredFile delete(String id) throws IOException {
        StoredFile removed;
        synchronized (files) {
            removed = files.remove(id);
        }
        if (removed == null) {
            throw ApiError.notFound("file_not_found", "No such file: " + id);
        }
        removed.content().discard();
        return removed;
    }

    /** Content written but not yet a listed file. */
    record PendingFile(String id, FileContent content) {
    }
}
