package io.batchlab.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchlab.store.RunStatus.Counts;
import io.batchlab.store.RunStatus.Problem;
import io.batchlab.store.RunStatus.State;
import io.batchlab.store.RunStatus.Step;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RunStatusTest {

    private static final RunStatus FRESH = RunStatus.created(RunId.parse("20240408_CT_DS70B_001"), "d",
            LocalDateTime.parse("2024-04-08T10:30:00.999"));

    @Test
    void aFreshRunHasNoStepDoneAndZeroCounts() {
        assertThat(FRESH.state()).isEqualTo(State.CREATED);
        assertThat(Step.values()).allSatisfy(step -> assertThat(FRESH.step(step)).isFalse());
        assertThat(FRESH.counts()).isEqualTo(Counts.ZERO);
        assertThat(FRESH.created()).isEqualTo(LocalDateTime.parse("2024-04-08T10:30:00"));
        assertThat(FRESH.lastUpdated()).isEqualTo(FRESH.created());
    }

    @ParameterizedTest
    @EnumSource(Step.class)
    void withStepChangesOnlyThatStep(Step step) {
        // when
        RunStatus done = FRESH.withStep(step, true);

        // then
        for (Step other : Step.values()) {
            assertThat(done.step(other)).as(other.name()).isEqualTo(other == step);
        }
        assertThat(done.withStep(step, false)).isEqualTo(FRESH);
    }

    @Test
    void countWithersChangeOneCountEach() {
        // when
        Counts counts = Counts.ZERO.withTotal(10).withPrepared(9).withSubmitted(8).withCompleted(7)
                .withFailed(1).withSkipped(2);

        // then
        assertThat(counts).isEqualTo(new Counts(10, 9, 8, 7, 1, 2));
    }

    @Test
    void problemsStopAtOneHundredWhileCountsStayExact() {
        // given
        RunStatus status = FRESH;

        // when
        for (int i = 1; i <= 150; i++) {
            status = status.withProblem(new Problem("user" + i, "prepare", "no data"))
                    .withCounts(status.counts().withFailed(i));
        }

        // then
        assertThat(status.problems()).hasSize(RunStatus.MAX_PROBLEMS);
        assertThat(status.problems().get(99).userId()).isEqualTo("user100");
        assertThat(status.counts().failed()).isEqualTo(150);
    }

    @Test
    void withersLeaveTheOriginalUntouched() {
        // when
        RunStatus changed = FRESH.withState(State.QUEUED).withJobExecutionId(7L).withLastError("boom")
                .withNextWindow("2024-04-09T01:00:00").withProblem(new Problem("1", "upload", "413"));

        // then
        assertThat(FRESH.state()).isEqualTo(State.CREATED);
        assertThat(FRESH.problems()).isEmpty();
        assertThat(changed.state()).isEqualTo(State.QUEUED);
        assertThat(changed.jobExecutionId()).isEqualTo(7L);
        assertThat(changed.lastError()).isEqualTo("boom");
        assertThat(changed.nextWindow()).isEqualTo("2024-04-09T01:00:00");
        assertThat(changed.problems()).containsExactly(new Problem("1", "upload", "413"));
    }

    @Test
    void everyWitherKeepsTheConfigSha256() {
        // given
        String sha = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        RunStatus recorded = FRESH.withConfigSha256(sha);

        // when
        RunStatus changed = recorded.withStep(Step.BATCHES_CREATED, true).withState(State.RUNNING)
                .withJobExecutionId(3L).withCounts(Counts.ZERO.withTotal(5)).withLastError("e")
                .withProblem(new Problem("1", "collect", "partial")).withNextWindow("2024-04-09T01:00:00")
                .withLastUpdated(LocalDateTime.parse("2024-04-08T11:00:00"));

        // then
        assertThat(FRESH.configSha256()).isNull();
        assertThat(changed.configSha256()).isEqualTo(sha);
    }
}
