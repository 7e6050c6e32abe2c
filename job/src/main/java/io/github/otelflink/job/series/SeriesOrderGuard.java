package io.github.otelflink.job.series;

import io.github.otelflink.sink.remotewrite.model.Exemplar;
import io.github.otelflink.sink.remotewrite.model.Histogram;
import io.github.otelflink.sink.remotewrite.model.StaleNaN;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import org.apache.flink.metrics.Counter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.annotation.Nullable;

/**
 * Passes on one series' points, already in timestamp order, against what the series emitted
 * before: a point older than the newest one emitted is late ({@code out_of_order}), one at the same
 * timestamp a duplicate ({@code duplicate_timestamp}); delta points become the running total. A
 * late point within {@code outOfOrderWindowMs} still goes out when the receiver accepts
 * out-of-order samples (Prometheus' {@code out_of_order_time_window}), except a delta point,
 * whose total would then go back in time.
 *
 * <p>Start timestamps: a cumulative point keeps its own; a delta point's total carries the start
 * of the accumulation ({@link SeriesState#startMs}), the start time of the first delta point the
 * total added up, so it starts over only with the state (a new series, or expired state).
 */
final class SeriesOrderGuard {
    /** Where the guard counts what it drops, passes late or accumulates. */
    record Counts(Counter outOfOrder, Counter duplicate, Counter passedLate, Counter deltaAccumulated,
            Counter deltaNativeHistogram) {}

    private final long outOfOrderWindowMs;
    private final Counts counts;

    SeriesOrderGuard(long outOfOrderWindowMs, Counts counts) {
        this.outOfOrderWindowMs = outOfOrderWindowMs;
        this.counts = counts;
    }

    /** The points to send, or null when none is left; updates {@code state}. */
    TimeSeries apply(TimeSeries ts, boolean delta, SeriesState state) {
        int n = ts.sampleCount();
        // Allocated only once a point is dropped or changed: most series pass as they are.
        long[] timestamps = null;
        double[] values = null;
        long[] starts = null;
        int kept = 0;
        for (int i = 0; i < n; i++) {
            long t = ts.timestamp(i);
            double v = ts.value(i);
            long start = ts.startTimestamp(i);
            boolean late = t <= state.lastSampleMs;
            if (late && !acceptLate(t, state.lastSampleMs, delta)) {
                if (t == state.lastSampleMs) {
                    counts.duplicate().inc();
                } else {
                    counts.outOfOrder().inc();
                }
                if (timestamps == null) {
                    timestamps = samplesBefore(ts, i);
                    values = valuesBefore(ts, i);
                    starts = startsBefore(ts, i, delta);
                }
                continue;
            }
            boolean freshTotal = state.lastSampleMs == Long.MIN_VALUE;
            if (late) {
                counts.passedLate().inc();
            } else {
                state.lastSampleMs = t;
            }
            if (delta && !StaleNaN.isStaleNaN(v)) {
                if (freshTotal) {
                    state.startMs = start;
                }
                state.total += v;
                v = state.total;
                start = state.startMs;
                counts.deltaAccumulated().inc();
                if (timestamps == null) {
                    timestamps = samplesBefore(ts, i);
                    values = valuesBefore(ts, i);
                    starts = startsBefore(ts, i, delta);
                }
            }
            if (timestamps != null) {
                timestamps[kept] = t;
                values[kept] = v;
                if (starts != null) {
                    starts[kept] = start;
                }
            }
            kept++;
        }
        List<Histogram> histograms = null;
        for (int i = 0; i < ts.histogramCount(); i++) {
            Histogram h = ts.histogram(i);
            Histogram out = pass(h, delta, state);
            if (out != h && histograms == null) {
                histograms = new ArrayList<>(ts.histogramCount());
                for (int j = 0; j < i; j++) {
                    histograms.add(ts.histogram(j));
                }
            }
            if (out != null && histograms != null) {
                histograms.add(out);
            }
        }
        int keptHistograms = histograms == null ? ts.histogramCount() : histograms.size();
        if (kept + keptHistograms == 0) {
            return null;
        }
        if (timestamps == null && histograms == null) {
            return ts;
        }
        if (timestamps == null) {
            timestamps = samplesBefore(ts, n);
            values = valuesBefore(ts, n);
            starts = startsBefore(ts, n, false);
        }
        return new TimeSeries(
                ts.labels(),
                kept == timestamps.length ? timestamps : Arrays.copyOf(timestamps, kept),
                kept == values.length ? values : Arrays.copyOf(values, kept),
                starts == null || kept == starts.length ? starts : Arrays.copyOf(starts, kept),
                histograms == null ? copyHistograms(ts) : histograms.toArray(new Histogram[0]),
                exemplars(ts),
                ts.metadata());
    }

