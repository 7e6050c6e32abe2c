package io.github.otelflink.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ${env:VAR}}, {@code ${VAR}}, defaults and {@code $$}, as the Collector expands them. */
class EnvSubstitutionTest {

    private static PrometheusRemoteWriteExporterConfig exporter(String settings, Map<String, String> env) {
        return PipelineConfigLoader.load(TestConfigs.withExporter(settings), env)
                .exporter("prometheusremotewrite", PrometheusRemoteWriteExporterConfig.class);
    }

    @Test
    void bothSyntaxesAndEmbeddedReferences() {
        PrometheusRemoteWriteExporterConfig prw = exporter("""
                    endpoint: https://${env:PROM_HOST}:${PROM_PORT}/api/v1/write
                    headers:
                      Authorization: Bearer ${env:TOKEN}
                """, Map.of("PROM_HOST", "prometheus", "PROM_PORT", "9090", "TOKEN", "s3cret"));
        assertThat(prw.client().endpoint()).isEqualTo(URI.create("https://prometheus:9090/api/v1/write"));
        assertThat(prw.client().headers()).containsEntry("Authorization", "Bearer s3cret");
    }

    @Test
    void defaultIsUsedOnlyWhenTheVariableIsUnset() {
        String settings = """
                    endpoint: http://localhost:9090/api/v1/write
                    namespace: ${env:NS:-otel}
                    headers:
                      X-Scope-OrgID: ${TENANT:-anonymous}
                """;
        assertThat(exporter(settings, Map.of()).translation().namespace()).isEqualTo("otel");
        assertThat(exporter(settings, Map.of()).client().headers()).containsEntry("X-Scope-OrgID", "anonymous");
        assertThat(exporter(settings, Map.of("NS", "")).translation().namespace()).isEmpty();
        assertThat(exporter(settings, Map.of("NS", "prod")).translation().namespace()).isEqualTo("prod");
    }

    @Test
    void expandedValuesAreReadAsNumbersBooleansAndDurations() {
        PrometheusRemoteWriteExporterConfig prw = exporter("""
                    endpoint: http://localhost:9090/api/v1/write
                    timeout: ${TIMEOUT}
                    max_batch_size_bytes: ${BATCH}
                    send_metadata: ${SEND_METADATA}
                    remote_write_queue:
                      queue_size: ${QUEUE_SIZE}
                    retry_on_failure:
                      multiplier: ${MULTIPLIER}
                """, Map.of("TIMEOUT", "30s", "BATCH", "5MiB", "SEND_METADATA", "true", "QUEUE_SIZE", "2000",
                "MULTIPLIER", "2.5"));
        assertThat(prw.client().timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(prw.sending().maxBatchSizeBytes()).isEqualTo(5L * 1024 * 1024);
        assertThat(prw.translation().sendMetadata()).isTrue();
        assertThat(prw.sending().remoteWriteQueue().queueSize()).isEqualTo(2000);
        assertThat(prw.sending().retryOnFailure().multiplier()).isEqualTo(2.5);
    }

    @Test
    void literalTextIsNotReadAsANumber() {
        // Only expanded values get the lenient reading; a quoted literal stays a type error.
        assertThatThrownBy(() -> exporter("""
                    endpoint: http://localhost:9090/api/v1/write
                    remote_write_queue:
                      queue_size: "2000"
                """, Map.of())).hasMessageContaining(
                "exporters.prometheusremotewrite.remote_write_queue.queue_size: expected an integer, got \"2000\"");
    }

    @Test
    void expandedValueOfTheWrongTypeIsReportedAtItsKey() {
        assertThatThrownBy(() -> exporter("""
                    endpoint: http://localhost:9090/api/v1/write
                    remote_write_queue:
                      queue_size: ${QUEUE_SIZE}
                """, Map.of("QUEUE_SIZE", "big"))).hasMessageContaining(
                "exporters.prometheusremotewrite.remote_write_queue.queue_size: expected an integer, got \"big\"");
    }

    @Test
    void dollarDollarEscapesAndLoneDollarsStay() {
        PipelineConfig config = PipelineConfigLoader.load(TestConfigs.withExporter("""
                    endpoint: http://localhost:9090/api/v1/write
                    namespace: $${NOT_A_VAR}
                    write_relabel_configs:
                    - source_labels: [instance]
                      regex: "(.+):(\\\\d+)$"
                      target_label: host
                      replacement: $1
                    - source_labels: [job]
                      regex: "(?P<team>[a-z]+)-.*"
                      target_label: team
                      replacement: $${team}
                """), Map.of("NOT_A_VAR", "expanded"));
        PrometheusRemoteWriteExporterConfig prw =
                config.exporter("prometheusremotewrite", PrometheusRemoteWriteExporterConfig.class);
        assertThat(prw.translation().namespace()).isEqualTo("${NOT_A_VAR}");
        assertThat(prw.metricRelabels().get(0).regex().source()).isEqualTo("(.+):(\\d+)$");
        assertThat(prw.metricRelabels().get(0).replacement()).isEqualTo("$1");
        assertThat(prw.metricRelabels().get(1).replacement()).isEqualTo("${team}");
    }

    @Test
    void expandedValuesAreNotExpandedAgain() {
        PrometheusRemoteWriteExporterConfig prw = exporter("""
                    endpoint: http://localhost:9090/api/v1/write
                    namespace: ${A}
                """, Map.of("A", "${B}", "B", "nested"));
        assertThat(prw.translation().namespace()).isEqualTo("${B}");
    }

    @Test
    void unsetVariableNamesTheKeyAndIsReportedOnce() {
        assertThatThrownBy(() -> exporter("""
                    endpoint: ${PRW_ENDPOINT}
                """, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).containsExactly(
                        new ConfigError("exporters.prometheusremotewrite.endpoint",
                                "environment variable PRW_ENDPOINT is not set and \"${PRW_ENDPOINT}\" has no default"
                                        + " (write ${env:PRW_ENDPOINT:-default} to give one)")));
    }

    @Test
    void variablesInListsAndKeysThatAreNotExpanded() {
        PipelineConfig config = PipelineConfigLoader.load("""
                receivers:
                  kafka:
                    brokers: ["${env:KAFKA_1}", "kafka-2:9092"]
                exporters:
                  prometheusremotewrite:
                    endpoint: http://localhost:9090/api/v1/write
                    external_labels:
                      ${REGION}: eu
                service:
                  pipelines:
                    metrics:
                      receivers: [kafka]
                      exporters: [prometheusremotewrite]
                """, Map.of("KAFKA_1", "kafka-1:9092", "REGION", "region"));
        assertThat(config.receiver("kafka", io.github.otelflink.job.receiver.kafka.KafkaReceiverConfig.class).brokers())
                .containsExactly("kafka-1:9092", "kafka-2:9092");
        assertThat(config.exporter("prometheusremotewrite", PrometheusRemoteWriteExporterConfig.class).translation().externalLabels())
                .containsExactly(Map.entry("${REGION}", "eu"));
    }
}
