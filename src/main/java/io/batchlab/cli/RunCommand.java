package io.batchlab.cli;

import io.batchlab.config.ExperimentConfig;
import io.batchlab.config.ExperimentConfigLoader;
import io.batchlab.emulator.EmulatorSettings;
import io.batchlab.job.RunCreator;
import io.batchlab.job.RunEstimate;
import io.batchlab.job.RunUsers;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.window.BatchWindow;
import io.batchlab.window.InvalidWindowException;
import io.batchlab.window.WindowSetting;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code batchlab run CONFIG}: creates a run from a config.yaml and runs it to the end — at once, or only inside a
 * batch window, staying alive between windows.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Create a run from CONFIG and run it: prepare, submit, collect.")
final class RunCommand implements Callable<Integer> {

    @ParentCommand
    Batchlab batchlab;

    @Parameters(paramLabel = "CONFIG", description = "The experiment's config.yaml.")
    Path config;

    @Option(names = "--users", paramLabel = "FILE",
            description = "Only these users: a users.json or a text file with one id per line.")
    Path users;

    @Option(names = "--detach", description = "Run in a background process; follow it with 'batchlab status'.")
    boolean detach;

    @Option(names = "--emulator", description = "Use the built-in emulator even when GROQ_API_KEY is set.")
    boolean emulator;

    @Mixin
    JobOptions jobOptions;

    @Option(names = "--window", paramLabel = "EXPR",
            description = "Work only inside this window, e.g. '0 22 * * MON-FRI for 8h' (default: the config's"
                    + " window, else MicroProfile Config batchlab.window, else at once). See README.md, Batch windows.")
    String window;

    @Option(names = "--estimate", description = "Build every request without submitting and print requests, input"
            + " tokens and the estimated cost; creates no run and writes nothing under the experiments root.")
    boolean estimate;

    @Override
    public Integer call() throws Exception {
        if (estimate) {
            ExperimentConfig loaded = ExperimentConfigLoader.load(config.toAbsolutePath());
            RunUsers chosen = users == null ? RunUsers.fromInput() : RunUsers.fromFile(users.toAbsolutePath());
            EstimateReport.print(config, loaded, RunEstimate.of(loaded, chosen), System.out);
            return 0;
        }
        ExperimentStore store = batchlab.store();
        Optional<BatchWindow> chosenWindow = chooseWindow();
        if (detach) {
            return Detached.launch(store, "run", config.toString(), users, emulator, jobOptions, window);
        }
        try (ProviderChoice provider = ProviderChoice.choose(emulator, EmulatorSettings.defaults(), System.out)) {
            RunId run = RunCreator.create(store, config.toAbsolutePath(),
                    users == null ? null : users.toAbsolutePath().toString(), provider::adjust);
            System.out.println("Run " + run + " created under " + store.root());
            Properties extra = jobOptions.toParameters();
            RunSupervisor supervisor = new RunSupervisor(store, System.out);
            var status = chosenWindow.isPresent()
                    ? supervisor.startInWindow(run, chosenWindow.get(), extra)
                    : supervisor.start(run, extra);
            return Summary.print(store, run, status, System.out);
        }
    }

    /** Checked before the run is created, so a bad window leaves nothing behind. */
    private Optional<BatchWindow> chooseWindow() {
        try {
            ExperimentConfig loaded = ExperimentConfigLoader.load(config.toAbsolutePath());
            return WindowSetting.choose(window, loaded.window(), loaded.experiment().timeZone());
        } catch (InvalidWindowException e) {
            throw new CliException(window != null ? "--window: " + e.getMessage() : e.getMessage());
        }
    }
}