    /**
     * The histogram to send for {@code h}: itself, the running total when it is a delta, or null
     * when it is dropped (late, or a delta that cannot be added up).
     */
    @Nullable
    private Histogram pass(Histogram h, boolean delta, SeriesState state) {
        boolean late = h.timestampMs() <= state.lastHistogramMs;
        if (late && !acceptLate(h.timestampMs(), state.lastHistogramMs, delta)) {
            if (h.timestampMs() == state.lastHistogramMs) {
                counts.duplicate().inc();
            } else {
                counts.outOfOrder().inc();
            }
            return null;
        }
        Histogram out = h;
        if (delta && !h.isStaleMarker()) {
            out = accumulate(h, state);
            if (out == null) {
                counts.deltaNativeHistogram().inc();
                return null;
            }
            counts.deltaAccumulated().inc();
        }
        if (late) {
            counts.passedLate().inc();
        } else {
            state.lastHistogramMs = h.timestampMs();
        }
        return out;
    }

    /**
     * Adds a delta histogram to the series' total and returns the total, or null when it cannot be
     * added. The first histogram of a new total (a new series, or one whose state expired or was
     * not restored) carries the reset hint YES: the cumulative counts start over from zero, which
     * Prometheus could not tell when they happen to exceed the old ones; later ones carry UNKNOWN,
     * so Prometheus checks for resets itself, as for every other native histogram the job sends.
     */
    @Nullable
    private static Histogram accumulate(Histogram h, SeriesState state) {
        NativeHistogramTotal total = state.histogramTotal;
        boolean fresh = total == null;
        if (fresh) {
            total = DeltaHistogramAccumulator.emptyFor(h);
        }
        if (!DeltaHistogramAccumulator.add(total, h)) {
            return null;
        }
        state.histogramTotal = total;
        if (fresh) {
            state.startMs = h.startTimestampMs();
        }
        return DeltaHistogramAccumulator.toHistogram(
                total, h.timestampMs(), fresh ? Histogram.RESET_YES : Histogram.RESET_UNKNOWN, state.startMs);
    }

    /** An array for all of the series' samples, holding its first {@code i} timestamps. */
    private static long[] samplesBefore(TimeSeries ts, int i) {
        long[] a = new long[ts.sampleCount()];
        for (int j = 0; j < i; j++) {
            a[j] = ts.timestamp(j);
        }
        return a;
    }

    /**
     * An array for all of the series' start timestamps holding its first {@code i}, or null when
     * no sample can have one: neither the input's samples nor, for a delta, the totals.
     */
    private static long[] startsBefore(TimeSeries ts, int i, boolean delta) {
        if (!ts.hasStartTimestamps() && !delta) {
            return null;
        }
        long[] a = new long[ts.sampleCount()];
        for (int j = 0; j < i; j++) {
            a[j] = ts.startTimestamp(j);
        }
        return a;
    }

    private static double[] valuesBefore(TimeSeries ts, int i) {
        double[] a = new double[ts.sampleCount()];
        for (int j = 0; j < i; j++) {
            a[j] = ts.value(j);
        }
        return a;
    }

    private boolean acceptLate(long t, long newest, boolean delta) {
        return !delta && outOfOrderWindowMs > 0 && t < newest && newest - t <= outOfOrderWindowMs;
    }

    private static Histogram[] copyHistograms(TimeSeries ts) {
        Histogram[] a = new Histogram[ts.histogramCount()];
        for (int i = 0; i < a.length; i++) {
            a[i] = ts.histogram(i);
        }
        return a;
    }

    private static Exemplar[] exemplars(TimeSeries ts) {
        Exemplar[] e = new Exemplar[ts.exemplarCount()];
        for (int i = 0; i < e.length; i++) {
            e[i] = ts.exemplar(i);
        }
        return e;
    }
}
