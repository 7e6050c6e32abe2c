package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import io.github.otelflink.job.pdata.AttributeValues;
import io.github.otelflink.job.pdata.LabelNames;
import io.github.otelflink.job.relabel.Relabeler;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.LabelsBuilder;
import io.github.otelflink.sink.remotewrite.model.MetricMetadata;
import io.github.otelflink.sink.remotewrite.model.MetricType;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.util.List;
import java.util.function.Function;
import javax.annotation.Nullable;

/**
 * Translates OTLP metrics into Prometheus remote-write series the way the Collector's
 * {@code prometheusremotewrite} exporter does (OTel "Prometheus and OpenMetrics Compatibility"),
 * except that DELTA sums and histograms are kept and flagged instead of dropped.
 *
 * <pre>{@code
 * OtlpTranslator translator = new OtlpTranslator(TranslationConfig.defaults());
 * for (ResourceMetrics rm : request.getResourceMetricsList()) {
 *     translator.translate(rm, (series, delta) -> out.collect(series));
 * }
 * }</pre>
 *
 * <p>Per metric type: gauge → one sample; sum → one sample, {@code _total} when monotonic;
 * histogram → {@code _bucket{le}}, {@code _sum}, {@code _count} ({@link HistogramPointTranslator});
 * exponential histogram → native histogram ({@link ExponentialHistogramPointTranslator});
 * summary → {@code {quantile}}, {@code _sum}, {@code _count} ({@link SummaryPointTranslator}).
 * Names: {@link MetricNamer}; labels: {@link SeriesLabels}, {@link LabelNames},
 * {@link AttributeValues}. Per resource, {@code target_info} carries the resource attributes
 * other than {@code service.name/namespace/instance.id} (value 1, at the newest point's time).
 *
 * <p>As in recent Collector versions, the instrumentation scope adds no labels
 * ({@code otel_scope_name}/{@code otel_scope_version} are not sent).
 *
 * <p>Where this differs from the Collector, on purpose: DELTA points are flagged, not dropped;
 * label names are escaped to the legacy charset unless a UTF-8 strategy is set
 * ({@link TranslationConfig#utf8Names()}, remote write 2.0 only); with
 * {@code resource_to_telemetry_conversion} a point attribute wins over a resource attribute of
 * the same name; a stale histogram point also marks {@code _sum} stale; an exponential
 * histogram's own zero threshold is used; metadata family names include the namespace; a number
 * point without value is dropped rather than sent as 0.
 *
 * <p>One translator per exporter, reused for every request; not thread-safe. Its caches (metric
 * and label names) are bounded.
 */
public final class OtlpTranslator {
    final TranslationConfig config;
    final MetricNamer namer;
    final SeriesLabels labels;
    final MetricEmitter emitter;
    private final FloatLabelCache floats = new FloatLabelCache();
    final long[] drops = new long[DropReason.values().length];
    @Nullable private final TenantSource tenants;
    /** The tenant of the current request, when the tenant comes from its metadata. */
    @Nullable private String requestTenant;
    /** The identity of the resource being translated. */
    private ServiceIdentity identity;
    /** The reader of undecoded requests, made at first use. */
    @Nullable private WireRequestTranslator wire;

    public OtlpTranslator(TranslationConfig config) {
        this(config, null);
    }

    /** A translator that labels every series with its resource's tenant ({@link TenantSource#LABEL}). */
    public OtlpTranslator(TranslationConfig config, @Nullable TenantSource tenants) {
        this.config = config;
        this.tenants = tenants;
        this.namer = new MetricNamer(config.namespace(), config.addMetricSuffixes(), config.utf8Names());
        this.labels = new SeriesLabels(config.externalLabels(), config.utf8Names());
        this.emitter = new MetricEmitter(labels, drops);
    }

    /**
     * What writes the labels of the series this translator emits: it can describe the labels it
     * wrote last ({@link LabelsBuilder#layoutOf}), for relabeling them on the same thread.
     */
    public LabelsBuilder labelsWriter() {
        return labels.writer();
    }

