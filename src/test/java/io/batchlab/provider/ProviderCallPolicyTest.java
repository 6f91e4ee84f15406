package io.batchlab.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProviderCallPolicyTest {

    private static ProviderSettings settings() {
        return ProviderSettings.defaults(URI.create("http://127.0.0.1:1/openai/v1"), Secret.of("k"));
    }

    private static ProviderException rateLimited(Duration retryAfter) {
        return ProviderExceptionMapper.create(429, null, "rate_limit_exceeded", "requests", "slow down", retryAfter);
    }

    @Test
    void backsOffExponentiallyFromHalfASecondCappedAtEightSeconds() {
        // given
        ProviderCallPolicy policy = new ProviderCallPolicy(settings(), () -> 0.0);
        ProviderException failure = rateLimited(null);

        // then
        assertThat(policy.delayBefore(1, failure)).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.delayBefore(2, failure)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delayBefore(4, failure)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.delayBefore(6, failure)).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void jitterShortensTheBackoffByAtMostAQuarter() {
        // given
        ProviderCallPolicy policy = new ProviderCallPolicy(settings(), () -> 0.999_999);

        // then
        assertThat(policy.delayBefore(2, rateLimited(null))).isBetween(Duration.ofMillis(750), Duration.ofMillis(751));
    }

    @Test
    void waitsExactlyWhatTheServerAsksUpToSixtySeconds() {
        // given
        ProviderCallPolicy policy = new ProviderCallPolicy(settings(), () -> 0.5);

        // then
        assertThat(policy.delayBefore(1, rateLimited(Duration.ofMillis(1234)))).isEqualTo(Duration.ofMillis(1234));
        assertThat(policy.delayBefore(1, rateLimited(Duration.ofSeconds(60)))).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.delayBefore(1, rateLimited(Duration.ofSeconds(61))))
                .as("longer asks fall back to the backoff").isEqualTo(Duration.ofNanos(437_500_000));
    }
}
