package io.github.otelflink.connectors.decode;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.MetricOrBuilder;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.Nullable;

/**
 * Counts the data points of an export request and removes those no exporter could use, so that
 * a receiver can answer with {@code partial_success.rejected_data_points}:
 *
 * <ul>
 *   <li>a gauge or sum point with neither {@code asDouble} nor {@code asInt}, unless it is flagged
 *       {@code FLAG_NO_RECORDED_VALUE} (a staleness marker);
 *   <li>a histogram point whose {@code bucketCounts} is not empty and does not have one entry more
 *       than {@code explicitBounds}.
 * </ul>
 *
 * <p>The common case, nothing rejected, allocates nothing and returns the request itself.
 */
public final class OtlpMetricsValidator {

    /** Reasons quoted in the message; the count covers the rest. */
    private static final int MAX_REASONS = 3;

    private OtlpMetricsValidator() {}

    /** Data points of every metric type in {@code request}. */
    public static long countDataPoints(ExportMetricsServiceRequest request) {
        long points = 0;
        for (ResourceMetrics resourceMetrics : request.getResourceMetricsList()) {
            for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
                for (Metric metric : scopeMetrics.getMetricsList()) {
                    points += countDataPoints(metric);
                }
            }
        }
        return points;
    }

    /** {@code request} without its unusable data points, and the counts. */
    public static ValidatedRequest validate(ExportMetricsServiceRequest request) {
        long points = 0;
        boolean anyRejected = false;
        for (ResourceMetrics resourceMetrics : request.getResourceMetricsList()) {
            for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
                for (Metric metric : scopeMetrics.getMetricsList()) {
                    points += countDataPoints(metric);
                    anyRejected = anyRejected || hasUnusablePoint(metric);
                }
            }
        }
        if (!anyRejected) {
            return new ValidatedRequest(request, points, 0, null);
        }
        return removeUnusablePoints(request, points);
    }

    private static ValidatedRequest removeUnusablePoints(ExportMetricsServiceRequest request, long points) {
        List<String> reasons = new ArrayList<>();
        long rejected = 0;
        ExportMetricsServiceRequest.Builder kept = request.toBuilder();
        for (int r = 0; r < kept.getResourceMetricsCount(); r++) {
            ResourceMetrics.Builder resourceMetrics = kept.getResourceMetricsBuilder(r);
            for (int s = 0; s < resourceMetrics.getScopeMetricsCount(); s++) {
                ScopeMetrics.Builder scopeMetrics = resourceMetrics.getScopeMetricsBuilder(s);
                for (int m = 0; m < scopeMetrics.getMetricsCount(); m++) {
                    Metric metric = scopeMetrics.getMetrics(m);
                    if (!hasUnusablePoint(metric)) {
                        continue;
                    }
                    String where = "resourceMetrics[" + r + "].scopeMetrics[" + s + "].metrics[" + m + "] (\""
                            + metric.getName() + "\")";
                    Metric.Builder cleaned = metric.toBuilder();
                    rejected += removeUnusablePoints(cleaned, where, reasons);
                    scopeMetrics.setMetrics(m, cleaned);
                }
            }
        }
        String message = rejected + " data point" + (rejected == 1 ? " was" : "s were") + " rejected: "
                + String.join("; ", reasons) + (rejected > reasons.size() ? "; ..." : "");
        return new ValidatedRequest(kept.build(), points - rejected, rejected, message);
    }

    private static long removeUnusablePoints(Metric.Builder metric, String where, List<String> reasons) {
        long rejected = 0;
        if (metric.hasGauge() || metric.hasSum()) {
            List<NumberDataPoint> points = metric.hasGauge()
                    ? metric.getGauge().getDataPointsList()
                    : metric.getSum().getDataPointsList();
            List<NumberDataPoint> usable = new ArrayList<>(points.size());
            for (int i = 0; i < points.size(); i++) {
                String reason = problemOf(points.get(i));
                if (reason == null) {
                    usable.add(points.get(i));
                } else {
                    rejected++;
                    addReason(reasons, where + ".dataPoints[" + i + "]: " + reason);
                }
            }
            if (metric.hasGauge()) {
                metric.getGaugeBuilder().clearDataPoints().addAllDataPoints(usable);
            } else {
                metric.getSumBuilder().clearDataPoints().addAllDataPoints(usable);
            }
        } else if (metric.hasHistogram()) {
            List<HistogramDataPoint> points = metric.getHistogram().getDataPointsList();
            List<HistogramDataPoint> usable = new ArrayList<>(points.size());
            for (int i = 0; i < points.size(); i++) {
                String reason = problemOf(points.get(i));
                if (reason == null) {
                    usable.add(points.get(i));
                } else {
                    rejected++;
                    addReason(reasons, where + ".dataPoints[" + i + "]: " + reason);
                }
            }
            metric.getHistogramBuilder().clearDataPoints().addAllDataPoints(usable);
        }
        return rejected;
    }

    private static void addReason(List<String> reasons, String reason) {
        if (reasons.size() < MAX_REASONS) {
            reasons.add(reason);
        }
    }

    private static boolean hasUnusablePoint(Metric metric) {
        switch (metric.getDataCase()) {
            case GAUGE:
                return anyUnusable(metric.getGauge().getDataPointsList());
            case SUM:
                return anyUnusable(metric.getSum().getDataPointsList());
            case HISTOGRAM:
                for (HistogramDataPoint point : metric.getHistogram().getDataPointsList()) {
                    if (problemOf(point) != null) {
                        return true;
                    }
                }
                return false;
            default:
                return false;
        }
    }

    private static boolean anyUnusable(List<NumberDataPoint> points) {
        for (NumberDataPoint point : points) {
            if (problemOf(point) != null) {
                return true;
            }
        }
        return false;
    }

    @Nullable
    private static String problemOf(NumberDataPoint point) {
        if (point.getValueCase() == NumberDataPoint.ValueCase.VALUE_NOT_SET
                && (point.getFlags() & DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE) == 0) {
            return "no value (neither asDouble nor asInt)";
        }
        return null;
    }

    @Nullable
    private static String problemOf(HistogramDataPoint point) {
        int buckets = point.getBucketCountsCount();
        int bounds = point.getExplicitBoundsCount();
        if (buckets != 0 && buckets != bounds + 1) {
            return "bucketCounts has " + buckets + " entries for " + bounds + " explicitBounds (expected "
                    + (bounds + 1) + ")";
        }
        return null;
    }

    /** The data points of one metric, the unit the Collector's receiver and exporter metrics count. */
    public static int countDataPoints(MetricOrBuilder metric) {
        switch (metric.getDataCase()) {
            case GAUGE:
                return metric.getGauge().getDataPointsCount();
            case SUM:
                return metric.getSum().getDataPointsCount();
            case HISTOGRAM:
                return metric.getHistogram().getDataPointsCount();
            case EXPONENTIAL_HISTOGRAM:
                return metric.getExponentialHistogram().getDataPointsCount();
            case SUMMARY:
                return metric.getSummary().getDataPointsCount();
            default:
                return 0;
        }
    }
}
