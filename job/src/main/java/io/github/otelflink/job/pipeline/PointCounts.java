package io.github.otelflink.job.pipeline;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.MetricOrBuilder;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;

/** Counts OTLP data points, the unit the Collector's receiver and exporter metrics count in. */
final class PointCounts {
    private PointCounts() {}

    static int of(MetricOrBuilder metric) {
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

    static long of(ExportMetricsServiceRequest request) {
        long n = 0;
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                for (var m : sm.getMetricsList()) {
                    n += of(m);
                }
            }
        }
        return n;
    }
}
