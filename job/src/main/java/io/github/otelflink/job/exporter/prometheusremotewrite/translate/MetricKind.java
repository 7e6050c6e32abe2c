package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import io.github.otelflink.sink.remotewrite.model.MetricType;

/** The Prometheus view of an OTLP metric: what decides its name suffixes and metadata type. */
public enum MetricKind {
    /** OTLP Gauge; unit {@code 1} adds {@code _ratio}. */
    GAUGE(MetricType.GAUGE),
    /** Monotonic Sum; adds {@code _total}. */
    MONOTONIC_COUNTER(MetricType.COUNTER),
    /** Non-monotonic Sum: a gauge in Prometheus, no {@code _total}. */
    NON_MONOTONIC_SUM(MetricType.GAUGE),
    /** Explicit-bucket Histogram: {@code _bucket}, {@code _sum}, {@code _count}. */
    HISTOGRAM(MetricType.HISTOGRAM),
    /** Exponential Histogram: one native histogram series. */
    EXPONENTIAL_HISTOGRAM(MetricType.HISTOGRAM),
    /** Summary: {@code {quantile}}, {@code _sum}, {@code _count}. */
    SUMMARY(MetricType.SUMMARY);

    private final MetricType metadataType;

    MetricKind(MetricType metadataType) {
        this.metadataType = metadataType;
    }

    /** The metadata type the Collector sends for this kind (before {@code prometheus.type}). */
    public MetricType metadataType() {
        return metadataType;
    }
}
