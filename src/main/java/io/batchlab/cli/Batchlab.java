package io.batchlab.cli;

import io.batchlab.bench.BenchCommand;
import io.batchlab.emulator.EmulatorMain;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.ExperimentsRoot;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.logging.LogManager;
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

    ExperimentStore store() {
        Path root = ExperimentsRoot.resolve(experiments);
        try {
            return ExperimentStore.open(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the experiments root " + root + ": " + e.getMessage(), e);
        }
    }

    public static void main(String[] args) {
        configureLogging();
        System.exit(run(args));
    }

    private static void configureLogging() {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        try (InputStream config = Batchlab.class.getResourceAsStream("/batchlab-logging.properties")) {
            if (config != null) {
                LogManager.getLogManager().readConfiguration(config);
            }
        } catch (IOException e) {
            System.err.println("batchlab: default logging kept (" + e.getMessage() + ")");
        }
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
