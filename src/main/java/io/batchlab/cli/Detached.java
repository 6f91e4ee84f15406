package io.batchlab.cli;

import io.batchlab.store.ExperimentStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code run --detach}: the same command in a background JVM whose output goes to a log under
 * {@code .batchlab/logs/}; this process returns once the run exists and says how to follow it. {@code batchlab serve}
 * starts its restarts and retries the same way ({@link #start}). The background JVM
 * gets this JVM's system properties and memory options (from {@code BATCHLAB_JAVA_OPTS}), so that a key or setting
 * given with {@code -D} is not silently lost.
 */
final class Detached {

    private static final Pattern CREATED = Pattern.compile("Run (\\S+) created");
    private static final Duration WAIT_FOR_RUN = Duration.ofSeconds(120);

    private Detached() {
    }

    static int launch(ExperimentStore store, String command, String config, Path users, boolean emulator,
                      JobOptions options, String window) throws IOException, InterruptedException {
        Path logs = Files.createDirectories(store.workDir().resolve("logs"));
        Path log = logs.resolve("run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + ".log");
        List<String> args = new ArrayList<>(List.of(command, config));
        if (users != null) {
            args.addAll(List.of("--users", users.toAbsolutePath().toString()));
        }
        if (emulator) {
            args.add("--emulator");
        }
        if (options.partitions != null) {
            args.addAll(List.of("--partitions", options.partitions.toString()));
        }
        if (options.pollInterval != null) {
            args.addAll(List.of("--poll-interval", options.pollInterval));
        }
        if (window != null) {
            args.addAll(List.of("--window", window));
        }
        Process child = start(store, args, log);
        Instant giveUp = Instant.now().plus(WAIT_FOR_RUN);
        while (Instant.now().isBefore(giveUp)) {
            Matcher created = CREATED.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (created.find()) {
                System.out.println("Run " + created.group(1) + " is running in the background (pid " + child.pid()
                        + ").\nFollow it: batchlab status " + created.group(1) + "\nLog: " + log);
                return 0;
            }
            if (!child.isAlive()) {
                throw new CliException("the background run ended before creating its run:\n"
                        + Files.readString(log, StandardCharsets.UTF_8).strip());
            }
            Thread.sleep(200);
        }
        throw new CliException("the background run (pid " + child.pid() + ") has not created its run after "
                + WAIT_FOR_RUN.toSeconds() + " s; see " + log);
    }

    /**
     * Starts {@code batchlab ARGUMENTS} on {@code store}'s root in a background JVM with this one's class path and
     * {@link #inheritedJvmOptions}, its output (stdout and stderr) in {@code log}, no input.
     */
    static Process start(ExperimentStore store, List<String> arguments, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(inheritedJvmOptions(ManagementFactory.getRuntimeMXBean().getInputArguments()));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Batchlab.class.getName(),
                "--experiments", store.root().toAbsolutePath().toString()));
        command.addAll(arguments);
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullDevice())).start();
    }

    /**
     * The options of {@code jvmArguments} the background JVM needs too: system properties ({@code -D}) and memory and
     * VM settings ({@code -X}, {@code -XX:}). Agents and debugger options stay behind: a second JVM would fight the
     * first one for their ports and files.
     */
    static List<String> inheritedJvmOptions(List<String> jvmArguments) {
        return jvmArguments.stream()
                .filter(option -> option.startsWith("-D") || option.startsWith("-X"))
                .filter(option -> !option.startsWith("-Xdebug") && !option.startsWith("-Xrun"))
                .toList();
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
