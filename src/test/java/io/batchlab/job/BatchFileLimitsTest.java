package io.batchlab.job;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.batchlab.request.RequestBuildException;
import io.batchlab.store.UserId;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchFileLimitsTest {

    private static final UserId USER = new UserId("31499533");

    @Test
    void aFileAtExactlyTheLimitsPasses() {
        // given: 3 lines of 9 bytes, each with its newline: 30 bytes
        BatchFileLimits limits = new BatchFileLimits(3, 30);

        // when / then
        assertThatCode(() -> limits.check(USER, Collections.nCopies(3, "123456789"))).doesNotThrowAnyException();
    }

    @Test
    void oneLineTooManyNamesTheUserTheCountAndTheLimit() {
        // given
        BatchFileLimits limits = new BatchFileLimits(3, 1_000);

        // when / then
        assertThatThrownBy(() -> limits.check(USER, Collections.nCopies(4, "{}")))
                .isInstanceOf(RequestBuildException.class)
                .hasMessage("user 31499533 needs 4 requests; a batch file allows at most 3");
    }

    @Test
    void oneByteTooManyCountsUtf8BytesAndNewlines() {
        // given: "é" is two bytes in UTF-8, so 2 lines of "éé" are 2 × (4 + 1) = 10 bytes
        BatchFileLimits limits = new BatchFileLimits(10, 9);

        // when / then
        assertThatThrownBy(() -> limits.check(USER, List.of("éé", "éé")))
                .isInstanceOf(RequestBuildException.class)
                .hasMessage("user 31499533's batch file would be more than 9 bytes (10 at request 2 of 2); "
                        + "the provider allows at most 9");
    }

    @Test
    void linesAreBuiltOnlyUntilTheFirstLinePastTheByteLimit() {
        // given: 1,000 requests of 10 bytes (with the newline) under a limit of 35 bytes
        BatchFileLimits limits = new BatchFileLimits(1_000, 35);
        java.util.concurrent.atomic.AtomicInteger built = new java.util.concurrent.atomic.AtomicInteger();

        // when / then
        assertThatThrownBy(() -> limits.lines(USER, Collections.nCopies(1_000, "123456789"), line -> {
            built.incrementAndGet();
            return line;
        })).isInstanceOf(RequestBuildException.class)
                .hasMessage("user 31499533's batch file would be more than 35 bytes (40 at request 4 of 1000); "
                        + "the provider allows at most 35");
        org.assertj.core.api.Assertions.assertThat(built).hasValue(4);
    }

    @Test
    void tooManyRequestsAreRefusedBeforeAnyLineIsBuilt() {
        // given
        BatchFileLimits limits = new BatchFileLimits(3, 1_000);

        // when / then
        assertThatThrownBy(() -> limits.lines(USER, Collections.nCopies(4, "{}"), line -> {
            throw new AssertionError("built a line");
        })).hasMessage("user 31499533 needs 4 requests; a batch file allows at most 3");
    }

    @Test
    void theRecordLimitIsTheFilesLimit() {
        // when
        io.batchlab.input.RecordLimit records = BatchFileLimits.PROVIDER.records();

        // then
        org.assertj.core.api.Assertions.assertThat(records.maxRecords()).isEqualTo(50_000);
        org.assertj.core.api.Assertions.assertThat(records.maxBytes()).isEqualTo(100L * 1024 * 1024);
        org.assertj.core.api.Assertions.assertThat(records.why()).isEqualTo(
                "one user's requests must fit one batch file (at most 50000 lines and 104857600 bytes)");
    }

    @Test
    void theProviderLimitsAreGroqs() {
        // then: 50,000 lines and 100 MB (the smaller of the two figures Groq documents)
        assertThatCode(() -> BatchFileLimits.PROVIDER.check(USER, Collections.nCopies(50_000, "x")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> BatchFileLimits.PROVIDER.check(USER, Collections.nCopies(50_001, "x")))
                .hasMessageContaining("at most 50000");
        assertThatThrownBy(() -> BatchFileLimits.PROVIDER.check(USER, List.of("x".repeat(100 * 1024 * 1024))))
                .hasMessageContaining("the provider allows at most 104857600");
    }

    @Test
    void aUserTakesMoreBytesInAPackByTheUserIdBeforeEachCustomId() throws RequestBuildException {
        // given: two lines of 28 bytes each; in a pack each gets "31499533:" (9 bytes) and a newline
        BatchFileLimits limits = new BatchFileLimits(10, 76);
        List<String> lines = Collections.nCopies(2, "{\"custom_id\":\"r00001\",\"x\":1}");

        // when / then: 2 × (28 + 9 + 1) = 76 fits exactly; a byte less and the user fits no pack
        org.assertj.core.api.Assertions.assertThat(lines.get(0)).hasSize(28);
        org.assertj.core.api.Assertions.assertThat(limits.inPack(USER, lines)).isEqualTo(76);
        assertThatThrownBy(() -> new BatchFileLimits(10, 75).inPack(USER, lines))
                .isInstanceOf(RequestBuildException.class)
                .hasMessageContaining("user 31499533's requests would take 76 bytes in a pack");
    }

    @Test
    void aPackIsClosedByLinesAndBytesNotByUsersAlone() {
        // given: a pack of 3 lines and 60 bytes; the next user has 2 lines of 40 bytes
        BatchFileLimits limits = new BatchFileLimits(5, 100);
        UserBatch next = new UserBatch(USER, 7, List.of("a", "b"), java.util.Map.of(), 40);

        // when / then: exactly at both limits it fits; one line or one byte less room and it does not
        org.assertj.core.api.Assertions.assertThat(limits.packHasRoom(3, 60, next)).isTrue();
        org.assertj.core.api.Assertions.assertThat(new BatchFileLimits(4, 100).packHasRoom(3, 60, next)).isFalse();
        org.assertj.core.api.Assertions.assertThat(new BatchFileLimits(5, 99).packHasRoom(3, 60, next)).isFalse();
    }
}
