package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import io.github.otelflink.sink.remotewrite.model.Histogram;
import io.github.otelflink.sink.remotewrite.model.StaleNaN;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import java.util.List;

/**
 * Exponential histograms, as native histograms: one series named the family name (no
 * {@code _bucket}) with one integer histogram per data point.
 *
 * <ul>
 *   <li>schema = scale; a scale above 8 (the finest native schema) is brought down to 8 by
 *       merging buckets ({@link NativeHistogramBuckets}); a scale below -4 cannot be held and the
 *       point is dropped ({@link DropReason#UNSUPPORTED_SCALE}), as in the Collector (so is a
 *       point whose bucket indexes do not fit a 32-bit span offset);
 *   <li>count, sum (0 when the point has none, as in the Collector), zero count;
 *   <li>zero threshold: the point's {@code zero_threshold} when set, else {@code 1e-128} (the
 *       Collector always sends {@code 1e-128}, with a TODO to use the field; using it keeps the
 *       zero bucket as wide as the producer made it);
 *   <li>reset hint UNKNOWN: always safe, Prometheus then detects resets itself (the Collector's
 *       choice too);
 *   <li>a point flagged NoRecordedValue gives a histogram whose sum is {@code StaleNaN} and that
 *       holds nothing else (no count, no buckets), Prometheus' native stale marker;
 *   <li>the start time, in milliseconds, as the histogram's start timestamp (none on a stale
 *       marker).
 * </ul>
 * The point's exemplars go with the series.
 */
final class ExponentialHistogramPointTranslator {
    /** The finest native-histogram schema. */
    static final int MAX_SCHEMA = 8;
    /** The coarsest native-histogram schema. */
    static final int MIN_SCHEMA = -4;
    /** The Collector's zero threshold when the point does not give one. */
    static final double DEFAULT_ZERO_THRESHOLD = 1e-128;

    private ExponentialHistogramPointTranslator() {}

    static void translate(List<ExponentialHistogramDataPoint> points, MetricEmitter e) {
        for (int i = 0; i < points.size(); i++) {
            ExponentialHistogramDataPoint p = points.get(i);
            long ts = e.timestampMs(p.getTimeUnixNano());
            int scale = p.getScale();
            if (scale < MIN_SCHEMA) {
                e.drop(DropReason.UNSUPPORTED_SCALE, 1);
                continue;
            }
            int schema = Math.min(scale, MAX_SCHEMA);
            Histogram h;
            boolean stale = MetricEmitter.isStale(p.getFlags());
            if (stale) {
                h = Histogram.integerHistogram().sum(StaleNaN.VALUE).schema(schema).timestampMs(ts).build();
            } else {
                try {
                    h = toNative(p, schema, scale - schema, ts, e.startMs(p.getStartTimeUnixNano(), ts, false));
                } catch (IllegalArgumentException outOfRange) {
                    e.drop(DropReason.UNSUPPORTED_SCALE, 1);
                    continue;
                }
            }
            e.labels.beginPoint(p.getAttributesList());
            e.histogram(e.labels.series(e.name), h, stale ? null : MetricEmitter.exemplars(p.getExemplarsList()));
        }
    }

    static Histogram toNative(ExponentialHistogramDataPoint p, int schema, int scaleDown, long timestampMs, long startMs) {
        NativeHistogramBuckets positive = NativeHistogramBuckets.of(p.getPositive(), scaleDown);
        NativeHistogramBuckets negative = NativeHistogramBuckets.of(p.getNegative(), scaleDown);
        double zeroThreshold = p.getZeroThreshold() > 0 ? p.getZeroThreshold() : DEFAULT_ZERO_THRESHOLD;
        return Histogram.integerHistogram()
                .count(p.getCount())
                .sum(p.hasSum() ? p.getSum() : 0)
                .schema(schema)
                .zeroThreshold(zeroThreshold)
                .zeroCount(p.getZeroCount())
                .positiveSpans(positive.spanOffsets, positive.spanLengths)
                .positiveDeltas(positive.deltas)
                .negativeSpans(negative.spanOffsets, negative.spanLengths)
                .negativeDeltas(negative.deltas)
                .resetHint(Histogram.RESET_UNKNOWN)
                .timestampMs(timestampMs)
                .startTimestampMs(startMs)
                .build();
    }
}
