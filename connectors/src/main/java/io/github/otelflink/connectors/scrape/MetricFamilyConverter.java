package io.github.otelflink.connectors.scrape;

import io.github.otelflink.connectors.scrape.MetricFamily.Point;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Converts the metric families {@link PrometheusTextParser} read into OTLP metrics, one
 * {@link Metric} per family that has samples, in the order given.
 *
 * <ul>
 *   <li>{@code counter} → monotonic cumulative {@link Sum}. The metric keeps the family name as
 *       written (a {@code _total} suffix is <b>not</b> stripped, unlike the Collector's
 *       {@code prometheus} receiver), so the Prometheus translator gives back the same name.
 *   <li>{@code gauge} and {@code untyped} (and samples with no {@code TYPE}) → {@link Gauge}.
 *   <li>{@code histogram} → cumulative {@link Histogram}: the {@code le} buckets sorted, finite
 *       bounds as explicit bounds, cumulative counts de-cumulated, {@code _count} as count (or the
 *       {@code +Inf} bucket if there is no {@code _count}), {@code _sum} as sum if present.
 *   <li>{@code summary} → {@link Summary}: {@code quantile} samples, {@code _sum}, {@code _count}.
 * </ul>
 *
 * <p>Labels become data point attributes (string values). Start times are left 0: the
 * {@link Scraper} fills them in. HELP text becomes the description; there are no units.
 *
 * <p>A histogram without a count or {@code +Inf} bucket, or with non-monotonic buckets, is a
 * {@link ScrapeParseException} naming the line of its first sample.
 */
final class MetricFamilyConverter {

    private MetricFamilyConverter() {}

    static List<Metric> toMetrics(Collection<MetricFamily> families) throws ScrapeParseException {
        List<Metric> metrics = new ArrayList<>();
        for (MetricFamily family : families) {
            if (!family.points.isEmpty()) {
                metrics.add(toMetric(family));
            }
        }
        return metrics;
    }

    private static Metric toMetric(MetricFamily family) throws ScrapeParseException {
        Metric.Builder metric = Metric.newBuilder().setName(family.name).setDescription(family.help);
        switch (family.type) {
            case COUNTER -> {
                Sum.Builder sum = Sum.newBuilder()
                        .setIsMonotonic(true)
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
                for (Point p : family.points.values()) {
                    sum.addDataPoints(numberPoint(p));
                }
                metric.setSum(sum);
            }
            case GAUGE, UNTYPED -> {
                Gauge.Builder gauge = Gauge.newBuilder();
                for (Point p : family.points.values()) {
                    gauge.addDataPoints(numberPoint(p));
                }
                metric.setGauge(gauge);
            }
            case HISTOGRAM -> {
                Histogram.Builder histogram = Histogram.newBuilder()
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
                for (Point p : family.points.values()) {
                    histogram.addDataPoints(histogramPoint(family, p));
                }
                metric.setHistogram(histogram);
            }
            case SUMMARY -> {
                Summary.Builder summary = Summary.newBuilder();
                for (Point p : family.points.values()) {
                    summary.addDataPoints(summaryPoint(p));
                }
                metric.setSummary(summary);
            }
        }
        return metric.build();
    }

    private static NumberDataPoint numberPoint(Point p) {
        return NumberDataPoint.newBuilder()
                .addAllAttributes(attributes(p.labels))
                .setTimeUnixNano(p.timeNanos)
                .setAsDouble(p.value)
                .build();
    }

    private static HistogramDataPoint histogramPoint(MetricFamily family, Point p) throws ScrapeParseException {
        HistogramDataPoint.Builder point = HistogramDataPoint.newBuilder()
                .addAllAttributes(attributes(p.labels))
                .setTimeUnixNano(p.timeNanos);
        Double total = p.count != null ? p.count : p.buckets.get(Double.POSITIVE_INFINITY);
        if (total == null) {
            throw new ScrapeParseException(p.line, "histogram " + family.name + p.labels
                    + " has neither a _count nor a +Inf bucket");
        }
        double previous = 0;
        for (Map.Entry<Double, Double> bucket : p.buckets.entrySet()) {
            double cumulative = bucket.getValue();
            if (Double.isNaN(cumulative) || cumulative < previous) {
                throw new ScrapeParseException(p.line, "histogram " + family.name + p.labels
                        + " has non-cumulative bucket counts (le=" + bucket.getKey() + ")");
            }
            if (bucket.getKey() != Double.POSITIVE_INFINITY) {
                point.addExplicitBounds(bucket.getKey());
                point.addBucketCounts(Math.round(cumulative - previous));
                previous = cumulative;
            }
        }
        if (total < previous) {
            throw new ScrapeParseException(p.line, "histogram " + family.name + p.labels
                    + " has a count " + total + " below its largest finite bucket " + previous);
        }
        if (!p.buckets.isEmpty()) {
            point.addBucketCounts(Math.round(total - previous));
        }
        point.setCount(Math.round(total));
        if (p.sum != null) {
            point.setSum(p.sum);
        }
        return point.build();
    }

    private static SummaryDataPoint summaryPoint(Point p) {
        SummaryDataPoint.Builder point = SummaryDataPoint.newBuilder()
                .addAllAttributes(attributes(p.labels))
                .setTimeUnixNano(p.timeNanos);
        for (Map.Entry<Double, Double> q : p.quantiles.entrySet()) {
            point.addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder()
                    .setQuantile(q.getKey())
                    .setValue(q.getValue()));
        }
        point.setCount(p.count == null ? 0 : Math.round(p.count));
        point.setSum(p.sum == null ? 0 : p.sum);
        return point.build();
    }

    static List<KeyValue> attributes(Map<String, String> labels) {
        List<KeyValue> attributes = new ArrayList<>(labels.size());
        for (Map.Entry<String, String> label : labels.entrySet()) {
            attributes.add(KeyValue.newBuilder()
                    .setKey(label.getKey())
                    .setValue(AnyValue.newBuilder().setStringValue(label.getValue()))
                    .build());
        }
        return attributes;
    }
}
