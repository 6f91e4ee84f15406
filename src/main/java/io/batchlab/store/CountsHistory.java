package io.batchlab.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A run's counts over time, for the dashboard's chart: one line {@code time,total,prepared,submitted,completed,failed}
 * appended to {@code .batchlab/history/RUN_ID.csv} whenever status.json's counts change (under the run's status lock,
 * so lines never interleave). Outside runs/, which keeps the seed's three files; a run without the file (made before
 * it existed) simply has no history.
 */
public final class CountsHistory {

    /** One sample; {@code time} is status.json's local time of the experiment's zone. */
    public record Point(LocalDateTime time, long total, long prepared, long submitted, long completed, long failed) {
    }

    private CountsHistory() {
    }

    static void append(ExperimentStore store, RunId run, LocalDateTime time, RunStatus.Counts counts)
            throws IOException {
        Path file = Files.createDirectories(store.workDir().resolve("history")).resolve(run + ".csv");
        String line = time + "," + counts.total() + "," + counts.prepared() + "," + counts.submitted() + ","
                + counts.completed() + "," + counts.failed() + "\n";
        Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /**
     * At most {@code maxPoints} samples spread evenly over the whole history, always with the first and the last;
     * lines that cannot be read (a crash mid-append) are left out.
     */
    public static List<Point> read(ExperimentStore store, RunId run, int maxPoints) throws IOException {
        Path file = store.workDir().resolve("history").resolve(run + ".csv");
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        long lines;
        try (var all = Files.lines(file, StandardCharsets.UTF_8)) {
            lines = all.count();
        }
        long step = Math.max(1, (lines + maxPoints - 1) / Math.max(1, maxPoints - 1));
        List<Point> points = new ArrayList<>();
        Point last = null;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            for (long i = 0; (line = reader.readLine()) != null; i++) {
                Optional<Point> point = parse(line);
                if (point.isPresent()) {
                    last = point.get();
                    if (i % step == 0) {
                        points.add(last);
                    }
                }
            }
        }
        if (last != null && (points.isEmpty() || points.get(points.size() - 1) != last)) {
            points.add(last);
        }
        return points;
    }

    private static Optional<Point> parse(String line) {
        String[] fields = line.split(",");
        if (fields.length != 6) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Point(LocalDateTime.parse(fields[0]), Long.parseLong(fields[1]),
                    Long.parseLong(fields[2]), Long.parseLong(fields[3]), Long.parseLong(fields[4]),
                    Long.parseLong(fields[5])));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
