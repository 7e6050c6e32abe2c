package io.github.otelflink.job.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.config.PipelineConfig;
import io.github.otelflink.job.config.PipelineConfigLoader;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig;
import io.github.otelflink.job.receiver.prometheus.ScrapeRelabels;
import io.github.otelflink.job.series.SeriesBatch;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The exporter's {@code metric_relabels} run after a {@code prometheus} receiver's
 * {@code metric_relabel_configs}, also when they are rules on names alone, which the translator
 * otherwise applies while it writes labels: a copy of a label the receiver's rules set must see it.
 */
class TranslateFunctionRelabelOrderTest {

    @Test
    void theExportersNameRulesSeeWhatTheReceiversRulesSet() throws Exception {
        PipelineConfig config = PipelineConfigLoader.load("""
                receivers:
                  prometheus:
                    config:
                      scrape_configs:
                      - job_name: app
                        static_configs:
                        - targets: ["127.0.0.1:9100"]
                        metric_relabel_configs:
                        - target_label: team
                          replacement: payments
                exporters:
                  prometheusremotewrite:
                    endpoint: http://127.0.0.1:9090/api/v1/write
                    metric_relabels:
                    - source_labels: [team]
                      target_label: owner
                service:
                  pipelines:
                    metrics:
                      receivers: [prometheus]
                      exporters: [prometheusremotewrite]
                """, Map.of());
        PrometheusRemoteWriteExporterConfig exporter =
                config.exporter("prometheusremotewrite", PrometheusRemoteWriteExporterConfig.class);
        ScrapeRelabels receiverRules = ScrapeRelabels.of(config.receivers().get(ComponentId.of("prometheus")));
        assertThat(TranslateFunction.relabeler(exporter).dependsOnNamesOnly()).isTrue();

        try (var h = new OneInputStreamOperatorTestHarness<>(
                new ProcessOperator<>(new TranslateFunction(exporter, 16, receiverRules, List.of())), 128, 1, 0)) {
            h.open();
            h.processElement(request(), 1000);
            List<String> labels = new ArrayList<>();
            for (SeriesBatch b : h.extractOutputValues()) {
                for (int i = 0; i < b.size(); i++) {
                    labels.add(b.series(i).labels().toString());
                }
            }
            assertThat(labels).hasSize(1);
            assertThat(labels.get(0)).contains("team=\"payments\"", "owner=\"payments\"");
        }
    }

    /** One gauge point of the scrape job {@code app}, as the prometheus receiver hands it on. */
    private static ExportMetricsServiceRequest request() {
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue("app"))))
                .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder().setName("queue_depth")
                        .setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder()
                                .setTimeUnixNano(1_000_000_000L).setAsDouble(3))))))
                .build();
    }
}
