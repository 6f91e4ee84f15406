package io.batchlab.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EmulatorMainTest {

    @Test
    void optionsBecomeSettingsAndFaults() {
        // given
        EmulatorMain main = new EmulatorMain();

        // when
        new CommandLine(main).parseArgs("--port", "8089", "--file-dir", "/tmp/emu", "--latency", "50ms",
                "--rate-limit", "5", "--server-error-rate", "0.1", "--durations", "1s,2m,PT0.5S",
                "--completion-window-override", "2s");
        EmulatorSettings settings = main.settings();

        // then
        assertThat(settings.port()).isEqualTo(8089);
        assertThat(settings.fileDir()).isEqualTo(Path.of("/tmp/emu"));
        assertThat(settings.validating()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.inProgress()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.finalizing()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.faults().latency()).isEqualTo(Duration.ofMillis(50));
        assertThat(settings.faults().rateLimitPerSecond()).isEqualTo(5);
        assertThat(settings.faults().serverErrorRate()).isEqualTo(0.1);
        assertThat(settings.faults().completionWindowOverride()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.faults().rateLimitHeaders()).isTrue();
    }

    @Test
    void noRateLimitHeadersSwitchesGroqsRequestLimitHeadersOff() {
        // given
        EmulatorMain main = new EmulatorMain();

        // when
        new CommandLine(main).parseArgs("--rate-limit", "25", "--no-rate-limit-headers");

        // then
        assertThat(main.settings().faults().rateLimitHeaders()).isFalse();
        assertThat(main.settings().faults().rateLimitPerSecond()).isEqualTo(25);
    }

    @Test
    void noOptionsGiveTheDefaults() {
        // given
        EmulatorMain main = new EmulatorMain();

        // when
        new CommandLine(main).parseArgs();

        // then
        assertThat(main.settings()).isEqualTo(EmulatorSettings.defaults());
    }

    @Test
    void badDurationIsRejectedWithTheAllowedForms() {
        assertThatThrownBy(() -> new CommandLine(new EmulatorMain()).parseArgs("--latency", "fast"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("250ms");
        assertThatThrownBy(() -> {
            EmulatorMain main = new EmulatorMain();
            new CommandLine(main).parseArgs("--durations", "1s,2s");
            main.settings();
        }).hasMessageContaining("three values");
    }
}
