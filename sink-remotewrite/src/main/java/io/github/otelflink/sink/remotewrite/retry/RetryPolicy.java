package io.github.otelflink.sink.remotewrite.retry;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff with jitter, as the Collector's {@code retry_on_failure}: the n-th wait is
 * {@code initialInterval × multiplier^n}, capped at {@code maxInterval}, then spread by ±{@code
 * randomizationFactor}; retrying stops once {@code maxElapsedTime} has passed since the first
 * attempt (zero: never stops). Defaults are the Collector's: 50ms, 0.5, 1.5, 30s, 5m.
 */
@PublicEvolving
public record RetryPolicy(
        boolean enabled,
        Duration initialInterval,
        double randomizationFactor,
        double multiplier,
        Duration maxInterval,
        Duration maxElapsedTime)
        implements Serializable {

    public RetryPolicy {
        Objects.requireNonNull(initialInterval, "retry_on_failure.initial_interval");
        Objects.requireNonNull(maxInterval, "retry_on_failure.max_interval");
        Objects.requireNonNull(maxElapsedTime, "retry_on_failure.max_elapsed_time");
        if (initialInterval.isNegative() || initialInterval.isZero()) {
            throw new IllegalArgumentException("retry_on_failure.initial_interval must be positive, got " + initialInterval);
        }
        if (maxInterval.compareTo(initialInterval) < 0) {
            throw new IllegalArgumentException(
                    "retry_on_failure.max_interval (" + maxInterval + ") must not be below initial_interval ("
                            + initialInterval + ")");
        }
        if (!(randomizationFactor >= 0 && randomizationFactor < 1)) {
            throw new IllegalArgumentException(
                    "retry_on_failure.randomization_factor must be in [0, 1), got " + randomizationFactor);
        }
        if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("retry_on_failure.multiplier must be >= 1, got " + multiplier);
        }
        if (maxElapsedTime.isNegative()) {
            throw new IllegalArgumentException("retry_on_failure.max_elapsed_time must not be negative");
        }
        // Beyond a day a backoff is no longer a backoff; it also keeps every delay inside a long of nanos.
        if (maxInterval.compareTo(MAX_INTERVAL_LIMIT) > 0) {
            throw new IllegalArgumentException(
                    "retry_on_failure.max_interval must be at most 24h, got " + maxInterval);
        }
    }

    /** The longest {@code max_interval} accepted. */
    public static final Duration MAX_INTERVAL_LIMIT = Duration.ofDays(1);

    /**
     * Whether retrying may continue after {@code elapsedNanos} plus a wait of {@code delayNanos}:
     * a {@code max_elapsed_time} of zero means no limit, as in the Collector.
     */
    @Internal
    public boolean withinElapsedTime(long elapsedNanos, long delayNanos) {
        if (maxElapsedTime.isZero()) {
            return true;
        }
        long limit = maxElapsedTime.compareTo(Duration.ofDays(36500)) > 0 ? Long.MAX_VALUE : maxElapsedTime.toNanos();
        return elapsedNanos + delayNanos <= limit;
    }

    /** The Collector's defaults. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(
                true, Duration.ofMillis(50), 0.5, 1.5, Duration.ofSeconds(30), Duration.ofMinutes(5));
    }

    /** No retries: the first failure is final. */
    public static RetryPolicy disabled() {
        RetryPolicy d = defaults();
        return new RetryPolicy(
                false, d.initialInterval, d.randomizationFactor, d.multiplier, d.maxInterval, d.maxElapsedTime);
    }

    /**
     * The un-jittered wait before retry number {@code attempt} (0 for the first retry). Computed
     * in floating point and capped before converting, so huge attempt counts cannot overflow.
     */
    @Internal
    public long baseDelayNanos(int attempt) {
        double nanos = initialInterval.toNanos() * Math.pow(multiplier, Math.max(0, attempt));
        double cap = maxInterval.toNanos();
        return (long) Math.min(nanos, cap);
    }

    /**
     * The wait before retry number {@code attempt}, with {@code random} in [0, 1) choosing a
     * point in {@code base × [1 - factor, 1 + factor]}.
     */
    @Internal
    public long delayNanos(int attempt, double random) {
        double base = baseDelayNanos(attempt);
        double delta = randomizationFactor * base;
        double low = base - delta;
        return (long) (low + random * (2 * delta));
    }
}
