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
                .hasMessage("user 31499533's batch file would be 10 bytes; the provider allows at most 9");
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
}
