package io.batchlab.input;

import io.batchlab.store.UserId;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The sparse index of a sorted records file ({@value JsonlIndexBuilder#OFFSETS}), held in memory: the byte offset of
 * the first record of one user per {@value JsonlIndexBuilder#OFFSET_STRIDE} bytes.
 */
final class SparseOffsets {

    private final String[] users;
    private final long[] offsets;

    private SparseOffsets(String[] users, long[] offsets) {
        this.users = users;
        this.offsets = offsets;
    }

    static SparseOffsets read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String[] users = new String[lines.size()];
        long[] offsets = new long[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int tab = line.indexOf('\t');
            users[i] = line.substring(0, tab);
            offsets[i] = Long.parseLong(line.substring(tab + 1));
        }
        return new SparseOffsets(users, offsets);
    }

    /**
     * Where reading forward finds all of {@code user}'s records: the offset of the nearest indexed user at or before
     * it (every line before that offset belongs to an earlier user), or -1 if {@code user} sorts before the first
     * user of the file and so has no records.
     */
    long startOf(UserId user) {
        int found = Arrays.binarySearch(users, user.value());
        int nearest = found >= 0 ? found : -found - 2;
        return nearest < 0 ? -1 : offsets[nearest];
    }
}
