package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import io.github.otelflink.sink.remotewrite.model.StaleNaN;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import java.util.List;

/**
 * Gauges and sums: one series per data point, named the family name, with one sample (the int
 * or double value, or {@code StaleNaN} for a point flagged NoRecordedValue) and the point's
 * exemplars; a monotonic sum's sample carries the point's start time. A point with no value and no flag is dropped ({@link DropReason#NO_VALUE}; the
 * Collector would send 0).
 */
final class NumberPointTranslator {
    private NumberPointTranslator() {}

    static void translate(List<NumberDataPoint> points, MetricEmitter e) {
        for (int i = 0; i < points.size(); i++) {
            NumberDataPoint p = points.get(i);
            long ts = e.timestampMs(p.getTimeUnixNano());
            boolean stale = MetricEmitter.isStale(p.getFlags());
            double value;
            if (stale) {
                value = StaleNaN.VALUE;
            } else if (p.getValueCase() == NumberDataPoint.ValueCase.AS_DOUBLE) {
                value = p.getAsDouble();
            } else if (p.getValueCase() == NumberDataPoint.ValueCase.AS_INT) {
                value = p.getAsInt();
            } else {
                e.drop(DropReason.NO_VALUE, 1);
                continue;
            }
            e.labels.beginPoint(p.getAttributesList());
            e.sample(e.labels.series(e.name), ts, value, e.startMs(p.getStartTimeUnixNano(), ts, stale),
                    stale ? null : MetricEmitter.exemplars(p.getExemplarsList()));
        }
    }
}
