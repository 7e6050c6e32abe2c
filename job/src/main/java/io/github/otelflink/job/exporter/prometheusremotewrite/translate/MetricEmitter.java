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

    void beginMetric(String name, @Nullable MetricMetadata metadata, boolean delta) {
        this.name = name;
        this.metadata = metadata;
        this.delta = delta;
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

    void sample(Labels seriesLabels, long timestampMs, double value, @Nullable Exemplar[] exemplars) {
        TimeSeries ts = new TimeSeries(seriesLabels, new long[] {timestampMs}, new double[] {value}, null,
                exemplars, metadata);
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
