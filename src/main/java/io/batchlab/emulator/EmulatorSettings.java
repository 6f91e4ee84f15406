package io.batchlab.emulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * How the emulator behaves.
 *
 * @param port                 TCP port on 127.0.0.1 (0 = any free port)
 * @param validating           time a batch spends in {@code validating}
 * @param inProgress           time a batch spends in {@code in_progress}
 * @param finalizing           time a batch spends in {@code finalizing} (and a cancelled batch in {@code cancelling})
 * @param inProgressSpread     each batch spends a further random share of this in {@code in_progress} (seeded), so
 *                             batches finish spread out as on the real service (zero = every batch alike)
 * @param models               model ids accepted in batch lines and listed by {@code GET /models}
 * @param decommissionedModels retired model id to the replacement named in the 400 {@code model_decommissioned} error
 * @param fileDir              where file contents are kept (null = in memory)
 * @param faults               initial faults (changeable at runtime)
 * @param seed                 seed of every random choice (ids, shuffling, faults)
 */
public record EmulatorSettings(int port, Duration validating, Duration inProgress, Duration finalizing,
        Duration inProgressSpread, Set<String> models, Map<String, String> decommissionedModels, Path fileDir, FaultSettings faults, long seed) {

    /** The batch-eligible models listed in Groq's docs (2026-11). */
    public static final Set<String> BATCH_MODELS = Set.of("openai/gpt-oss-20b", "openai/gpt-oss-120b",
            "meta-llama/llama-4-scout-17b-16e-instruct", "llama-3.3-70b-versatile", "llama-3.1-8b-instant",
            "meta-llama/llama-guard-4-12b");

    public EmulatorSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 (any free port) to 65535, got " + port);
        }
        checkDuration("validating", validating);
        checkDuration("inProgress", inProgress);
        checkDuration("finalizing", finalizing);
        checkDuration("inProgressSpread", inProgressSpread);
        if (models == null || models.isEmpty()) {
            throw new IllegalArgumentException("models must name at least one model id");
        }
        models = Set.copyOf(models);
        decommissionedModels = decommissionedModels == null ? Map.of() : Map.copyOf(decommissionedModels);
        faults = faults == null ? FaultSettings.none() : faults;
    }

    private static void checkDuration(String name, Duration duration) {
        if (duration == null || duration.isNegative()) {
            throw new IllegalArgumentException(name + " must be a duration >= 0, got " + duration);
        }
    }

    /**
     * Port 0, 200 ms / 1 s / 200 ms, Groq's batch models, deepseek-r1-distill-llama-70b retired (use
     * openai/gpt-oss-120b), files in memory, no faults, seed 42.
     */
    public static EmulatorSettings defaults() {
        return new EmulatorSettings(0, Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofMillis(200),
                Duration.ZERO, BATCH_MODELS, Map.of("deepseek-r1-distill-llama-70b", "openai/gpt-oss-120b"), null,
                FaultSettings.none(), 42L);
    }

    public EmulatorSettings withPort(int value) {
        return new EmulatorSettings(value, validating, inProgress, finalizing, inProgressSpread, models, decommissionedModels, fileDir,
                faults, seed);
    }

    public EmulatorSettings withDurations(Duration validatingTime, Duration inProgressTime, Duration finalizingTime) {
        return new EmulatorSettings(port, validatingTime, inProgressTime, finalizingTime, inProgressSpread, models, decommissionedModels,
                fileDir, faults, seed);
    }

    public EmulatorSettings withInProgressSpread(Duration value) {
        return new EmulatorSettings(port, validating, inProgress, finalizing, value, models, decommissionedModels,
                fileDir, faults, seed);
    }

    public EmulatorSettings withFaults(FaultSettings value) {
        return new EmulatorSettings(port, validating, inProgress, finalizing, inProgressSpread, models, decommissionedModels, fileDir,
                value, seed);
    }

    public EmulatorSettings withFileDir(Path value) {
        return new EmulatorSettings(port, validating, inProgress, finalizing, inProgressSpread, models, decommissionedModels, value,
                faults, seed);
    }

    public EmulatorSettings withModels(Set<String> value) {
        return new EmulatorSettings(port, validating, inProgress, finalizing, inProgressSpread, value, decommissionedModels, fileDir,
                faults, seed);
    }

    public EmulatorSettings withDecommissionedModels(Map<String, String> value) {
        return new EmulatorSettings(port, validating, inProgress, finalizing, inProgressSpread, models, value, fileDir, faults, seed);
    }

    public EmulatorSettings withSeed(long value) {
        return new EmulatorSettings(port, validating, inProgress, finalizing, inProgressSpread, models, decommissionedModels, fileDir,
                faults, value);
    }
}