    /**
     * Applies {@code rules} to every series' labels as they are written, when what the rules do
     * depends on label names alone ({@link Relabeler#dependsOnNamesOnly()}): each label layout's
     * result is worked out once and written directly, instead of the translated labels being
     * relabeled into a second label set. Same result either way.
     *
     * @return whether this translator took the rules (the caller must then not apply them again)
     */
    public boolean relabelWhileWriting(Relabeler rules) {
        if (rules.isEmpty() || !rules.dependsOnNamesOnly()) {
            return false;
        }
        labels.relabelWhileWriting(rules);
        return true;
    }

    /**
     * Starts a request whose client metadata names {@code tenant} (see {@link
     * TenantSource#requestTenant}); only used when the tenant comes from the request's metadata.
     */
    public void beginRequest(String tenant) {
        this.requestTenant = tenant;
    }

    /** Translates every metric of {@code resourceMetrics}, then its {@code target_info}. */
    public void translate(ResourceMetrics resourceMetrics, TranslatedSeriesConsumer out) {
        List<KeyValue> resourceAttributes = beginResource(resourceMetrics.getResource().getAttributesList(), out);
        for (int s = 0; s < resourceMetrics.getScopeMetricsCount(); s++) {
            ScopeMetrics scope = resourceMetrics.getScopeMetrics(s);
            for (int m = 0; m < scope.getMetricsCount(); m++) {
                translateMetric(scope.getMetrics(m));
            }
        }
        endResource(resourceAttributes, out);
    }

    /**
     * Translates every resource of a binary {@code ExportMetricsServiceRequest} read straight from
     * its bytes, which {@code OtlpWireScan} accepted (gauges and sums only): the same series, in
     * the same order, as decoding it and calling {@link #translate(ResourceMetrics,
     * TranslatedSeriesConsumer)} for each resource.
     */
    public void translate(byte[] body, int offset, int length, TranslatedSeriesConsumer out) {
        translate(body, offset, length, out, null);
    }

    /**
     * As {@link #translate(byte[], int, int, TranslatedSeriesConsumer)}, with the pipeline's
     * processors applied while reading (null: none, or applied already): the series translating
     * the processed request would give.
     */
    public void translate(byte[] body, int offset, int length, TranslatedSeriesConsumer out, @Nullable WireEdits edits) {
        if (wire == null) {
            wire = new WireRequestTranslator(this);
        }
        wire.translate(body, offset, offset + length, out, edits);
    }

    /**
     * Starts a resource: its tenant, identity and resource labels; returns its attributes as they
     * go into labels (without the tenant attribute, unless kept).
     */
    List<KeyValue> beginResource(List<KeyValue> resourceAttributes, TranslatedSeriesConsumer out) {
        String tenant = null;
        if (tenants != null && tenants.contextKey() != null) {
            tenant = requestTenant == null ? tenants.defaultTenant() : requestTenant;
        } else if (tenants != null) {
            int index = tenants.indexIn(resourceAttributes);
            tenant = tenants.tenant(resourceAttributes, index);
            resourceAttributes = tenants.labelAttributes(resourceAttributes, index);
        }
        identity = ServiceIdentity.of(resourceAttributes);
        labels.beginResource(resourceAttributes, identity, config.resourceToTelemetryConversion(), tenant);
        emitter.beginResource(out);
        return resourceAttributes;
    }

    /** Ends a resource: its {@code target_info}, when it has one. */
    void endResource(List<KeyValue> resourceAttributes, TranslatedSeriesConsumer out) {
        if (config.targetInfoEnabled() && identity.otherAttributes > 0 && emitter.newestTimestampNanos != 0) {
            emitTargetInfo(resourceAttributes, out);
        }
    }

    /** How many data points (or, for {@link DropReason#NO_DATA}, metrics) were left out for {@code reason}. */
    public long dropped(DropReason reason) {
        return drops[reason.ordinal()];
    }

