package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import io.github.otelflink.sink.remotewrite.model.StaleNaN;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.util.List;

/**
 * Summaries: per data point {@code <name>_sum}, {@code <name>_count}, and one
 * {@code <name>{quantile="q"}} series per quantile ({@code q} formatted like Go's
 * {@code FormatFloat(q, 'f', -1)}: {@code 0.5}, {@code 0.99}, {@code 1}). A point flagged
 * NoRecordedValue gives {@code StaleNaN} in every one of them. {@code _sum} and {@code _count}
 * are counters and carry the point's start time; a quantile is a gauge-like snapshot and does not.
 */
final class SummaryPointTranslator {
    private SummaryPointTranslator() {}

    static void translate(List<SummaryDataPoint> points, MetricEmitter e, FloatLabelCache floats) {
        String sumName = e.name + "_sum";
        String countName = e.name + "_count";
        for (int i = 0; i < points.size(); i++) {
            SummaryDataPoint p = points.get(i);
            long ts = e.timestampMs(p.getTimeUnixNano());
            boolean stale = MetricEmitter.isStale(p.getFlags());
            long start = e.startMs(p.getStartTimeUnixNano(), ts, stale);
            e.labels.beginPoint(p.getAttributesList());
            e.sample(e.labels.series(sumName), ts, stale ? StaleNaN.VALUE : p.getSum(), start, null);
            e.sample(e.labels.series(countName), ts, stale ? StaleNaN.VALUE : p.getCount(), start, null);
            for (int q = 0; q < p.getQuantileValuesCount(); q++) {
                SummaryDataPoint.ValueAtQuantile vq = p.getQuantileValues(q);
                e.sample(e.labels.series(e.name, "quantile", floats.plain(vq.getQuantile())), ts,
                        stale ? StaleNaN.VALUE : vq.getValue(), 0, null);
            }
        }
    }
}
