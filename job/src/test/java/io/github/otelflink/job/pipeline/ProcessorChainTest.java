package io.github.otelflink.job.pipeline;

import io.github.otelflink.connectors.RequestMetadata;
import io.github.otelflink.job.config.PipelineConfig;
import io.github.otelflink.job.config.PipelineConfigLoader;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The processors of a pipeline compiled from YAML and applied to OTLP requests. */
class ProcessorChainTest {
    private static ProcessorChain chain(String processors, String names) {
        PipelineConfig config = PipelineConfigLoader.load("""
                receivers:
                  kafka: {}
                processors:
                %s
                exporters:
                  prometheusremotewrite:
                    endpoint: http://127.0.0.1:9090/api/v1/write
                service:
                  pipelines:
                    metrics:
                      receivers: [kafka]
                      processors: [%s]
                      exporters: [prometheusremotewrite]
                """.formatted(processors.indent(2), names), Map.of());
        return ProcessorChain.compile(config.pipelines().get(0).processors());
    }

    private static Metric gauge(String name, double... values) {
        Gauge.Builder g = Gauge.newBuilder();
        for (double v : values) {
            g.addDataPoints(NumberDataPoint.newBuilder().setAsDouble(v).setTimeUnixNano(1_000_000L)
                    .addAttributes(KeyValue.newBuilder().setKey("v").setValue(AnyValue.newBuilder().setDoubleValue(v))));
        }
        return Metric.newBuilder().setName(name).setGauge(g).build();
    }

    private static ExportMetricsServiceRequest request(Metric... metrics) {
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder().addScopeMetrics(ScopeMetrics.newBuilder()
                        .addAllMetrics(List.of(metrics))))
                .build();
    }

    private static List<String> names(ExportMetricsServiceRequest r) {
        return r.getResourceMetricsList().stream().flatMap(rm -> rm.getScopeMetricsList().stream())
                .flatMap(sm -> sm.getMetricsList().stream()).map(Metric::getName).toList();
    }

    @Test
    void filterKeepsIncludedNamesAndDropsExcludedOnes() {
        ProcessorChain chain = chain("""
                filter:
                  metrics:
                    include: {match_type: regexp, metric_names: ["^tenant1_.*"]}
                    exclude: {match_type: strict, metric_names: [tenant1_debug]}
                """, "filter");
        ExportMetricsServiceRequest out = chain.apply(request(gauge("tenant1_a", 1), gauge("tenant2_b", 2), gauge("tenant1_debug", 3)));
        assertThat(names(out)).containsExactly("tenant1_a");
    }

    @Test
    void filterDropsDataPointsByOttlConditionAndMetricsLeftEmpty() {
        ProcessorChain chain = chain("""
                filter:
                  metrics:
                    datapoint:
                    - value_double > 10
                    metric:
                    - name == "gone"
                """, "filter");
        ExportMetricsServiceRequest out = chain.apply(request(gauge("mixed", 1, 20, 3), gauge("all_big", 50), gauge("gone", 1)));

        assertThat(names(out)).containsExactly("mixed");
        assertThat(out.getResourceMetrics(0).getScopeMetrics(0).getMetrics(0).getGauge().getDataPointsList())
                .extracting(NumberDataPoint::getAsDouble).containsExactly(1.0, 3.0);
    }

    @Test
    void filterRemovesResourcesLeftWithoutMetrics() {
        ProcessorChain chain = chain("""
                filter:
                  metrics:
                    exclude: {match_type: strict, metric_names: [x]}
                """, "filter");
        assertThat(chain.apply(request(gauge("x", 1))).getResourceMetricsCount()).isZero();
    }

    @Test
    void processorsRunInPipelineOrder() {
        ProcessorChain chain = chain("""
                transform:
                  metric_statements:
                  - context: metric
                    statements:
                    - set(name, "renamed_" + name)
                filter:
                  metrics:
                    include: {match_type: regexp, metric_names: ["^renamed_.*"]}
                """, "transform, filter");
        assertThat(names(chain.apply(request(gauge("a", 1))))).containsExactly("renamed_a");
    }

    @Test
    void resourceFromContextReadsTheRequestsClientMetadataAndKeepsItForTheExporters() {
        ProcessorChain chain = chain("""
                resource:
                  attributes:
                  - {key: team, from_context: metadata.X-Team, action: insert}
                  - {key: region, from_context: x-region, action: insert}
                """, "resource");
        ExportMetricsServiceRequest withMetadata = RequestMetadata.replace(request(gauge("a", 1)),
                Map.of("x-team", List.of("one", "two"), "x-region", List.of("eu")));

        ExportMetricsServiceRequest out = chain.apply(withMetadata);

        assertThat(out.getResourceMetrics(0).getResource().getAttributesList()).extracting(KeyValue::getKey,
                kv -> kv.getValue().getStringValue()).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("team", "one;two"),
                        org.assertj.core.groups.Tuple.tuple("region", "eu"));
        assertThat(RequestMetadata.get(out, "x-region")).as("the translator reads it after the processors")
                .containsExactly("eu");
        assertThat(chain.apply(request(gauge("a", 1))).getResourceMetrics(0).getResource().getAttributesCount())
                .as("without metadata from_context finds nothing").isZero();
    }

    @Test
    void reportsEveryBadStatementWithItsPath() {
        assertThatThrownBy(() -> chain("""
                transform:
                  metric_statements:
                  - context: metric
                    statements:
                    - set(name, "x"
                    - nosuchfunction(name)
                """, "transform"))
                .isInstanceOf(PipelineCompileException.class)
                .hasMessageContaining("processors.transform.metric_statements[0].statements[0]")
                .hasMessageContaining("processors.transform.metric_statements[0].statements[1]");
    }
}