    /** The translator's metric namer (the names it gives, for relabelling or tests). */
    public MetricNamer metricNamer() {
        return namer;
    }

    private void translateMetric(Metric metric) {
        switch (metric.getDataCase()) {
            case GAUGE:
                if (begin(metric, MetricKind.GAUGE, false, metric.getGauge().getDataPointsCount())) {
                    NumberPointTranslator.translate(metric.getGauge().getDataPointsList(), emitter);
                }
                break;
            case SUM: {
                var sum = metric.getSum();
                MetricKind kind = sum.getIsMonotonic() ? MetricKind.MONOTONIC_COUNTER : MetricKind.NON_MONOTONIC_SUM;
                Boolean delta = isDelta(sum.getAggregationTemporality());
                if (delta == null) {
                    noteUnspecified(metric, sum.getDataPointsCount());
                } else if (begin(metric, kind, delta, sum.getDataPointsCount())) {
                    NumberPointTranslator.translate(sum.getDataPointsList(), emitter);
                }
                break;
            }
            case HISTOGRAM: {
                var histogram = metric.getHistogram();
                Boolean delta = isDelta(histogram.getAggregationTemporality());
                if (delta == null) {
                    noteUnspecified(metric, histogram.getDataPointsCount());
                } else if (begin(metric, MetricKind.HISTOGRAM, delta, histogram.getDataPointsCount())) {
                    HistogramPointTranslator.translate(histogram.getDataPointsList(), emitter, floats);
                }
                break;
            }
            case EXPONENTIAL_HISTOGRAM: {
                var histogram = metric.getExponentialHistogram();
                Boolean delta = isDelta(histogram.getAggregationTemporality());
                if (delta == null) {
                    noteUnspecified(metric, histogram.getDataPointsCount());
                } else if (begin(metric, MetricKind.EXPONENTIAL_HISTOGRAM, delta, histogram.getDataPointsCount())) {
                    ExponentialHistogramPointTranslator.translate(histogram.getDataPointsList(), emitter);
                }
                break;
            }
            case SUMMARY:
                if (begin(metric, MetricKind.SUMMARY, false, metric.getSummary().getDataPointsCount())) {
                    SummaryPointTranslator.translate(metric.getSummary().getDataPointsList(), emitter, floats);
                }
                break;
            default:
                drops[DropReason.NO_DATA.ordinal()]++;
        }
    }

    /** Sets up the emitter for {@code metric}; false (and counted) when its name is unusable. */
    private boolean begin(Metric metric, MetricKind kind, boolean delta, int points) {
        if (!begin(metric.getName(), metric.getUnit(), kind, delta, points,
                metadata(metric.getDescription(), metric.getUnit(), prometheusType(metric), kind))) {
            noteTimestamps(metric);
            return false;
        }
        return true;
    }

    /**
     * Sets up the emitter for a metric of {@code name} and {@code unit}; false (and counted) when
     * the name is unusable, and the caller notes the points' timestamps then.
     */
    boolean begin(String name, String unit, MetricKind kind, boolean delta, int points,
            Function<String, MetricMetadata> metadata) {
        String family = namer.name(name, unit, kind);
        if (family.isEmpty()) {
            drops[DropReason.INVALID_METRIC_NAME.ordinal()] += points;
            return false;
        }
        emitter.beginMetric(family, config.sendMetadata() ? metadata.apply(family) : null, delta, kind);
        return true;
    }

    /** True for DELTA, false for CUMULATIVE, null for UNSPECIFIED (dropped, as in the Collector). */
    @Nullable
    private static Boolean isDelta(AggregationTemporality temporality) {
        switch (temporality) {
            case AGGREGATION_TEMPORALITY_DELTA:
                return Boolean.TRUE;
            case AGGREGATION_TEMPORALITY_CUMULATIVE:
                return Boolean.FALSE;
            default:
                return null;
        }
    }

