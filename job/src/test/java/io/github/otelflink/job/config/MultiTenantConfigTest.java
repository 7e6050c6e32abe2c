package io.github.otelflink.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig;
import io.github.otelflink.job.extension.healthcheck.HealthCheckExtensionConfig;
import io.github.otelflink.job.processor.ErrorMode;
import io.github.otelflink.job.processor.filter.FilterProcessorConfig.MatchType;
import io.github.otelflink.job.processor.filter.FilterProcessorConfig;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Several named pipelines, each with its own filter and tenant exporter. */
class MultiTenantConfigTest {

    private final PipelineConfig config =
            PipelineConfigLoader.load(TestConfigs.read("multi-tenant.yaml"), Map.of("TENANT2_ORG_ID", "org-2"));

    @Test
    void pipelinesInFileOrderWithTheirOwnComponents() {
        assertThat(config.pipelines()).extracting(p -> p.id().toString())
                .containsExactly("metrics/tenant1", "metrics/tenant2");
        Pipeline tenant1 = config.pipeline("metrics/tenant1").orElseThrow();
        assertThat(tenant1.id()).isEqualTo(new ComponentId("metrics", "tenant1"));
        assertThat(tenant1.describeFlow()).isEqualTo("otlp -> filter/tenant1 -> batch -> prometheusremotewrite/tenant1");
        assertThat(config.pipeline("metrics/tenant2").orElseThrow().describeFlow())
                .isEqualTo("otlp -> filter/tenant2 -> batch -> prometheusremotewrite/tenant2");
        // one receiver definition feeds both pipelines
        assertThat(tenant1.receivers().get(0))
                .isSameAs(config.pipeline("metrics/tenant2").orElseThrow().receivers().get(0));
        assertThat(config.pipeline("metrics")).isEmpty();
    }

    @Test
    void tenantHeaders() {
        PrometheusRemoteWriteExporterConfig tenant1 =
                config.exporter("prometheusremotewrite/tenant1", PrometheusRemoteWriteExporterConfig.class);
        assertThat(tenant1.id()).isEqualTo(new ComponentId("prometheusremotewrite", "tenant1"));
        assertThat(tenant1.client().endpoint()).isEqualTo(URI.create("https://tenant1.prometheus.com/api/v1/write"));
        assertThat(tenant1.client().headers()).containsExactly(Map.entry("X-Scope-OrgID", "tenant-1"));
        assertThat(tenant1.client().auth()).isEqualTo(PrometheusRemoteWriteExporterConfig.Auth.NONE);

        PrometheusRemoteWriteExporterConfig tenant2 =
                config.exporter("prometheusremotewrite/tenant2", PrometheusRemoteWriteExporterConfig.class);
        assertThat(tenant2.client().headers()).containsExactly(Map.entry("X-Scope-OrgID", "org-2"));
        assertThat(tenant2.client().auth().bearerTokenFile()).isEqualTo("/var/run/secrets/tenant2/token");
    }

    @Test
    void headerValuesAreRedactedInToString() {
        assertThat(config.exporter("prometheusremotewrite/tenant1", PrometheusRemoteWriteExporterConfig.class))
                .asString().contains("headers={X-Scope-OrgID=[REDACTED]}").doesNotContain("tenant-1");
    }

    @Test
    void filters() {
        FilterProcessorConfig byName = config.processor("filter/tenant1", FilterProcessorConfig.class);
        assertThat(byName.errorMode()).isEqualTo(ErrorMode.PROPAGATE);
        assertThat(byName.include().matchType()).isEqualTo(MatchType.REGEXP);
        assertThat(byName.include().metricNames()).containsExactly("^tenant1_.*");
        assertThat(byName.include().matches("tenant1_requests_total")).isTrue();
        assertThat(byName.include().matches("tenant2_requests_total")).isFalse();
        assertThat(byName.exclude()).isNull();
        assertThat(byName.metricConditions()).isEmpty();

        FilterProcessorConfig byCondition = config.processor("filter/tenant2", FilterProcessorConfig.class);
        assertThat(byCondition.errorMode()).isEqualTo(ErrorMode.IGNORE);
        assertThat(byCondition.include()).isNull();
        assertThat(byCondition.datapointConditions()).containsExactly("attributes[\"tenant\"] != \"tenant-2\"");
    }

    @Test
    void unusedComponentsAreWarningsNotErrors() {
        assertThat(config.warnings()).containsExactly("exporters.debug: defined but not used in any pipeline");
        assertThat(config.exporters()).containsKey(ComponentId.of("debug"));
    }

    @Test
    void healthCheckExtension() {
        assertThat(config.service().extensions()).containsExactly(ComponentId.of("health_check"));
        assertThat(config.extensions().values()).containsExactly(
                new HealthCheckExtensionConfig(ComponentId.of("health_check"), "0.0.0.0:13133", "/"));
        assertThat(config.describePlan()).contains("extension health_check: health on http://0.0.0.0:13133/\n");
    }

    @Test
    void everyPipelineIsDescribed() {
        assertThat(config.describePlan().lines().filter(line -> line.startsWith("pipeline ")).toList())
                .isEqualTo(List.of(
                        "pipeline metrics/tenant1: otlp -> filter/tenant1 -> batch -> prometheusremotewrite/tenant1",
                        "pipeline metrics/tenant2: otlp -> filter/tenant2 -> batch -> prometheusremotewrite/tenant2"));
    }
}
