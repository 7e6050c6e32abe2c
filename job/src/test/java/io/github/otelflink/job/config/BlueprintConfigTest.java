package io.github.otelflink.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.job.exporter.debug.DebugExporterConfig;
import io.github.otelflink.job.exporter.prometheusremotewrite.Compression;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.OnFailure;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.ProtobufMessage;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.TranslationStrategy;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig;
import io.github.otelflink.job.pdata.GoRegex;
import io.github.otelflink.job.processor.ErrorMode;
import io.github.otelflink.job.processor.batch.BatchProcessorConfig;
import io.github.otelflink.job.processor.memorylimiter.MemoryLimiterProcessorConfig;
import io.github.otelflink.job.processor.resource.AttributeAction;
import io.github.otelflink.job.processor.resource.ResourceProcessorConfig;
import io.github.otelflink.job.processor.transform.StatementGroup.OttlContext;
import io.github.otelflink.job.processor.transform.StatementGroup;
import io.github.otelflink.job.processor.transform.TransformProcessorConfig;
import io.github.otelflink.job.receiver.otlp.OtlpReceiverConfig;
import io.github.otelflink.job.receiver.prometheus.PrometheusReceiverConfig.ScrapeConfig;
import io.github.otelflink.job.receiver.prometheus.PrometheusReceiverConfig.StaticConfig;
import io.github.otelflink.job.receiver.prometheus.PrometheusReceiverConfig;
import io.github.otelflink.job.relabel.RelabelAction;
import io.github.otelflink.job.relabel.RelabelConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The blueprint's collector config (step 4, {@code spec.config}, copied verbatim) loads with every value. */
class BlueprintConfigTest {

    private final PipelineConfig config = TestConfigs.load("blueprint.yaml");

    @Test
    void pipelineResolvesComponentsInOrder() {
        assertThat(config.pipelines()).hasSize(1);
        Pipeline pipeline = config.pipeline("metrics").orElseThrow();
        assertThat(pipeline.id()).isEqualTo(ComponentId.of("metrics"));
        assertThat(pipeline.receivers()).extracting(c -> c.id().toString()).containsExactly("otlp", "prometheus/self");
        assertThat(pipeline.processors()).extracting(c -> c.id().toString())
                .containsExactly("memory_limiter", "resource", "transform", "batch");
        assertThat(pipeline.exporters()).extracting(c -> c.id().toString())
                .containsExactly("prometheusremotewrite", "debug");
        assertThat(pipeline.describeFlow()).isEqualTo(
                "otlp, prometheus/self -> memory_limiter -> resource -> transform -> batch -> prometheusremotewrite, debug");
    }

    @Test
    void otlpReceiver() {
        OtlpReceiverConfig otlp = config.receiver("otlp", OtlpReceiverConfig.class);
        assertThat(otlp.grpc()).isEqualTo(new OtlpReceiverConfig.Grpc("0.0.0.0:4317", 4, null, null, false));
        assertThat(otlp.http()).isEqualTo(new OtlpReceiverConfig.Http("0.0.0.0:4318", 20L * 1024 * 1024, null, null, false));
        assertThat(otlp.ack()).isEqualTo(OtlpReceiverConfig.Ack.ACCEPTED);
    }

    @Test
    void selfMonitoringPrometheusReceiver() {
        PrometheusReceiverConfig prometheus = config.receiver("prometheus/self", PrometheusReceiverConfig.class);
        assertThat(prometheus.id()).isEqualTo(new ComponentId("prometheus", "self"));
        assertThat(prometheus.scrapeConfigs()).containsExactly(new ScrapeConfig(
                "otel-collector", Duration.ofSeconds(30), Duration.ofSeconds(10), "/metrics", "http", false,
                List.of(new StaticConfig(List.of("localhost:8888"), Map.of())), List.of()));
    }

    @Test
    void processors() {
        assertThat(config.processor("batch", BatchProcessorConfig.class))
                .isEqualTo(new BatchProcessorConfig(ComponentId.of("batch"), Duration.ofSeconds(5), 1024, 0));
        assertThat(config.processor("memory_limiter", MemoryLimiterProcessorConfig.class)).isEqualTo(
                new MemoryLimiterProcessorConfig(ComponentId.of("memory_limiter"), Duration.ofSeconds(1), 0, 0, 75, 15));
        assertThat(config.processor("resource", ResourceProcessorConfig.class).attributes()).containsExactly(
                new AttributeAction("cluster.name", "prometheus-demo-cluster", null, null, null, null,
                        AttributeAction.Action.UPSERT),
                new AttributeAction("exporter.type", "prometheus-remote-write", null, null, null, null,
                        AttributeAction.Action.UPSERT));
    }

