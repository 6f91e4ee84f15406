package io.batchlab.job;

import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The packs of a run that exist (their input file is written, so the provider may hold them), by the positions of
 * their first and last users. A user whose position lies in one of them belongs to it and to no other pack, whichever
 * chunk, partition plan or execution meets the user again. Read from the pack directory when a user turns up whose
 * batch.jsonl exists without upload.json — the trace of an earlier attempt — so a run that never crashed never reads it.
 */
final class PackIndex {

    private static final JsonProvider JSON = JsonProvider.provider();

    private final ExperimentStore store;
    private final RunId run;
    private TreeMap<Long, Long> firstToLast = new TreeMap<>();

    PackIndex(ExperimentStore store, RunId run) {
        this.store = store;
        this.run = run;
    }

    /**
     * The name of the existing pack that holds position {@code position}. Packs are only ever added, so a pack known
     * is still right; the directory is read again only when none is known for the position.
     */
    Optional<String> packOf(long position) throws IOException {
        Optional<String> known = lookUp(position);
        if (known.isPresent()) {
            return known;
        }
        firstToLast = read();
        return lookUp(position);
    }

    private Optional<String> lookUp(long position) {
        Map.Entry<Long, Long> candidate = firstToLast.floorEntry(position);
        return candidate != null && candidate.getValue() >= position
                ? Optional.of(Pack.nameOf(candidate.getKey())) : Optional.empty();
    }

    private TreeMap<Long, Long> read() throws IOException {
        TreeMap<Long, Long> packs = new TreeMap<>();
        Path dir = Pack.dir(store, run);
        try (DirectoryStream<Path> manifests = Files.newDirectoryStream(dir, "pack-*.json")) {
            for (Path manifest : manifests) {
                String name = manifest.getFileName().toString();
                name = name.substring(0, name.length() - ".json".length());
                // a members file without its input file is a pack that never reached the provider: not a pack
                if (Files.exists(Pack.input(store, run, name))) {
                    long[] range = range(manifest);
                    packs.put(range[0], range[1]);
                }
            }
        } catch (NoSuchFileException noPacksYet) {
            return packs;
        }
        return packs;
    }

    /** {@code first} and {@code last}, the members file's first two keys. */
    private static long[] range(Path manifest) throws IOException {
        try (InputStream in = Files.newInputStream(manifest); JsonParser parser = JSON.createParser(in)) {
            parser.next();
            parser.next();
            parser.next();
            long first = parser.getLong();
            parser.next();
            parser.next();
            return new long[] {first, parser.getLong()};
        } catch (jakarta.json.JsonException | IllegalStateException e) {
            throw new IOException(manifest + " is not a pack's members file: " + e.getMessage(), e);
        }
    }
}
