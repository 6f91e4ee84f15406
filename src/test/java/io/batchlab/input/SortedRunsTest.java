package io.batchlab.input;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SortedRunsTest {

    @TempDir
    Path dir;

    private record Line(String key, String text) {
    }

    private List<Line> sortAll(List<Line> lines, SortedRuns runs) throws IOException {
        for (Line line : lines) {
            runs.add(line.key(), line.text());
        }
        List<Line> merged = new ArrayList<>();
        runs.mergeInto((key, text) -> merged.add(new Line(key, text)));
        return merged;
    }

    private static List<Line> randomLines(int count) {
        Random random = new Random(7);
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(new Line("k" + random.nextInt(40), "text\twith tab " + i));
        }
        return lines;
    }

    @Test
    void mergeThroughSeveralLevelsEqualsAStableSort() throws IOException {
        // given 1000 lines in 5-line runs merged 3 at a time: 200 runs, five merge levels
        List<Line> lines = randomLines(1000);

        // when
        List<Line> merged = sortAll(lines, new SortedRuns(dir, 5, 1 << 20, 3));

        // then
        assertThat(merged).isEqualTo(lines.stream().sorted(Comparator.comparing(Line::key)).toList());
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void characterBoundSpillsRunsToo() throws IOException {
        // given runs bounded at 100 characters, far below the line bound
        List<Line> lines = randomLines(300);

        // when
        List<Line> merged = sortAll(lines, new SortedRuns(dir, 1_000_000, 100, 4));

        // then
        assertThat(merged).isEqualTo(lines.stream().sorted(Comparator.comparing(Line::key)).toList());
    }

    @Test
    void inputThatFitsOneChunkIsSortedWithoutRunFiles() throws IOException {
        // given
        List<Line> lines = randomLines(50);
        SortedRuns runs = new SortedRuns(dir, 1000, 1 << 20, 2);
        for (Line line : lines) {
            runs.add(line.key(), line.text());
        }

        // when
        try (Stream<Path> before = Files.list(dir)) {
            assertThat(before).isEmpty();
        }
        List<Line> merged = new ArrayList<>();
        runs.mergeInto((key, text) -> merged.add(new Line(key, text)));

        // then
        assertThat(merged).isEqualTo(lines.stream().sorted(Comparator.comparing(Line::key)).toList());
    }
}
