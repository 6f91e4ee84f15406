package io.batchlab.cli;

import io.batchlab.emulator.EmulatorSettings;
import io.batchlab.emulator.GroqEmulator;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real {@code batchlab} CLI process, started the way the launcher script starts it (this test class path holds
 * target/classes and the SE class path), with its stdout and stderr in files so they can be grepped afterwards.
 */
final class CliProcess {

    /** Emulators this test JVM started: the only plain-HTTP loopback providers its children may send a key to. */
    private static final Set<String> EMULATORS = ConcurrentHashMap.newKeySet();

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private CliProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts an emulator in this JVM that the CLI processes started afterwards are allowed to use. */
    static GroqEmulator emulator(EmulatorSettings settings) throws IOException {
        GroqEmulator emulator = GroqEmulator.start(settings);
        EMULATORS.add(emulator.baseUri().toString());
        return emulator;
    }

    /** Starts {@code batchlab --experiments ROOT ARGS...} with {@code env} added to this environment. */
    static CliProcess start(Path root, Path logDir, String name, Map<String, String> env, String... args)
            throws IOException {
        return start(root, logDir, name, env, List.of(), args);
    }

    /** Like {@link #start(Path, Path, String, Map, String...)}, with {@code jvmOptions} as BATCHLAB_JAVA_OPTS adds them. */
    static CliProcess start(Path root, Path logDir, String name, Map<String, String> env, List<String> jvmOptions,
                            String... args) throws IOException {
        return start(System.getProperty("java.class.path"), root, logDir, name, env, jvmOptions, args);
    }

    /** Like {@link #start(Path, Path, String, Map, String...)}, without the class path's entries under {@code dir}. */
    static CliProcess startWithoutJarsUnder(String dir, Path root, Path logDir, String name, String... args)
            throws IOException {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.replace(File.separatorChar, '/').contains(dir))
                .collect(Collectors.joining(File.pathSeparator));
        return start(classPath, root, logDir, name, Map.of(), List.of(), args);
    }

    private static CliProcess start(String classPath, Path root, Path logDir, String name, Map<String, String> env,
                                    List<String> jvmOptions, String... args) throws IOException {
        Files.createDirectories(logDir);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xmx512m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, Batchlab.class.getName(), "--experiments", root.toString()));
        command.addAll(List.of(args));
        Path out = logDir.resolve(name + ".out");
        Path err = logDir.resolve(name + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().remove("GROQ_API_KEY");
        builder.environment().put("BATCHLAB_PROVIDER_ALLOWED_BASE_URLS", String.join(",", EMULATORS));
        builder.environment().putAll(env);
        return new CliProcess(builder.start(), out, err);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no finally block, no flush — a crash. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** The exit code; fails the test when the process outlives {@code timeout}. */
    int awaitExit(Duration timeout) throws InterruptedException, IOException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("batchlab did not exit within " + timeout + "; stderr:\n" + stderr());
        }
        return process.exitValue();
    }

    String stdout() throws IOException {
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }
}
