package io.batchlab.input;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * External merge sort of (key, text) lines by key, stable: lines with equal keys come out in the order they were added.
 * Lines are sorted in bounded in-memory chunks, spilled as sorted run files, and merged k-way at most {@code fanIn}
 * runs at a time (so huge inputs never hold more than {@code fanIn} files open).
 * Stability holds because each chunk is sorted stably and ties between runs go to the earlier run.
 * Keys must not contain tabs or newlines; texts must not contain newlines.
 */
final class SortedRuns {

    /** Receives the merged lines in order. */
    interface Sink {
        void accept(String key, String text) throws IOException;
    }

    private record Entry(String key, String text) {
    }

    private static final Comparator<Entry> BY_KEY = Comparator.comparing(Entry::key);

    private final Path runDir;
    private final int maxLinesPerChunk;
    private final long maxCharsPerChunk;
    private final int fanIn;
    private final List<Entry> chunk = new ArrayList<>();
    private final List<Path> runs = new ArrayList<>();
    private long chunkChars;
    private int runsCreated;

    SortedRuns(Path runDir, int maxLinesPerChunk, long maxCharsPerChunk, int fanIn) {
        if (fanIn < 2) {
            throw new IllegalArgumentException("fanIn must be at least 2, was " + fanIn);
        }
        this.runDir = runDir;
        this.maxLinesPerChunk = maxLinesPerChunk;
        this.maxCharsPerChunk = maxCharsPerChunk;
        this.fanIn = fanIn;
    }

    void add(String key, String text) throws IOException {
        chunk.add(new Entry(key, text));
        chunkChars += key.length() + text.length();
        if (chunk.size() >= maxLinesPerChunk || chunkChars >= maxCharsPerChunk) {
            spillChunk();
        }
    }

    /** Sends every added line to {@code sink} in key order, then deletes the run files. */
    void mergeInto(Sink sink) throws IOException {
        if (runs.isEmpty()) {
            chunk.sort(BY_KEY);
            for (Entry entry : chunk) {
                sink.accept(entry.key(), entry.text());
            }
            chunk.clear();
            return;
        }
        spillChunk();
        List<Path> level = new ArrayList<>(runs);
        while (level.size() > fanIn) {
            List<Path> next = new ArrayList<>();
            for (int from = 0; from < level.size(); from += fanIn) {
                List<Path> group = level.subList(from, Math.min(from + fanIn, level.size()));
                Path merged = newRunFile();
                try (BufferedWriter out = Files.newBufferedWriter(merged, StandardCharsets.UTF_8)) {
                    merge(group, (key, text) -> writeLine(out, key, text));
                }
                next.add(merged);
            }
            level = next;
        }
        merge(level, sink);
        runs.clear();
    }

    private void spillChunk() throws IOException {
        if (chunk.isEmpty()) {
            return;
        }
        chunk.sort(BY_KEY);
        Path run = newRunFile();
        try (BufferedWriter out = Files.newBufferedWriter(run, StandardCharsets.UTF_8)) {
            for (Entry entry : chunk) {
                writeLine(out, entry.key(), entry.text());
            }
        }
        runs.add(run);
        chunk.clear();
        chunkChars = 0;
    }

    private Path newRunFile() {
        return runDir.resolve("run-" + runsCreated++ + ".tmp");
    }

    private static void writeLine(BufferedWriter out, String key, String text) throws IOException {
        out.write(key);
        out.write('\t');
        out.write(text);
        out.write('\n');
    }

    /** Merges sorted runs; a tie goes to the run listed first, which holds the earlier lines. */
    private static void merge(List<Path> group, Sink sink) throws IOException {
        PriorityQueue<RunReader> heads = new PriorityQueue<>(
                Comparator.comparing(RunReader::key).thenComparingInt(RunReader::order));
        List<RunReader> readers = new ArrayList<>();
        try {
            for (int i = 0; i < group.size(); i++) {
                RunReader reader = new RunReader(group.get(i), i);
                readers.add(reader);
                if (reader.advance()) {
                    heads.add(reader);
                }
            }
            while (!heads.isEmpty()) {
                RunReader head = heads.poll();
                sink.accept(head.key(), head.text());
                if (head.advance()) {
                    heads.add(head);
                }
            }
        } finally {
            for (RunReader reader : readers) {
                reader.close();
            }
        }
        for (Path run : group) {
            Files.delete(run);
        }
    }

    /** The current line of one run file. */
    private static final class RunReader {
        private final BufferedReader reader;
        private final int order;
        private String key;
        private String text;

        RunReader(Path run, int order) throws IOException {
            this.reader = Files.newBufferedReader(run, StandardCharsets.UTF_8);
            this.order = order;
        }

        boolean advance() throws IOException {
            String line = reader.readLine();
            if (line == null) {
                return false;
            }
            int tab = line.indexOf('\t');
            key = line.substring(0, tab);
            text = line.substring(tab + 1);
            return true;
        }

        String key() {
            return key;
        }

        String text() {
            return text;
        }

        int order() {
            return order;
        }

        void close() throws IOException {
            reader.close();
        }
    }
}
