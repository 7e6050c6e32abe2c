package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import io.github.otelflink.sink.remotewrite.model.Exemplar;
import io.github.otelflink.sink.remotewrite.model.Histogram;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.MetricMetadata;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import java.util.List;
import javax.annotation.Nullable;

/**
 * What the point translators share while one metric is translated: its name, metadata and
 * temporality, the label builder, the consumer, and the drop counters. Reused for every metric.
 */
final class MetricEmitter {
    static final long NANOS_PER_MILLI = 1_000_000L;
    /** OTLP {@code DataPointFlags.FLAG_NO_RECORDED_VALUE}. */
    static final int FLAG_NO_RECORDED_VALUE = 1;

    final SeriesLabels labels;
    private final long[] drops;

    private TranslatedSeriesConsumer out;
    /** The family name (no {@code _bucket}/{@code _sum}/{@code _count}). */
    String name;
    @Nullable private MetricMetadata metadata;
    private boolean delta;
    /** True while the metric is a counter whose points carry their start time (see {@link #startMs}). */
    private boolean counter;
    /** The newest point timestamp seen in the current resource, in nanoseconds; 0 for none. */
    long newestTimestampNanos;

    MetricEmitter(SeriesLabels labels, long[] drops) {
        this.labels = labels;
        this.drops = drops;
    }

    void beginResource(TranslatedSeriesConsumer out) {
        this.out = out;
        this.newestTimestampNanos = 0;
    }

    void beginMetric(String name, @Nullable MetricMetadata metadata, boolean delta, MetricKind kind) {
        this.name = name;
        this.metadata = metadata;
        this.delta = delta;
        this.counter = kind != MetricKind.GAUGE && kind != MetricKind.NON_MONOTONIC_SUM;
    }

    /**
     * The start timestamp a point of the current metric carries (remote write 2.0
     * {@code start_timestamp}), in milliseconds, or 0 for none: only counters have one (monotonic
     * sums, histograms, summaries; not gauges or non-monotonic sums), a stale marker has none, and
     * a start time that is unset or after the point's own time is left out rather than sent wrong.
     */
    long startMs(long startTimeUnixNano, long timestampMs, boolean stale) {
        if (!counter || stale || startTimeUnixNano <= 0) {
            return 0;
        }
        long startMs = startTimeUnixNano / NANOS_PER_MILLI;
        return startMs > timestampMs ? 0 : startMs;
    }

    /** Notes a point's timestamp for {@code target_info}; returns it in milliseconds. */
    long timestampMs(long timeUnixNano) {
        if (timeUnixNano > newestTimestampNanos) {
            newestTimestampNanos = timeUnixNano;
        }
        return timeUnixNano / NANOS_PER_MILLI;
    }

    void drop(DropReason reason, long count) {
        drops[reason.ordinal()] += count;
    }

    /** One sample; {@code startMs} from {@link #startMs}, 0 for none (no array then: gauges pay nothing). */
    void sample(Labels seriesLabels, long timestampMs, double value, long startMs, @Nullable Exemplar[] exemplars) {
        TimeSeries ts = new TimeSeries(seriesLabels, new long[] {timestampMs}, new double[] {value},
                startMs == 0 ? null : new long[] {startMs}, null, exemplars, metadata);
        out.accept(ts, delta);
    }

    void histogram(Labels seriesLabels, Histogram histogram, @Nullable Exemplar[] exemplars) {
        TimeSeries ts = new TimeSeries(seriesLabels, null, null, new Histogram[] {histogram}, exemplars, metadata);
        out.accept(ts, delta);
    }

    static boolean isStale(int flags) {
        return (flags & FLAG_NO_RECORDED_VALUE) != 0;
    }

    /** All exemplars of a point converted, or null when it has none. */
    @Nullable
    static Exemplar[] exemplars(List<io.opentelemetry.proto.metrics.v1.Exemplar> exemplars) {
        int n = exemplars.size();
        if (n == 0) {
            return null;
        }
        Exemplar[] out = new Exemplar[n];
        for (int i = 0; i < n; i++) {
            out[i] = ExemplarConverter.convert(exemplars.get(i));
        }
        return out;
    }
}
