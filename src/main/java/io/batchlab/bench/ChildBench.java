package io.batchlab.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a bench part's {@code main} in a child JVM with a heap limit (what is measured is then the part alone, not the
 * bench around it) and reads back its one result line: {@code PREFIX key=value key=value ...}.
 */
final class ChildBench {

    private ChildBench() {
    }

    static Map<String, String> run(Class<?> main, String resultPrefix, String maxHeap, Path log, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx" + maxHeap, "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command).redirectError(log.toFile()).start();
        String resultLine = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(resultPrefix + " ")) {
                    resultLine = line;
                }
            }
        }
        int exit = child.waitFor();
        if (exit != 0 || resultLine == null) {
            throw new IllegalStateException(main.getSimpleName() + " at -Xmx" + maxHeap + " did not complete (exit "
                    + exit + "); its log: " + log);
        }
        Map<String, String> fields = new HashMap<>();
        for (String pair : resultLine.substring(resultPrefix.length() + 1).split(" ")) {
            int eq = pair.indexOf('=');
            fields.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return fields;
    }
}
