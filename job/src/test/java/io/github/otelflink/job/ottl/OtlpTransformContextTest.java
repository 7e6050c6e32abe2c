package io.github.otelflink.job.ottl;

import static io.github.otelflink.job.ottl.Otlp.attr;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.job.processor.ErrorMode;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Statements over every OTLP point type and level, through the builder-backed context. */
class OtlpTransformContextTest {

    private static ResourceMetrics allTypes() {
        return Otlp.resourceMetrics(Otlp.attrs("service.name", "svc"),
                Otlp.gauge("gauge", Otlp.point(1, "k", "gauge")),
                Otlp.counter("sum", Otlp.point(2, "k", "sum")),
                Metric.newBuilder().setName("histogram").setHistogram(Histogram.newBuilder()
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                        .addDataPoints(HistogramDataPoint.newBuilder().setCount(4).setSum(10).addAttributes(attr("k", "histogram"))))
                        .build(),
                Metric.newBuilder().setName("exponential").setExponentialHistogram(ExponentialHistogram.newBuilder()
                        .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setCount(5).setScale(3).setZeroCount(1)
                                .addAttributes(attr("k", "exponential"))))
                        .build(),
                Metric.newBuilder().setName("summary").setSummary(Summary.newBuilder()
                        .addDataPoints(SummaryDataPoint.newBuilder().setCount(6).setSum(12).addAttributes(attr("k", "summary"))))
                        .build());
    }

    private static List<List<KeyValue>> pointAttributes(ResourceMetrics rm) {
        List<List<KeyValue>> out = new ArrayList<>();
        for (Metric m : rm.getScopeMetrics(0).getMetricsList()) {
            switch (m.getDataCase()) {
                case GAUGE: out.add(m.getGauge().getDataPoints(0).getAttributesList()); break;
                case SUM: out.add(m.getSum().getDataPoints(0).getAttributesList()); break;
                case HISTOGRAM: out.add(m.getHistogram().getDataPoints(0).getAttributesList()); break;
                case EXPONENTIAL_HISTOGRAM: out.add(m.getExponentialHistogram().getDataPoints(0).getAttributesList()); break;
                default: out.add(m.getSummary().getDataPoints(0).getAttributesList());
            }
        }
        return out;
    }

    private static ResourceMetrics run(OttlContext context, String... statements) {
        ResourceMetrics.Builder rm = allTypes().toBuilder();
        Otlp.transformer(context, ErrorMode.PROPAGATE, statements).apply(rm);
        return rm.build();
    }

    @Test
    void datapointStatementsReachEveryPointType() {
        ResourceMetrics rm = run(OttlContext.DATAPOINT,
                "set(attributes[\"type\"], metric.type)",
                "set(attributes[\"name\"], metric.name)");
        assertThat(pointAttributes(rm)).extracting(Otlp::asMap).containsExactly(
                Map.of("k", "gauge", "type", 1L, "name", "gauge"),
                Map.of("k", "sum", "type", 2L, "name", "sum"),
                Map.of("k", "histogram", "type", 3L, "name", "histogram"),
                Map.of("k", "exponential", "type", 4L, "name", "exponential"),
                Map.of("k", "summary", "type", 5L, "name", "summary"));
    }

    @Test
    void pointFieldsByType() {
        ResourceMetrics rm = run(OttlContext.DATAPOINT,
                "set(attributes[\"value\"], value_double)",
                "set(attributes[\"count\"], count)",
                "set(attributes[\"sum\"], sum)",
                "set(attributes[\"scale\"], scale)",
                "set(attributes[\"zero\"], zero_count)",
                "set(attributes[\"monotonic\"], metric.is_monotonic)",
                "set(attributes[\"temporality\"], metric.aggregation_temporality)",
                "delete_key(attributes, \"k\")");
        assertThat(pointAttributes(rm)).extracting(Otlp::asMap).containsExactly(
                Map.of("value", 1.0),
                Map.of("value", 2.0, "monotonic", true, "temporality", 2L),
                Map.of("count", 4L, "sum", 10.0, "temporality", 1L),
                Map.of("count", 5L, "scale", 3L, "zero", 1L, "temporality", 0L),
                Map.of("count", 6L, "sum", 12.0));
    }

    @Test
    void pointFieldsCanBeSet() {
        ResourceMetrics rm = run(OttlContext.DATAPOINT,
                "set(time_unix_nano, 2000)",
                "set(start_time_unix_nano, 1000)",
                "set(flags, FLAG_NO_RECORDED_VALUE) where metric.name == \"summary\"",
                "set(count, count + 1) where metric.type != METRIC_DATA_TYPE_GAUGE and metric.type != METRIC_DATA_TYPE_SUM",
                "set(scale, 2)",
                "set(sum, 0.5)");
        List<Metric> metrics = rm.getScopeMetrics(0).getMetricsList();
        assertThat(metrics.get(0).getGauge().getDataPoints(0).getTimeUnixNano()).isEqualTo(2000);
        assertThat(metrics.get(1).getSum().getDataPoints(0).getStartTimeUnixNano()).isEqualTo(1000);
        assertThat(metrics.get(2).getHistogram().getDataPoints(0).getCount()).isEqualTo(5);
        assertThat(metrics.get(2).getHistogram().getDataPoints(0).getSum()).isEqualTo(0.5);
        assertThat(metrics.get(3).getExponentialHistogram().getDataPoints(0).getScale()).isEqualTo(2);
        assertThat(metrics.get(3).getExponentialHistogram().getDataPoints(0).getCount()).isEqualTo(6);
        assertThat(metrics.get(4).getSummary().getDataPoints(0).getFlags()).isEqualTo(1);
        assertThat(metrics.get(4).getSummary().getDataPoints(0).getCount()).isEqualTo(7);
    }

    @Test
    void resourceAttributesCanBeSetFromEveryContext() {
        ResourceMetrics.Builder rm = allTypes().toBuilder();
        new OttlTransformer(List.of(
                group(OttlContext.RESOURCE, "set(attributes[\"from_resource\"], \"r\")"),
                group(OttlContext.SCOPE, "set(resource.attributes[\"from_scope\"], name)"),
                group(OttlContext.METRIC, "set(resource.attributes[\"from_metric\"], name) where name == \"sum\""),
                group(OttlContext.DATAPOINT, "set(resource.attributes[\"from_datapoint\"], attributes[\"k\"]) where count == 6")))
                .apply(rm);
        assertThat(Otlp.asMap(rm.getResource().getAttributesList())).containsExactly(
                Map.entry("service.name", "svc"),
                Map.entry("from_resource", "r"),
                Map.entry("from_scope", "test-scope"),
                Map.entry("from_metric", "sum"),
                Map.entry("from_datapoint", "summary"));
    }

    @Test
    void scopeAndMetricFields() {
        ResourceMetrics.Builder rm = allTypes().toBuilder();
        new OttlTransformer(List.of(
                group(OttlContext.SCOPE, "set(name, Concat([name, version], \"@\"))", "set(version, \"2.0\")"),
                group(OttlContext.METRIC,
                        "set(description, Concat([instrumentation_scope.name, name], \" \"))",
                        "set(unit, \"s\") where type == METRIC_DATA_TYPE_HISTOGRAM",
                        "set(aggregation_temporality, AGGREGATION_TEMPORALITY_CUMULATIVE) where aggregation_temporality == AGGREGATION_TEMPORALITY_DELTA",
                        "set(is_monotonic, false)",
                        "set(name, ConvertCase(name, \"upper\")) where resource.attributes[\"service.name\"] == \"svc\"")))
                .apply(rm);
        assertThat(rm.getScopeMetrics(0).getScope().getName()).isEqualTo("test-scope@1.0");
        assertThat(rm.getScopeMetrics(0).getScope().getVersion()).isEqualTo("2.0");
        List<Metric> metrics = rm.getScopeMetrics(0).getMetricsList();
        assertThat(metrics).extracting(Metric::getName).containsExactly("GAUGE", "SUM", "HISTOGRAM", "EXPONENTIAL", "SUMMARY");
        assertThat(metrics.get(0).getDescription()).isEqualTo("test-scope@1.0 gauge");
        assertThat(metrics.get(2).getUnit()).isEqualTo("s");
        assertThat(metrics.get(2).getHistogram().getAggregationTemporality())
                .isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
        assertThat(metrics.get(1).getSum().getIsMonotonic()).isFalse();
        assertThat(metrics.get(0).getDataCase()).isEqualTo(Metric.DataCase.GAUGE); // not turned into a sum
    }

    @Test
    void readingChangesNothingButTheMissingResourceBecomingEmpty() {
        ExportMetricsServiceRequest original = ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder().addScopeMetrics(allTypes().getScopeMetrics(0)))
                .build();
        ExportMetricsServiceRequest.Builder request = original.toBuilder();
        new OttlTransformer(List.of(group(OttlContext.DATAPOINT,
                "set(attributes[\"never\"], 1) where resource.attributes[\"x\"] == 1 or instrumentation_scope.version == \"x\"")))
                .apply(request);
        assertThat(request.build()).isEqualTo(original.toBuilder()
                .setResourceMetrics(0, original.getResourceMetrics(0).toBuilder()
                        .setResource(io.opentelemetry.proto.resource.v1.Resource.getDefaultInstance()))
                .build());
    }

    @Test
    void contextCanBePositionedByHandForFilters() {
        ResourceMetrics.Builder rm = allTypes().toBuilder();
        OtlpTransformContext ctx = new OtlpTransformContext();
        OttlCondition condition = OttlCondition.compile(OttlContext.DATAPOINT, "count > 4 and metric.name != \"summary\"");
        List<Boolean> results = new ArrayList<>();
        ctx.enterResource(rm);
        ctx.enterScope(rm.getScopeMetricsBuilder(0));
        for (Metric.Builder metric : rm.getScopeMetricsBuilder(0).getMetricsBuilderList()) {
            ctx.enterMetric(metric);
            switch (metric.getDataCase()) {
                case HISTOGRAM: ctx.enterDataPoint(metric.getHistogramBuilder().getDataPointsBuilder(0)); break;
                case EXPONENTIAL_HISTOGRAM: ctx.enterDataPoint(metric.getExponentialHistogramBuilder().getDataPointsBuilder(0)); break;
                case SUMMARY: ctx.enterDataPoint(metric.getSummaryBuilder().getDataPointsBuilder(0)); break;
                case SUM: ctx.enterDataPoint(metric.getSumBuilder().getDataPointsBuilder(0)); break;
                default: ctx.enterDataPoint(metric.getGaugeBuilder().getDataPointsBuilder(0));
            }
            results.add(condition.matches(ctx));
        }
        assertThat(results).containsExactly(false, false, false, true, false);
    }

    private static ContextStatements group(OttlContext context, String... statements) {
        List<OttlStatement> compiled = new ArrayList<>();
        for (String statement : statements) {
            compiled.add(OttlStatement.compile(context, statement));
        }
        return new ContextStatements(context, List.of(), compiled, ErrorMode.PROPAGATE);
    }
}
