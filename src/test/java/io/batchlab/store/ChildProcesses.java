package io.batchlab.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts test mains in separate JVMs with this test class path. Every child prints "ready" and blocks on stdin
 * until {@link #go()}, so all of them race at once instead of one after the other.
 */
final class ChildProcesses implements AutoCloseable {

    private static final String READY = "ready";

    private final List<Process> processes = new ArrayList<>();
    private final List<BufferedReader> outputs = new ArrayList<>();

    /** In the child: announce readiness, then wait until the parent closes stdin. */
    static void awaitGo() throws IOException {
        System.out.println(READY);
        System.out.flush();
        while (System.in.read() != -1) {
            // the parent only ever closes stdin
        }
    }

    void start(int count, Class<?> main, Path logDir, String... args) throws IOException {
        for (int i = 0; i < count; i++) {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m",
                    "-cp", System.getProperty("java.class.path"), main.getName()));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command)
                    .redirectError(logDir.resolve(main.getSimpleName() + "-" + i + ".err").toFile())
                    .start();
            processes.add(process);
            outputs.add(new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8)));
        }
    }

    /** Waits for every child's "ready" (a blocking read, bounded by the children's own exit), then releases all. */
    void go() throws IOException {
        for (int i = 0; i < processes.size(); i++) {
            String line = outputs.get(i).readLine();
            if (!READY.equals(line)) {
                throw new IllegalStateException("child " + i + " did not start: " + line);
            }
        }
        for (Process process : processes) {
            OutputStream stdin = process.getOutputStream();
            stdin.close();
        }
    }

    /** Each child's remaining stdout lines; fails if one does not exit successfully before the deadline. */
    List<List<String>> awaitOutputs(Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        List<List<String>> all = new ArrayList<>();
        for (int i = 0; i < processes.size(); i++) {
            Process process = processes.get(i);
            long left = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
            if (!process.waitFor(left, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("child " + i + " did not finish within " + timeout);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("child " + i + " exited with " + process.exitValue());
            }
            all.add(outputs.get(i).lines().toList());
        }
        return all;
    }

    @Override
    public void close() {
        processes.forEach(Process::destroyForcibly);
    }
}
