package io.batchlab.input;

import io.batchlab.store.UserId;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Records of a JSONL input, served from an index under {@code workDir/input-index/<key>/} that is built once and reused
 * by later opens, job restarts and other processes. The key covers the input's absolute path, size, last-modified time
 * and user-id field, so an edited input gets a fresh index.
 * <p>
 * An index is built in a temporary sibling directory and published with one atomic rename, so a crash mid-build never
 * leaves an index that looks complete; when two builders race, the loser discards its copy and uses the winner's.
 * (A build killed mid-way leaves a {@code <key>.building-*} directory that is never read; it can be deleted when no
 * job is running.)
 * <p>
 * A lookup binary-searches the in-memory sparse offsets (one per {@value JsonlIndexBuilder#OFFSET_STRIDE} bytes of
 * sorted records) and reads forward from there: at most a few kilobytes plus the user's own records, and no per-user
 * memory. {@link #recordsInOrder()} reads on from one user to the next instead (see {@link SortedRecordsCursor}).
 */
final class IndexedJsonlRecords implements UserRecords {

    private static final Logger LOG = Logger.getLogger(IndexedJsonlRecords.class.getName());
    /** Part of the key: a change of the index layout must not reuse indexes written in the old one. */
    private static final String FORMAT = "jsonl-index-v1";

    private final Path input;
    private final Path recordsFile;
    private final Path usersFile;
    private final SparseOffsets sparseOffsets;
    private final Set<Closeable> openUserReaders = ConcurrentHashMap.newKeySet();

    private IndexedJsonlRecords(Path input, Path indexDir) throws IOException {
        this.input = input;
        this.recordsFile = indexDir.resolve(JsonlIndexBuilder.RECORDS);
        this.usersFile = indexDir.resolve(JsonlIndexBuilder.USERS);
        this.sparseOffsets = SparseOffsets.read(indexDir.resolve(JsonlIndexBuilder.OFFSETS));
    }

    /** Opens the index {@code builder} describes, building it first if no open has published it yet. */
    static IndexedJsonlRecords open(JsonlIndexBuilder builder, Path workDir) throws IOException {
        Path file = builder.input();
        BasicFileAttributes before = attributesOf(file);
        String key = indexKey(file, before, builder.userIdField());
        Path indexRoot = workDir.resolve("input-index");
        Path indexDir = indexRoot.resolve(key);
        if (Files.isDirectory(indexDir)) {
            LOG.fine(() -> "reusing input index " + indexDir + " of " + file);
        } else {
            build(file, before, builder, indexRoot, indexDir);
        }
        return new IndexedJsonlRecords(file, indexDir);
    }

    private static void build(Path file, BasicFileAttributes before, JsonlIndexBuilder builder, Path indexRoot,
                              Path indexDir) throws IOException {
        Files.createDirectories(indexRoot);
        Path building = Files.createTempDirectory(indexRoot, indexDir.getFileName() + ".building-");
        LOG.info(() -> "indexing " + file + " once; later opens of the unchanged file reuse the index");
        try {
            long started = System.nanoTime();
            JsonlIndexBuilder.Counts counts = builder.build(building);
            if (changed(before, attributesOf(file))) {
                throw new InputException(file, "changed while it was being indexed: run again once it is complete");
            }
            try {
                Files.move(building, indexDir, StandardCopyOption.ATOMIC_MOVE);
                LOG.info(() -> String.format("indexed %s: %d records of %d users in %d ms, index %s", file,
                        counts.records(), counts.users(), (System.nanoTime() - started) / 1_000_000, indexDir));
            } catch (IOException moveFailed) {
                if (!Files.isDirectory(indexDir)) {
                    throw moveFailed;
                }
                LOG.fine(() -> "another builder published " + indexDir + " first; using that one");
            }
        } finally {
            deleteIfPresent(building);
        }
    }

    private static BasicFileAttributes attributesOf(Path file) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new InputException(file, "file not found (input kind JSONL needs one .jsonl file)");
        }
        if (!attributes.isRegularFile()) {
            throw new InputException(file, "not a regular file: input kind JSONL needs one .jsonl file"
                    + " (use kind DIRECTORY for a directory of per-user files)");
        }
        return attributes;
    }

    private static boolean changed(BasicFileAttributes before, BasicFileAttributes after) {
        return before.size() != after.size() || !before.lastModifiedTime().equals(after.lastModifiedTime());
    }

    /** A readable, filesystem-safe name: the input's file name plus a hash of everything that identifies its content. */
    static String indexKey(Path file, BasicFileAttributes attributes, String userIdField) {
        String identity = String.join("\n", FORMAT, file.toString(), Long.toString(attributes.size()),
                Long.toString(attributes.lastModifiedTime().toMillis()), userIdField);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            String name = file.getFileName().toString().replaceAll("[^A-Za-z0-9_.-]", "_");
            return name + "-" + HexFormat.of().formatHex(hash, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static void deleteIfPresent(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Override
    public Iterator<UserId> users() {
        BufferedReader reader;
        try {
            reader = Files.newBufferedReader(usersFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read input index " + usersFile, e);
        }
        openUserReaders.add(reader);
        return new Iterator<>() {
            private String next = readNext();

            private String readNext() {
                try {
                    String line = reader.readLine();
                    if (line == null) {
                        reader.close();
                        openUserReaders.remove(reader);
                    }
                    return line;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read input index " + usersFile, e);
                }
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public UserId next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                UserId user = new UserId(next);
                next = readNext();
                return user;
            }
        };
    }

    /** One lookup: a cursor of its own, so concurrent lookups share no file position and need no locking. */
    @Override
    public List<JsonObject> recordsOf(UserId user, RecordLimit limit) throws IOException, RecordLimitException {
        try (Cursor cursor = recordsInOrder()) {
            return cursor.recordsOf(user, limit);
        }
    }

    @Override
    public Cursor recordsInOrder() throws IOException {
        return SortedRecordsCursor.open(recordsFile, input, sparseOffsets);
    }

    @Override
    public void close() throws IOException {
        for (Closeable reader : openUserReaders) {
            reader.close();
        }
        openUserReaders.clear();
    }
}
