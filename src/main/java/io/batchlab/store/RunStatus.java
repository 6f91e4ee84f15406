package io.batchlab.store;

import jakarta.json.bind.adapter.JsonbAdapter;
import jakarta.json.bind.annotation.JsonbDateFormat;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.json.bind.annotation.JsonbTypeAdapter;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A run's status.json: the seed's fields ({@code created}, {@code steps}, {@code last_updated},
 * {@code description}) followed by what the batch job tracks. Older files without the added fields read fine.
 * {@code config_sha256}: the sha256 of the run's config.yaml as written ({@link ConfigDigest}), set when the run is
 * created and kept by every change; {@code null} for runs created before it existed.
 */
@JsonbPropertyOrder({"created", "steps", "lastUpdated", "description", "runId", "state", "jobExecutionId",
        "counts", "lastError", "problems", "nextWindow", "configSha256"})
public record RunStatus(
        @JsonbDateFormat(TIMESTAMP) LocalDateTime created,
        Steps steps,
        @JsonbDateFormat(TIMESTAMP) LocalDateTime lastUpdated,
        String description,
        String runId,
        @JsonbTypeAdapter(State.ByName.class) State state,
        Long jobExecutionId,
        Counts counts,
        String lastError,
        List<Problem> problems,
        String nextWindow,
        String configSha256) {

    static final String TIMESTAMP = "yyyy-MM-dd'T'HH:mm:ss";
    public static final int MAX_PROBLEMS = 100;

    /** Where a run stands; status.json holds its name. */
    public enum State {
        CREATED, QUEUED, RUNNING, RETRYING, STOPPING, STOPPED, WAITING, FAILED, COMPLETED;

        /** The state of this name, or an error naming the allowed ones. */
        public static State parse(String name) {
            for (State state : values()) {
                if (state.name().equals(name)) {
                    return state;
                }
            }
            throw new IllegalArgumentException("run state '" + name + "' is invalid: use one of "
                    + Arrays.stream(values()).map(State::name).sorted().toList());
        }

        /** JSON-B's own enum mapping would say "No enum constant" without naming the allowed states. */
        public static final class ByName implements JsonbAdapter<State, String> {

            @Override
            public String adaptToJson(State state) {
                return state.name();
            }

            @Override
            public State adaptFromJson(String name) {
                return parse(name);
            }
        }
    }

    public enum Step { CONFIG_CREATED, BATCHES_CREATED, UPLOADS_COMPLETED, RESULTS_RECEIVED }

    @JsonbPropertyOrder({"configCreated", "batchesCreated", "uploadsCompleted", "resultsReceived"})
    public record Steps(boolean configCreated, boolean batchesCreated, boolean uploadsCompleted,
            boolean resultsReceived) {

        public static final Steps NONE = new Steps(false, false, false, false);

        public boolean get(Step step) {
            return switch (step) {
                case CONFIG_CREATED -> configCreated;
                case BATCHES_CREATED -> batchesCreated;
                case UPLOADS_COMPLETED -> uploadsCompleted;
                case RESULTS_RECEIVED -> resultsReceived;
            };
        }

        public Steps with(Step step, boolean done) {
            return new Steps(
                    step == Step.CONFIG_CREATED ? done : configCreated,
                    step == Step.BATCHES_CREATED ? done : batchesCreated,
                    step == Step.UPLOADS_COMPLETED ? done : uploadsCompleted,
                    step == Step.RESULTS_RECEIVED ? done : resultsReceived);
        }
    }

    @JsonbPropertyOrder({"total", "prepared", "submitted", "completed", "failed", "skipped"})
    public record Counts(long total, long prepared, long submitted, long completed, long failed, long skipped) {

        public static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0);

        public Counts withTotal(long value) {
            return new Counts(value, prepared, submitted, completed, failed, skipped);
        }

        public Counts withPrepared(long value) {
            return new Counts(total, value, submitted, completed, failed, skipped);
        }

        public Counts withSubmitted(long value) {
            return new Counts(total, prepared, value, completed, failed, skipped);
        }

        public Counts withCompleted(long value) {
            return new Counts(total, prepared, submitted, value, failed, skipped);
        }

        public Counts withFailed(long value) {
            return new Counts(total, prepared, submitted, completed, value, skipped);
        }

        public Counts withSkipped(long value) {
            return new Counts(total, prepared, submitted, completed, failed, value);
        }
    }

    /** One user's trouble in one step; only the first {@value RunStatus#MAX_PROBLEMS} are kept. */
    @JsonbPropertyOrder({"userId", "step", "reason"})
    public record Problem(String userId, String step, String reason) {
    }

    /** Fills what older files lack and keeps timestamps to whole seconds, as they are written. */
    public RunStatus {
        created = created == null ? null : created.truncatedTo(ChronoUnit.SECONDS);
        lastUpdated = lastUpdated == null ? null : lastUpdated.truncatedTo(ChronoUnit.SECONDS);
        steps = steps == null ? Steps.NONE : steps;
        state = state == null ? State.CREATED : state;
        counts = counts == null ? Counts.ZERO : counts;
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    /** A fresh run: no step done, state CREATED. */
    public static RunStatus created(RunId run, String description, LocalDateTime now) {
        return new RunStatus(now, Steps.NONE, now, description, run.toString(), State.CREATED, null, Counts.ZERO,
                null, List.of(), null, null);
    }

    public boolean step(Step step) {
        return steps.get(step);
    }

    public RunStatus withStep(Step step, boolean done) {
        return new RunStatus(created, steps.with(step, done), lastUpdated, description, runId, state,
                jobExecutionId, counts, lastError, problems, nextWindow, configSha256);
    }

    public RunStatus withState(State newState) {
        return new RunStatus(created, steps, lastUpdated, description, runId, newState, jobExecutionId, counts,
                lastError, problems, nextWindow, configSha256);
    }

    public RunStatus withJobExecutionId(Long id) {
        return new RunStatus(created, steps, lastUpdated, description, runId, state, id, counts, lastError,
                problems, nextWindow, configSha256);
    }

    public RunStatus withCounts(Counts newCounts) {
        return new RunStatus(created, steps, lastUpdated, description, runId, state, jobExecutionId, newCounts,
                lastError, problems, nextWindow, configSha256);
    }

    public RunStatus withLastError(String error) {
        return new RunStatus(created, steps, lastUpdated, description, runId, state, jobExecutionId, counts,
                error, problems, nextWindow, configSha256);
    }

    /** Appends while fewer than {@value #MAX_PROBLEMS} are kept; the counts carry the exact totals. */
    public RunStatus withProblem(Problem problem) {
        if (problems.size() >= MAX_PROBLEMS) {
            return this;
        }
        List<Problem> more = new ArrayList<>(problems);
        more.add(problem);
        return new RunStatus(created, steps, lastUpdated, description, runId, state, jobExecutionId, counts,
                lastError, more, nextWindow, configSha256);
    }

    public RunStatus withNextWindow(String window) {
        return new RunStatus(created, steps, lastUpdated, description, runId, state, jobExecutionId, counts,
                lastError, problems, window, configSha256);
    }

    public RunStatus withConfigSha256(String sha256) {
        return new RunStatus(created, steps, lastUpdated, description, runId, state, jobExecutionId, counts, lastError,
                problems, nextWindow, sha256);
    }

    RunStatus withLastUpdated(LocalDateTime now) {
        return new RunStatus(created, steps, now, description, runId, state, jobExecutionId, counts, lastError,
                problems, nextWindow, configSha256);
    }
}