    @Test
    void transformStatementsAreKeptAsWritten() {
        TransformProcessorConfig transform = config.processor("transform", TransformProcessorConfig.class);
        assertThat(transform.errorMode()).isEqualTo(ErrorMode.PROPAGATE);
        assertThat(transform.metricStatements()).containsExactly(
                new StatementGroup(OttlContext.METRIC,
                        List.of("set(name, \"otel_\" + name) where name matches \"^(http_requests|cpu_usage|memory_usage).*\""),
                        List.of(), null),
                new StatementGroup(OttlContext.DATAPOINT,
                        List.of("set(attributes[\"source\"], \"opentelemetry\")",
                                "set(attributes[\"environment\"], \"demo\")"),
                        List.of(), null));
    }

    @Test
    void prometheusRemoteWriteExporter() {
        PrometheusRemoteWriteExporterConfig prw =
                config.exporter("prometheusremotewrite", PrometheusRemoteWriteExporterConfig.class);
        assertThat(prw.client().endpoint()).isEqualTo(URI.create("https://prometheus.prometheus-demo.svc:9090/api/v1/write"));
        assertThat(prw.client().headers()).isEmpty();
        assertThat(prw.client().tls()).isEqualTo(new TlsClientConfig("/etc/ssl/ca/ca.crt", "/etc/ssl/certs/tls.crt",
                "/etc/ssl/certs/tls.key", false, false, "1.2", null, null, null));
        assertThat(prw.client().tls().hasClientCertificate()).isTrue();
        assertThat(prw.client().auth()).isEqualTo(PrometheusRemoteWriteExporterConfig.Auth.NONE);
        assertThat(prw.sending().remoteWriteQueue())
                .isEqualTo(new PrometheusRemoteWriteExporterConfig.RemoteWriteQueue(true, 2000, 10));
        assertThat(prw.translation().resourceToTelemetryConversion()).isTrue();
        assertThat(prw.translation().targetInfo()).isTrue();
        assertThat(prw.client().compression()).isEqualTo(Compression.SNAPPY);
        assertThat(prw.sending().retryOnFailure()).isEqualTo(new PrometheusRemoteWriteExporterConfig.RetryOnFailure(
                true, Duration.ofSeconds(5), 0.5, 1.5, Duration.ofSeconds(30), Duration.ofSeconds(300)));
        // not in the file: defaults
        assertThat(prw.client().timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(prw.sending().maxBatchSizeBytes()).isEqualTo(3_000_000L);
        assertThat(prw.sending().maxSamplesPerSend()).isEqualTo(2000);
        assertThat(prw.translation().namespace()).isEmpty();
        assertThat(prw.translation().externalLabels()).isEmpty();
        assertThat(prw.translation().addMetricSuffixes()).isTrue();
        assertThat(prw.translation().translationStrategy()).isNull();
        assertThat(prw.translation().effectiveTranslationStrategy()).isEqualTo(TranslationStrategy.UNDERSCORE_ESCAPING_WITH_SUFFIXES);
        assertThat(prw.translation().sendMetadata()).isFalse();
        assertThat(prw.sending().protobufMessage()).isEqualTo(ProtobufMessage.PROMETHEUS_WRITE_REQUEST);
        assertThat(prw.sending().wal()).isNull();
        assertThat(prw.sending().onFailure()).isEqualTo(OnFailure.DROP);
    }

    @Test
    void metricRelabelsWithPrometheusDefaults() {
        PrometheusRemoteWriteExporterConfig prw =
                config.exporter("prometheusremotewrite", PrometheusRemoteWriteExporterConfig.class);
        assertThat(prw.metricRelabels()).containsExactly(
                new RelabelConfig(List.of("__name__"), ";", GoRegex.compileAnchored("(.*)"), "original_name", "$1", 0,
                        RelabelAction.REPLACE),
                new RelabelConfig(List.of("cluster.name"), ";", GoRegex.compileAnchored("(.*)"), "cluster", "$1", 0,
                        RelabelAction.REPLACE));
        assertThat(prw.metricRelabels().get(0).regex().matches("http_requests_total")).isTrue();
    }

    @Test
    void debugExporter() {
        assertThat(config.exporter("debug", DebugExporterConfig.class))
                .isEqualTo(new DebugExporterConfig(ComponentId.of("debug"), DebugExporterConfig.Verbosity.BASIC, 2, 1));
    }

    @Test
    void service() {
        assertThat(config.service()).isEqualTo(
                new ServiceConfig(List.of(), "0.0.0.0:8888", ServiceConfig.MetricsLevel.NORMAL));
        assertThat(config.extensions()).isEmpty();
    }

    @Test
    void hasNoWarnings() {
        // cluster.name in metric_relabels is looked up as the translated cluster_name, so it works.
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void describesThePlan() {
        assertThat(config.describePlan()).isEqualTo("""
                pipeline metrics: otlp, prometheus/self -> memory_limiter -> resource -> transform -> batch -> prometheusremotewrite, debug
                  receiver  otlp: OTLP/gRPC on 0.0.0.0:4317, max 4MiB; OTLP/HTTP on 0.0.0.0:4318, max 20MiB; ack accepted
                  receiver  prometheus/self: scrape otel-collector every 30s from [localhost:8888]
                  processor memory_limiter: accepted, not enforced: Flink backpressure bounds memory (configured: 75% of heap, spike 15%, every 1s)
                  processor resource: upsert cluster.name="prometheus-demo-cluster", upsert exporter.type="prometheus-remote-write"
                  processor transform: 3 statements in 2 groups, error_mode propagate
                  processor batch: batches of 1024 data points or every 5s
                  exporter  prometheusremotewrite: POST https://prometheus.prometheus-demo.svc:9090/api/v1/write, \
                remote write 1.0, snappy, mTLS, timeout 5s, retry 5s..30s for up to 5m, \
                queue 20480 samples (queue_size 2000 raised to two batches per consumer) x 10 consumers, \
                batches up to 3MB / 1024 samples (processors.batch), names UnderscoreEscapingWithSuffixes, \
                resource attributes as labels, 2 relabel rules, on failure drop
                  exporter  debug: log (basic)
                own metrics: 0.0.0.0:8888 (level normal)
                """);
    }

    @Test
    void advancedPerformanceSectionSizesLoad() {
        // The blueprint's "Performance Optimization" exporter, which the Collector rejects (10MB is not an integer).
        PipelineConfig tuned = TestConfigs.loadText(TestConfigs.withExporter("""
                    endpoint: https://prometheus.example.com/api/v1/write
                    remote_write_queue:
                      enabled: true
                      queue_size: 10000
                      num_consumers: 20
                    compression: snappy
                    max_batch_size_bytes: 10MB
                    timeout: 30s
                    retry_on_failure:
                      enabled: true
                      initial_interval: 1s
                      max_interval: 10s
                      max_elapsed_time: 60s
                """));
        PrometheusRemoteWriteExporterConfig prw =
                tuned.exporter("prometheusremotewrite", PrometheusRemoteWriteExporterConfig.class);
        assertThat(prw.sending().maxBatchSizeBytes()).isEqualTo(10_000_000L);
        assertThat(prw.client().timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(prw.sending().remoteWriteQueue().numConsumers()).isEqualTo(20);
        assertThat(prw.sending().retryOnFailure()).isEqualTo(new PrometheusRemoteWriteExporterConfig.RetryOnFailure(
                true, Duration.ofSeconds(1), 0.5, 1.5, Duration.ofSeconds(10), Duration.ofSeconds(60)));
        assertThat(tuned.warnings()).isEmpty();
    }

    @Test
    void advancedAuthenticationSnippetLoadsAndBasicAuthWins() {
        // The blueprint's "Authentication and Authorization" exporter as written, with the
        // basicauth/prometheus extension it names defined and started. The Collector sets the static
        // headers first and the authenticator's Authorization last, so basic auth is what is sent.
        PipelineConfig snippet = TestConfigs.loadText("""
                receivers:
                  otlp:
                    protocols:
                      grpc:
                extensions:
                  basicauth/prometheus:
                    client_auth:
                      username: alice
                      password: s3cret
                exporters:
                  prometheusremotewrite:
                    endpoint: "https://prometheus.example.com/api/v1/write"
                    headers:
                      Authorization: "Bearer YOUR_API_TOKEN"
                      X-Scope-OrgID: "tenant-1"

                    # Basic authentication
                    auth:
                      authenticator: basicauth/prometheus
                service:
                  extensions: [basicauth/prometheus]
                  pipelines:
                    metrics:
                      receivers: [otlp]
                      exporters: [prometheusremotewrite]
                """);
        PrometheusRemoteWriteExporterConfig prw =
                snippet.exporter("prometheusremotewrite", PrometheusRemoteWriteExporterConfig.class);
        assertThat(prw.client().headers()).containsExactly(Map.entry("X-Scope-OrgID", "tenant-1"));
        assertThat(prw.client().auth().basic().username()).isEqualTo("alice");
        assertThat(snippet.warnings()).singleElement().asString()
                .startsWith("exporters.prometheusremotewrite.headers.Authorization: not sent:");
        assertThat(snippet.describePlan()).doesNotContain("s3cret").doesNotContain("YOUR_API_TOKEN");
    }
}
