package io.github.otelflink.job.relabel;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.job.config.PipelineConfig;
import io.github.otelflink.job.config.PipelineConfigLoader;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig;
import io.github.otelflink.sink.remotewrite.model.Labels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The blueprint's {@code metric_relabels}:
 * <pre>
 * - source_labels: [__name__]
 *   target_label: original_name
 * - source_labels: [cluster.name]
 *   target_label: cluster
 * </pre>
 * over series as the translator makes them with {@code resource_to_telemetry_conversion}
 * (the resource attribute {@code cluster.name} is the label {@code cluster_name}).
 */
class BlueprintRelabelTest {

    private static final List<RelabelRule> RULES = List.of(
            RelabelRule.builder().sourceLabels("__name__").targetLabel("original_name").build(),
            RelabelRule.builder().sourceLabels("cluster.name").targetLabel("cluster").build());

    @Test
    void copiesTheMetricNameAndTheClusterAttribute() {
        Labels series = Labels.of("__name__", "http_requests_total", "cluster_name", "prometheus-demo-cluster",
                "exporter_type", "prometheus-remote-write", "job", "shop/checkout", "method", "GET");

        Labels out = Relabeler.compile(RULES).apply(series);

        assertThat(out).isEqualTo(Labels.of(
                "__name__", "http_requests_total",
                "cluster", "prometheus-demo-cluster",
                "cluster_name", "prometheus-demo-cluster",
                "exporter_type", "prometheus-remote-write",
                "job", "shop/checkout",
                "method", "GET",
                "original_name", "http_requests_total"));
    }

    @Test
    void aSeriesWithoutTheAttributeGetsNoClusterLabelAndLosesAnExistingOne() {
        // Prometheus semantics: replace with regex (.*) matches the empty value and writes "",
        // which deletes the target label.
        Labels series = Labels.of("__name__", "up", "cluster", "from-app");

        assertThat(Relabeler.compile(RULES).apply(series))
                .isEqualTo(Labels.of("__name__", "up", "original_name", "up"));
    }

    @Test
    void theParsedBlueprintGivesTheSameRules() throws IOException {
        String yaml;
        try (InputStream in = getClass().getResourceAsStream("/config/blueprint.yaml")) {
            assertThat(in).as("blueprint.yaml test resource").isNotNull();
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        PipelineConfig config = PipelineConfigLoader.load(yaml, Map.of());
        PrometheusRemoteWriteExporterConfig exporter =
                config.exporter("prometheusremotewrite", PrometheusRemoteWriteExporterConfig.class);

        List<RelabelRule> parsed = exporter.metricRelabels().stream().map(RelabelRule::fromConfig).toList();

        assertThat(parsed).isEqualTo(RULES);
        assertThat(parsed.get(1).lookupLabels()).containsExactly("cluster_name");
    }
}
