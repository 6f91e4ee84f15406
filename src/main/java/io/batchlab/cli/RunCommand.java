package io.batchlab.cli;

import io.batchlab.emulator.EmulatorSettings;
import io.batchlab.job.RunContext;
import io.batchlab.job.RunCreator;
import io.batchlab.store.ExperimentStore;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code batchlab run CONFIG}: creates a run from a config.yaml and runs it to the end. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Create a run from CONFIG and run it: prepare, submit, collect.")
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

    @Override
    public Integer call() throws Exception {
        ExperimentStore store = batchlab.store();
        if (detach) {
            return Detached.launch(store, "run", config.toString(), users, emulator, jobOptions);
        }
        try (ProviderChoice provider = ProviderChoice.choose(emulator, EmulatorSettings.defaults(), System.out)) {
            RunContext run = RunCreator.create(store, config.toAbsolutePath(),
                    users == null ? null : users.toAbsolutePath().toString(), provider::adjust);
            System.out.println("Run " + run.runId() + " created under " + store.root());
            var status = new RunSupervisor(store, System.out).start(run.runId(), jobOptions.toParameters());
            return Summary.print(store, run.runId(), status, System.out);
        }
    }
}