    private void noteUnspecified(Metric metric, int points) {
        noteUnspecified(points);
        noteTimestamps(metric);
    }

    void noteUnspecified(int points) {
        drops[DropReason.UNSPECIFIED_TEMPORALITY.ordinal()] += points;
    }

    /**
     * Counts a dropped metric's points towards the newest timestamp of its resource, as the
     * Collector does, so {@code target_info} does not depend on which metrics could be sent.
     */
    private void noteTimestamps(Metric metric) {
        switch (metric.getDataCase()) {
            case GAUGE:
                metric.getGauge().getDataPointsList().forEach(p -> emitter.timestampMs(p.getTimeUnixNano()));
                break;
            case SUM:
                metric.getSum().getDataPointsList().forEach(p -> emitter.timestampMs(p.getTimeUnixNano()));
                break;
            case HISTOGRAM:
                metric.getHistogram().getDataPointsList().forEach(p -> emitter.timestampMs(p.getTimeUnixNano()));
                break;
            case EXPONENTIAL_HISTOGRAM:
                metric.getExponentialHistogram().getDataPointsList()
                        .forEach(p -> emitter.timestampMs(p.getTimeUnixNano()));
                break;
            case SUMMARY:
                metric.getSummary().getDataPointsList().forEach(p -> emitter.timestampMs(p.getTimeUnixNano()));
                break;
            default:
                break;
        }
    }

    /**
     * The Collector's metadata: type from the kind, overridden by the metric's
     * {@code prometheus.type} metadata where the Collector honours it (gauge → unknown;
     * non-monotonic sum → info or stateset); family name = the series' base name (the Collector
     * leaves the namespace out of it, which then matches no series; here it is in); help = the
     * description; unit = the Prometheus unit ({@code seconds}, {@code bytes_per_second}).
     */
    static Function<String, MetricMetadata> metadata(String description, String unit,
            @Nullable String promType, MetricKind kind) {
        return familyName -> {
            MetricType type = kind.metadataType();
            if (promType != null) {
                if (kind == MetricKind.GAUGE && promType.equals("unknown")) {
                    type = MetricType.UNKNOWN;
                } else if (kind == MetricKind.NON_MONOTONIC_SUM && promType.equals("info")) {
                    type = MetricType.INFO;
                } else if (kind == MetricKind.NON_MONOTONIC_SUM && promType.equals("stateset")) {
                    type = MetricType.STATESET;
                }
            }
            return new MetricMetadata(type, familyName, description, PrometheusUnits.metadataUnit(unit));
        };
    }

    /** The metadata of {@code metric}, a metric of {@code kind} named {@code familyName}. */
    static MetricMetadata metadata(Metric metric, MetricKind kind, String familyName) {
        return metadata(metric.getDescription(), metric.getUnit(), prometheusType(metric), kind).apply(familyName);
    }

    @Nullable
    private static String prometheusType(Metric metric) {
        return prometheusType(metric.getMetadataList());
    }

    /** The value of the {@code prometheus.type} metadata entry, or null. */
    @Nullable
    static String prometheusType(List<KeyValue> metadata) {
        for (int i = 0; i < metadata.size(); i++) {
            KeyValue kv = metadata.get(i);
            if (kv.getKey().equals("prometheus.type")) {
                return kv.getValue().getStringValue();
            }
        }
        return null;
    }

    private void emitTargetInfo(List<KeyValue> resourceAttributes, TranslatedSeriesConsumer out) {
        String name = namer.targetInfoName();
        Labels targetLabels = labels.targetInfo(resourceAttributes, name);
        if (targetLabels == null) {
            return;
        }
        MetricMetadata metadata = config.sendMetadata()
                ? new MetricMetadata(MetricType.GAUGE, name, "Target metadata", "")
                : null;
        long ts = emitter.newestTimestampNanos / MetricEmitter.NANOS_PER_MILLI;
        out.accept(new TimeSeries(targetLabels, new long[] {ts}, new double[] {1.0}, null, null, metadata), false);
    }
}
