package io.batchlab.cli;

import io.batchlab.bench.BenchCommand;
import io.batchlab.emulator.EmulatorMain;
import io.batchlab.launcher.EmbeddedBatch;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.ExperimentsRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The batchlab command line: runs the experiment job embedded in this JVM (Java SE, JBeret, H2 job repository). */
@Command(name = "batchlab", mixinStandardHelpOptions = true, versionProvider = Batchlab.Version.class,
        description = "LLM batch experiments over user cohorts, as a Jakarta Batch job.",
        subcommands = {DemoCommand.class, RunCommand.class, StatusCommand.class, RunsCommand.class,
                StopCommand.class, RestartCommand.class, CollectCommand.class, ExportCommand.class,
                ResultsCommand.class, RetryCommand.class, ServeCommand.class})
public final class Batchlab {

    @Option(names = "--experiments", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
            description = "Experiments root (default: $BATCHLAB_EXPERIMENTS, MP Config batchlab.experiments, ./experiments).")
    String experiments;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Show the whole log on the terminal too (JBeret, Weld and batchlab lines with timestamps); "
                    + "without it the log goes only to experiments/.batchlab/logs/RUN_ID.log.")
    void verbose(boolean on) {
        if (on) {
            CliLogging.verbose();
        }
    }

    ExperimentStore store() {
        Path root = ExperimentsRoot.resolve(experiments);
        try {
            return ExperimentStore.open(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the experiments root " + root + ": " + e.getMessage(), e);
        }
    }

    public static void main(String[] args) {
        CliLogging.configure();
        int exitCode = run(args);
        EmbeddedBatch.shutdown();
        System.exit(exitCode);
    }

    /** Runs one command and returns its exit code (0 = success). */
    public static int run(String... args) {
        CommandLine line = new CommandLine(new Batchlab());
        line.addSubcommand("emulator", new EmulatorMain());
        line.addSubcommand("bench", new BenchCommand());
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("batchlab: " + (e instanceof CliException ? e.getMessage() : describe(e)));
            return e instanceof CliException cli ? cli.exitCode() : 1;
        });
        return line.execute(args);
    }

    private static String describe(Throwable e) {
        StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
                message.append("\n  caused by: ").append(cause.getMessage());
            }
        }
        return message.toString();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Batchlab.class.getPackage().getImplementationVersion();
            return new String[] {"batchlab " + (version == null ? "(development build)" : version)};
        }
    }
}
