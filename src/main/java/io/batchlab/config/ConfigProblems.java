package io.batchlab.config;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the problems of one config file, so that all of them are reported at once. */
final class ConfigProblems {

    private final Path file;
    private final List<ConfigProblem> found = new ArrayList<>();

    ConfigProblems(Path file) {
        this.file = file;
    }

    void add(Node at, String key, String message) {
        add(at.getStartMark(), key, message);
    }

    void add(Mark mark, String key, String message) {
        found.add(new ConfigProblem(file, mark.getLine() + 1, mark.getColumn() + 1, key, message));
    }

    void addForWholeFile(String message) {
        found.add(new ConfigProblem(file, 0, 0, "", message));
    }

    /** Throws if anything was found, problems in file order. */
    void throwIfAny() {
        if (!found.isEmpty()) {
            List<ConfigProblem> sorted = new ArrayList<>(found);
            sorted.sort(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
            throw new ConfigException(sorted);
        }
    }
}
