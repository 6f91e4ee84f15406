package io.batchlab.emulator;

import io.batchlab.window.DurationText;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** Runs the emulator on its own until the process is killed: {@code EmulatorMain --port 8089 --latency 50ms}. */
@Command(name = "groq-emulator", mixinStandardHelpOptions = true,
        description = "A local imitation of Groq's Batch API for tests and dry runs. Not an LLM.")
public final class EmulatorMain implements Callable<Integer> {

    @Option(names = "--port", description = "TCP port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE})")
    int port = 0;

    @Option(names = "--file-dir", description = "keep file contents in this directory (default: in memory)")
    Path fileDir;

    @Option(names = "--latency", converter = DurationConverter.class,
            description = "delay before every answer, e.g. 50ms, 1s (default: 0)")
    Duration latency = Duration.ZERO;

    @Option(names = "--rate-limit", description = "calls per second before 429 answers; 0 = unlimited (default: 0)")
    double rateLimit;

    @Option(names = "--no-rate-limit-headers", negatable = false,
            description = "send no x-ratelimit-*-requests headers with the rate limit: clients learn it from 429s only")
    boolean noRateLimitHeaders;

    @Option(names = "--server-error-rate", description = "share of calls answered 500/502/503 (default: 0)")
    double serverErrorRate;

    @Option(names = "--rate-limited-rate", description = "share of calls answered 429 with retry-after (default: 0)")
    double rateLimitedRate;

    @Option(names = "--connection-reset-rate", description = "share of calls dropped without an answer (default: 0)")
    double connectionResetRate;

    @Option(names = "--malformed-output-rate", description = "share of output lines written as broken JSON (default: 0)")
    double malformedOutputRate;

    @Option(names = "--durations", split = ",", converter = DurationConverter.class,
            description = "time in validating, in_progress and finalizing, e.g. 200ms,1s,200ms (the default)")
    List<Duration> durations;

    @Option(names = "--completion-window-override", converter = DurationConverter.class,
            description = "make every completion window this short, e.g. 2s, to see batches expire")
    Duration completionWindowOverride;

    @Option(names = "--seed", description = "seed of ids, output order and faults (default: ${DEFAULT-VALUE})")
    long seed = 42L;

    public static void main(String[] args) {
        int exit = new CommandLine(new EmulatorMain()).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    @Override
    public Integer call() throws Exception {
        GroqEmulator emulator = GroqEmulator.start(settings());
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "groq-emulator-shutdown"));
        System.out.println("Groq emulator (not an LLM) listening on " + emulator.baseUri());
        System.out.flush();
        new CountDownLatch(1).await();
        return 0;
    }

    /** The settings the options ask for, over {@link EmulatorSettings#defaults()}. */
    EmulatorSettings settings() {
        EmulatorSettings settings = EmulatorSettings.defaults().withPort(port).withFileDir(fileDir).withSeed(seed)
                .withFaults(FaultSettings.none().withLatency(latency).withRateLimitPerSecond(rateLimit)
                        .withRateLimitHeaders(!noRateLimitHeaders)
                        .withServerErrorRate(serverErrorRate).withRateLimitedRate(rateLimitedRate)
                        .withConnectionResetRate(connectionResetRate)
                        .withMalformedOutputRate(malformedOutputRate)
                        .withCompletionWindowOverride(completionWindowOverride));
        if (durations == null) {
            return settings;
        }
        if (durations.size() != 3) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--durations needs three values (validating,in_progress,finalizing), got " + durations.size());
        }
        return settings.withDurations(durations.get(0), durations.get(1), durations.get(2));
    }

    /** Reads durations as config.yaml writes them (250ms, 2s, 5m, 1h, 1d) or ISO-8601 (PT0.25S). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

        @Override
        public Duration convert(String value) {
            String text = value.trim();
            try {
                return DurationText.parse(text.toLowerCase(Locale.ROOT)).orElseGet(() -> Duration.parse(text));
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value
                        + "' is not a duration; use e.g. 250ms, 2s, 5m, 1h or PT0.25S");
            }
        }
    }
}
