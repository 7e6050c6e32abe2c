package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import io.github.otelflink.sink.remotewrite.model.Exemplar;
import io.github.otelflink.sink.remotewrite.model.StaleNaN;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import java.util.List;

/**
 * Explicit-bucket histograms, as classic Prometheus histograms. Per data point:
 * <ul>
 *   <li>{@code <name>_sum} when the point has a sum;
 *   <li>{@code <name>_count};
 *   <li>{@code <name>_bucket{le="b"}} per explicit bound {@code b}, with the cumulative count of
 *       the buckets up to it ({@code le} formatted like Go's {@code FormatFloat(b, 'f', -1)}:
 *       {@code 0.005}, {@code 1}, {@code 1000000}); only as many bounds as there are bucket counts;
 *       an explicit {@code +Inf} bound is skipped, it would repeat the next series;
 *   <li>{@code <name>_bucket{le="+Inf"}} with the point's count.
 * </ul>
 * Exemplars go to the {@code _bucket} series of the bucket that holds their value (the first
 * bound {@code >=} the value, else {@code +Inf}). A point flagged NoRecordedValue gives
 * {@code StaleNaN} in {@code _sum} (whether or not it has a sum, so that a {@code _sum} series
 * written before is ended too), {@code _count} and every {@code _bucket}, and no exemplars.
 * For a DELTA histogram every value is that series' change. Every series of the point carries
 * its start time (they are all counters).
 */
final class HistogramPointTranslator {
    private HistogramPointTranslator() {}

    static void translate(List<HistogramDataPoint> points, MetricEmitter e, FloatLabelCache floats) {
        String sumName = e.name + "_sum";
        String countName = e.name + "_count";
        String bucketName = e.name + "_bucket";
        for (int i = 0; i < points.size(); i++) {
            HistogramDataPoint p = points.get(i);
            long ts = e.timestampMs(p.getTimeUnixNano());
            boolean stale = MetricEmitter.isStale(p.getFlags());
            long start = e.startMs(p.getStartTimeUnixNano(), ts, stale);
            e.labels.beginPoint(p.getAttributesList());
            if (stale || p.hasSum()) {
                e.sample(e.labels.series(sumName), ts, stale ? StaleNaN.VALUE : p.getSum(), start, null);
            }
            e.sample(e.labels.series(countName), ts, stale ? StaleNaN.VALUE : p.getCount(), start, null);

            int buckets = Math.min(p.getExplicitBoundsCount(), p.getBucketCountsCount());
            Exemplar[][] perBucket = stale ? null : exemplarsPerBucket(p, buckets);
            long cumulative = 0;
            for (int b = 0; b < buckets; b++) {
                cumulative += p.getBucketCounts(b);
                double bound = p.getExplicitBounds(b);
                if (bound == Double.POSITIVE_INFINITY) {
                    continue;
                }
                e.sample(e.labels.series(bucketName, "le", floats.plain(bound)), ts,
                        stale ? StaleNaN.VALUE : (double) cumulative, start, perBucket == null ? null : perBucket[b]);
            }
            e.sample(e.labels.series(bucketName, "le", "+Inf"), ts, stale ? StaleNaN.VALUE : p.getCount(), start,
                    perBucket == null ? null : perBucket[buckets]);
        }
    }

    /**
     * The exemplars of each bucket series, index {@code buckets} being {@code +Inf}; null when the
     * point has none. An explicit {@code +Inf} bound sends its exemplars to {@code +Inf} too.
     */
    private static Exemplar[][] exemplarsPerBucket(HistogramDataPoint p, int buckets) {
        int n = p.getExemplarsCount();
        if (n == 0) {
            return null;
        }
        int[] target = new int[n];
        int[] counts = new int[buckets + 1];
        for (int x = 0; x < n; x++) {
            io.opentelemetry.proto.metrics.v1.Exemplar ex = p.getExemplars(x);
            double v = ex.getValueCase() == io.opentelemetry.proto.metrics.v1.Exemplar.ValueCase.AS_INT
                    ? ex.getAsInt() : ex.getAsDouble();
            if (Double.isNaN(v)) {
                target[x] = -1; // fits no bucket, as in the Collector
                continue;
            }
            int b = 0;
            while (b < buckets && !(v <= p.getExplicitBounds(b) && p.getExplicitBounds(b) != Double.POSITIVE_INFINITY)) {
                b++;
            }
            target[x] = b;
            counts[b]++;
        }
        Exemplar[][] out = new Exemplar[buckets + 1][];
        for (int x = 0; x < n; x++) {
            int b = target[x];
            if (b < 0) {
                continue;
            }
            if (out[b] == null) {
                out[b] = new Exemplar[counts[b]];
                counts[b] = 0;
            }
            out[b][counts[b]++] = ExemplarConverter.convert(p.getExemplars(x));
        }
        return out;
    }
}
