package io.github.otelflink.job.series;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the keyed series step orders samples.
 *
 * @param reorderWindow how long a request's samples are held, in event time (arrival at the
 *     receiver), beyond the moment every source has caught up to their arrival: room for
 *     producers' clocks to disagree (Kafka) and for a client's retry to catch up
 * @param outOfOrderWindow how far back a late, non-delta sample may still be sent, when the
 *     receiver accepts out-of-order samples (Prometheus' {@code out_of_order_time_window}); zero
 *     drops every late sample
 * @param stateTtl how long a series' state (newest timestamp, delta total) is kept without updates
 */
public record SeriesOrdering(Duration reorderWindow, Duration outOfOrderWindow, Duration stateTtl)
        implements Serializable {
    public static final Duration DEFAULT_REORDER_WINDOW = Duration.ofMillis(200);
    public static final Duration DEFAULT_STATE_TTL = Duration.ofHours(1);

    public static final SeriesOrdering DEFAULTS =
            new SeriesOrdering(DEFAULT_REORDER_WINDOW, Duration.ZERO, DEFAULT_STATE_TTL);

    public SeriesOrdering {
        if (reorderWindow.isNegative() || outOfOrderWindow.isNegative() || stateTtl.isNegative() || stateTtl.isZero()) {
            throw new IllegalArgumentException("windows must not be negative and the state TTL must be positive");
        }
    }
}
