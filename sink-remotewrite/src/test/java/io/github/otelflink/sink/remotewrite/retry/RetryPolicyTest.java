package io.github.otelflink.sink.remotewrite.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

class RetryPolicyTest {

    private static final long MS = 1_000_000L;

    private static RetryPolicy policy(Duration initial, double factor, double multiplier, Duration max) {
        return new RetryPolicy(true, initial, factor, multiplier, max, Duration.ofMinutes(5));
    }

    // ---------------------------------------------------------------- defaults

    @Test
    void defaultsAreTheCollectors() {
        RetryPolicy p = RetryPolicy.defaults();

        assertThat(p.enabled()).isTrue();
        assertThat(p.initialInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(p.randomizationFactor()).isEqualTo(0.5);
        assertThat(p.multiplier()).isEqualTo(1.5);
        assertThat(p.maxInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.maxElapsedTime()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void disabledKeepsTheDefaultsButIsOff() {
        RetryPolicy p = RetryPolicy.disabled();

        assertThat(p.enabled()).isFalse();
        assertThat(p.initialInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(p.maxInterval()).isEqualTo(Duration.ofSeconds(30));
    }

    // ---------------------------------------------------------------- base schedule

    @Test
    void baseScheduleGrowsByTheMultiplier() {
        RetryPolicy p = RetryPolicy.defaults();

        assertThat(p.baseDelayNanos(0)).isEqualTo(50_000_000L);
        assertThat(p.baseDelayNanos(1)).isEqualTo(75_000_000L);
        assertThat(p.baseDelayNanos(2)).isEqualTo(112_500_000L);
        assertThat(p.baseDelayNanos(3)).isEqualTo(168_750_000L);
        assertThat(p.baseDelayNanos(4)).isEqualTo(253_125_000L);
        assertThat(p.baseDelayNanos(5)).isEqualTo(379_687_500L);
    }

    @Test
    void baseScheduleIsCappedAtMaxInterval() {
        RetryPolicy p = RetryPolicy.defaults();

        // 50ms × 1.5^15 ≈ 21.9s is below the cap, 50ms × 1.5^16 ≈ 32.8s is above it.
        assertThat(p.baseDelayNanos(15)).isLessThan(30_000 * MS).isGreaterThan(21_000 * MS);
        assertThat(p.baseDelayNanos(16)).isEqualTo(30_000 * MS);
        assertThat(p.baseDelayNanos(17)).isEqualTo(30_000 * MS);
        assertThat(p.baseDelayNanos(100)).isEqualTo(30_000 * MS);
    }

    @Test
    void baseScheduleNeverDecreases() {
        RetryPolicy p = RetryPolicy.defaults();
        long previous = 0;
        for (int n = 0; n < 200; n++) {
            long d = p.baseDelayNanos(n);
            assertThat(d).as("attempt %d", n).isGreaterThanOrEqualTo(previous);
            previous = d;
        }
    }

    @Test
    void multiplierOneKeepsTheInitialInterval() {
        RetryPolicy p = policy(Duration.ofMillis(100), 0.0, 1.0, Duration.ofSeconds(1));

        assertThat(p.baseDelayNanos(0)).isEqualTo(100 * MS);
        assertThat(p.baseDelayNanos(1_000_000)).isEqualTo(100 * MS);
    }

    @Test
    void negativeAttemptIsTreatedAsTheFirst() {
        assertThat(RetryPolicy.defaults().baseDelayNanos(-1)).isEqualTo(50 * MS);
        assertThat(RetryPolicy.defaults().baseDelayNanos(Integer.MIN_VALUE)).isEqualTo(50 * MS);
    }

    // ---------------------------------------------------------------- overflow safety

    @ParameterizedTest
    @ValueSource(ints = {64, 1000, 100_000, Integer.MAX_VALUE})
    void hugeAttemptCountsStayAtTheCap(int attempt) {
        RetryPolicy p = RetryPolicy.defaults();

        assertThat(p.baseDelayNanos(attempt)).isEqualTo(30_000 * MS);
        assertThat(p.delayNanos(attempt, 0.0)).isPositive().isLessThanOrEqualTo(30_000 * MS);
        assertThat(p.delayNanos(attempt, 0.999)).isPositive().isLessThanOrEqualTo(45_000 * MS);
    }

    @ParameterizedTest
    @ValueSource(doubles = {1e6, 1e300, Double.MAX_VALUE})
    void hugeMultipliersStayAtTheCap(double multiplier) {
        RetryPolicy p = policy(Duration.ofMillis(50), 0.5, multiplier, Duration.ofSeconds(30));

        assertThat(p.baseDelayNanos(0)).isEqualTo(50 * MS);
        for (int attempt : new int[] {1, 2, 1000, Integer.MAX_VALUE}) {
            assertThat(p.baseDelayNanos(attempt)).as("attempt %d", attempt).isEqualTo(30_000 * MS);
        }
    }

    @Test
    void zeroMaxElapsedTimeMeansRetryForever() {
        RetryPolicy p = new RetryPolicy(true, Duration.ofMillis(50), 0.5, 1.5, Duration.ofSeconds(30), Duration.ZERO);
        assertThat(p.withinElapsedTime(Long.MAX_VALUE / 2, Duration.ofSeconds(30).toNanos())).isTrue();
        assertThat(RetryPolicy.defaults().withinElapsedTime(Duration.ofMinutes(5).toNanos(), 1)).isFalse();
        assertThat(RetryPolicy.defaults().withinElapsedTime(Duration.ofMinutes(4).toNanos(), 1)).isTrue();
    }

    @Test
    void largestMaxIntervalDoesNotGoNegative() {
        RetryPolicy p = policy(Duration.ofMillis(1), 0.9, 10.0, RetryPolicy.MAX_INTERVAL_LIMIT);

        for (int attempt : new int[] {0, 10, 30, 1000, Integer.MAX_VALUE}) {
            assertThat(p.baseDelayNanos(attempt)).as("attempt %d", attempt)
                    .isPositive().isLessThanOrEqualTo(RetryPolicy.MAX_INTERVAL_LIMIT.toNanos());
            assertThat(p.delayNanos(attempt, 0.999)).as("jittered %d", attempt).isPositive();
        }
    }

    @Test
    void maxIntervalBeyondLongNanosIsRejectedOrSaturates() {
        Duration absurd = Duration.ofHours(3_000_000); // ~342 years
        RetryPolicy p;
        try {
            p = policy(Duration.ofMillis(50), 0.5, 1.5, absurd);
        } catch (IllegalArgumentException rejected) {
            assertThat(rejected).hasMessageContaining("retry_on_failure.max_interval");
            return;
        }
        RetryPolicy accepted = p;
        assertThatCode(() -> accepted.baseDelayNanos(1000)).doesNotThrowAnyException();
        assertThat(accepted.baseDelayNanos(1000)).isPositive();
        assertThat(accepted.delayNanos(1000, 0.5)).isPositive();
    }

    // ---------------------------------------------------------------- jitter

    @Test
    void jitterSpansBaseTimesOneMinusToOnePlusFactor() {
        RetryPolicy p = RetryPolicy.defaults();
        for (int attempt = 0; attempt <= 5; attempt++) {
            long base = p.baseDelayNanos(attempt);
            assertThat(p.delayNanos(attempt, 0.0)).as("r=0, attempt %d", attempt).isEqualTo(base / 2);
            assertThat(p.delayNanos(attempt, 0.5)).as("r=0.5, attempt %d", attempt).isEqualTo(base);
            assertThat((double) p.delayNanos(attempt, 0.999))
                    .as("r=0.999, attempt %d", attempt)
                    .isCloseTo(base * 1.5, within(base * 0.0011));
            assertThat(p.delayNanos(attempt, 0.999)).isLessThan(base * 3 / 2);
        }
    }

    @Test
    void jitterAtTheCapStaysAroundMaxInterval() {
        RetryPolicy p = RetryPolicy.defaults();

        assertThat(p.delayNanos(50, 0.0)).isEqualTo(15_000 * MS);
        assertThat(p.delayNanos(50, 0.5)).isEqualTo(30_000 * MS);
    }

    @Test
    void zeroRandomizationFactorMeansNoJitter() {
        RetryPolicy p = policy(Duration.ofMillis(200), 0.0, 2.0, Duration.ofSeconds(10));

        assertThat(p.delayNanos(3, 0.0)).isEqualTo(1_600 * MS);
        assertThat(p.delayNanos(3, 0.999)).isEqualTo(1_600 * MS);
    }

    @Test
    void jitterIsMonotonicInTheRandomDraw() {
        RetryPolicy p = RetryPolicy.defaults();
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < 1000; i++) {
            long d = p.delayNanos(3, i / 1000.0);
            assertThat(d).isGreaterThanOrEqualTo(previous);
            previous = d;
        }
    }

    // ---------------------------------------------------------------- validation

    @Test
    void nullDurationsNameTheirKey() {
        assertThatThrownBy(() -> new RetryPolicy(true, null, 0.5, 1.5, Duration.ofSeconds(1), Duration.ZERO))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("retry_on_failure.initial_interval");
        assertThatThrownBy(() -> new RetryPolicy(true, Duration.ofMillis(1), 0.5, 1.5, null, Duration.ZERO))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("retry_on_failure.max_interval");
        assertThatThrownBy(() -> new RetryPolicy(true, Duration.ofMillis(1), 0.5, 1.5, Duration.ofSeconds(1), null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("retry_on_failure.max_elapsed_time");
    }

    @Test
    void initialIntervalMustBePositive() {
        assertThatThrownBy(() -> policy(Duration.ZERO, 0.5, 1.5, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retry_on_failure.initial_interval");
        assertThatThrownBy(() -> policy(Duration.ofMillis(-5), 0.5, 1.5, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retry_on_failure.initial_interval");
    }

    @Test
    void maxIntervalMustNotBeBelowInitial() {
        assertThatThrownBy(() -> policy(Duration.ofSeconds(2), 0.5, 1.5, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retry_on_failure.max_interval")
                .hasMessageContaining("PT1S")
                .hasMessageContaining("PT2S");
        assertThatCode(() -> policy(Duration.ofSeconds(1), 0.5, 1.5, Duration.ofSeconds(1)))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, 1.0, 1.5, Double.NaN, Double.POSITIVE_INFINITY})
    void randomizationFactorMustBeInZeroToOne(double factor) {
        assertThatThrownBy(() -> policy(Duration.ofMillis(50), factor, 1.5, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retry_on_failure.randomization_factor");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.99, -2.0, Double.NaN, Double.POSITIVE_INFINITY})
    void multiplierMustBeAtLeastOneAndFinite(double multiplier) {
        assertThatThrownBy(() -> policy(Duration.ofMillis(50), 0.5, multiplier, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retry_on_failure.multiplier");
    }

    @Test
    void maxElapsedTimeMustNotBeNegativeButMayBeZero() {
        assertThatThrownBy(() -> new RetryPolicy(
                        true, Duration.ofMillis(50), 0.5, 1.5, Duration.ofSeconds(30), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retry_on_failure.max_elapsed_time");
        assertThatCode(() -> new RetryPolicy(
                        true, Duration.ofMillis(50), 0.5, 1.5, Duration.ofSeconds(30), Duration.ZERO))
                .doesNotThrowAnyException();
    }

    @Test
    void boundaryValuesAreAccepted() {
        assertThatCode(() -> policy(Duration.ofNanos(1), 0.0, 1.0, Duration.ofNanos(1))).doesNotThrowAnyException();
        assertThatCode(() -> policy(Duration.ofMillis(1), 0.999999, 1e300, Duration.ofHours(1)))
                .doesNotThrowAnyException();
    }
}
