package io.github.otelflink.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.job.exporter.debug.DebugExporterConfig;
import io.github.otelflink.job.exporter.prometheusremotewrite.Compression;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.OnFailure;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.ProtobufMessage;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.RemoteWriteQueue;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.RetryOnFailure;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig;
import io.github.otelflink.job.processor.ErrorMode;
import io.github.otelflink.job.processor.batch.BatchProcessorConfig;
import io.github.otelflink.job.processor.transform.TransformProcessorConfig;
import io.github.otelflink.job.receiver.kafka.KafkaReceiverConfig;
import io.github.otelflink.job.receiver.otlp.OtlpReceiverConfig;
import io.github.otelflink.job.receiver.prometheus.PrometheusReceiverConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keys left out take the Collector's defaults (and ours for keys beyond the Collector). */
class DefaultsConfigTest {

    @Test
    void exporterDefaults() {
        PrometheusRemoteWriteExporterConfig prw = TestConfigs.loadText(TestConfigs.MINIMAL)
                .exporter("prometheusremotewrite", PrometheusRemoteWriteExporterConfig.class);
        assertThat(prw).isEqualTo(new PrometheusRemoteWriteExporterConfig(
                ComponentId.of("prometheusremotewrite"),
                new PrometheusRemoteWriteExporterConfig.Client(
                        URI.create("http://localhost:9090/api/v1/write"),
                        Map.of(),
                        TlsClientConfig.DEFAULT,
                        PrometheusRemoteWriteExporterConfig.Auth.NONE,
                        Duration.ofSeconds(5),
                        Compression.SNAPPY),
                new PrometheusRemoteWriteExporterConfig.Sending(
                        new RetryOnFailure(true, Duration.ofMillis(50), 0.5, 1.5, Duration.ofSeconds(30), Duration.ofMinutes(5)),
                        new RemoteWriteQueue(true, 10_000, 1),
                        3_000_000L,
                        2000,
                        ProtobufMessage.PROMETHEUS_WRITE_REQUEST,
                        null,
                        OnFailure.DROP),
                new PrometheusRemoteWriteExporterConfig.Translation(
                        "",
                        Map.of(),
                        false,
                        true,
                        true,
                        null,
                        false),
                List.of(),
                PrometheusRemoteWriteExporterConfig.Ordering.DEFAULT,
                null));
        assertThat(TlsClientConfig.DEFAULT.minVersion()).isEqualTo("1.2");
    }

    @Test
    void minimalConfigHasNoWarnings() {
        PipelineConfig config = TestConfigs.loadText(TestConfigs.MINIMAL);
        assertThat(config.warnings()).isEmpty();
        assertThat(config.service()).isEqualTo(new ServiceConfig(List.of(), null, ServiceConfig.MetricsLevel.NORMAL));
    }

    @Test
    void componentsWrittenWithoutSettings() {
        PipelineConfig config = TestConfigs.loadText("""
                receivers:
                  otlp:
                    protocols:
                      grpc:
                      http:
                  kafka:
                  prometheus:
                    config:
                      scrape_configs:
                      - job_name: app
                processors:
                  batch:
                  transform:
                exporters:
                  prometheusremotewrite:
                    endpoint: http://localhost:9090/api/v1/write
                  debug:
                service:
                  pipelines:
                    metrics:
                      receivers: [otlp, kafka, prometheus]
                      processors: [batch, transform]
                      exporters: [prometheusremotewrite, debug]
                """);
        assertThat(config.receiver("otlp", OtlpReceiverConfig.class)).isEqualTo(new OtlpReceiverConfig(
                ComponentId.of("otlp"),
                new OtlpReceiverConfig.Grpc("0.0.0.0:4317", 4, null, null, false),
                new OtlpReceiverConfig.Http("0.0.0.0:4318", 20_971_520L, null, null, false),
                OtlpReceiverConfig.Ack.ACCEPTED, java.util.Set.of()));
        assertThat(config.receiver("kafka", KafkaReceiverConfig.class)).isEqualTo(new KafkaReceiverConfig(
                ComponentId.of("kafka"), List.of("localhost:9092"), "otlp_metrics",
                KafkaReceiverConfig.Encoding.OTLP_PROTO, "otel-collector", "otel-collector",
                KafkaReceiverConfig.InitialOffset.LATEST, null, null));
        assertThat(config.receiver("prometheus", PrometheusReceiverConfig.class).scrapeConfigs()).containsExactly(
                new PrometheusReceiverConfig.ScrapeConfig("app", Duration.ofMinutes(1), Duration.ofSeconds(10),
                        "/metrics", "http", false, List.of(), List.of()));
        assertThat(config.processor("batch", BatchProcessorConfig.class)).isEqualTo(
                new BatchProcessorConfig(ComponentId.of("batch"), Duration.ofMillis(200), 8192, 0));
        assertThat(config.processor("transform", TransformProcessorConfig.class)).isEqualTo(
                new TransformProcessorConfig(ComponentId.of("transform"), ErrorMode.PROPAGATE, List.of()));
        assertThat(config.exporter("debug", DebugExporterConfig.class)).isEqualTo(
                new DebugExporterConfig(ComponentId.of("debug"), DebugExporterConfig.Verbosity.BASIC, 2, 1));
    }

    @Test
    void onlyTheProtocolsWrittenAreEnabled() {
        OtlpReceiverConfig otlp = TestConfigs.loadText(TestConfigs.MINIMAL).receiver("otlp", OtlpReceiverConfig.class);
        assertThat(otlp.grpc()).isNotNull();
        assertThat(otlp.http()).isNull();
    }
}
