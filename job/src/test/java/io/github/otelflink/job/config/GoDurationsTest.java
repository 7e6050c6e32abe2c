package io.github.otelflink.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationsTest {

    @ParameterizedTest
    @CsvSource({
        "200ms, PT0.2S",
        "5s, PT5S",
        "1m30s, PT1M30S",
        "300s, PT5M",
        "1h, PT1H",
        "1.5h, PT1H30M",
        "2h45m0.5s, PT2H45M0.5S",
        "100us, PT0.0001S",
        "100µs, PT0.0001S",
        "7ns, PT0.000000007S",
        "0, PT0S",
        ".5s, PT0.5S",
        "-1s, PT-1S"
    })
    void parsesGoDurations(String text, Duration expected) {
        assertThat(GoDurations.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "fast", "5 s", "5sec", "1d", "s", "1.s5", "--1s", "5S"})
    void rejectsWhatGoRejects(String text) {
        assertThatThrownBy(() -> GoDurations.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"PT0S, 0s", "PT0.2S, 200ms", "PT5S, 5s", "PT1M30S, 1m30s", "PT5M, 5m", "PT1H, 1h", "PT1.5S, 1.5s",
        "PT0.0000015S, 1.5us", "PT1H0.25S, 1h0.25s"})
    void formatsCompactly(Duration duration, String expected) {
        assertThat(GoDurations.format(duration)).isEqualTo(expected);
        assertThat(GoDurations.parse(expected)).isEqualTo(duration);
    }
}
