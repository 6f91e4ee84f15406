package io.batchlab.cli;

import picocli.CommandLine.Command;

/**
 * {@code batchlab collect RUN_ID}: keeps collecting results of a run whose submission is done (e.g. after the
 * collect deadline stopped it). The job skips its completed steps, so this is a restart that goes straight to
 * collecting.
 */
@Command(name = "collect", mixinStandardHelpOptions = true, description = "Keep collecting the results of a submitted run (after a deadline or a stop).")
final class CollectCommand extends RestartCommand {
}
