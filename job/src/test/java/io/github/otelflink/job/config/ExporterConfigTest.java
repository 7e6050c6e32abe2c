package io.github.otelflink.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.Auth;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.BasicAuth;
import io.github.otelflink.job.exporter.prometheusremotewrite.Compression;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.OnFailure;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.ProtobufMessage;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.TranslationStrategy;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.Wal;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig;
import io.github.otelflink.job.pdata.GoRegex;
import io.github.otelflink.job.relabel.RelabelAction;
import io.github.otelflink.job.relabel.RelabelConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import io.github.otelflink.job.exporter.prometheusremotewrite.KafkaDeadLetterTarget;
import io.github.otelflink.job.receiver.kafka.KafkaClientAuth;
import io.github.otelflink.job.receiver.kafka.KafkaReceiverConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exporter keys the blueprint does not use, and the keys beyond the Collector. */
class ExporterConfigTest {

    private static PipelineConfig load(String settings) {
        return TestConfigs.loadText(TestConfigs.withExporter(settings));
    }

    private static PrometheusRemoteWriteExporterConfig exporter(String settings) {
        return load(settings).exporter("prometheusremotewrite", PrometheusRemoteWriteExporterConfig.class);
    }

    @Test
    void everyOtherKey() {
        PrometheusRemoteWriteExporterConfig prw = exporter("""
                    endpoint: https://mimir:8080/api/v1/push
                    headers:
                      X-Scope-OrgID: tenant-1
                    tls:
                      insecure: true
                      insecure_skip_verify: true
                      min_version: "1.3"
                      max_version: "1.3"
                      server_name_override: mimir.internal
                      reload_interval: 1h
                    timeout: 0
                    namespace: otel
                    external_labels:
                      cluster: eu-1
                      __replica__: a
                    target_info:
                      enabled: false
                    add_metric_suffixes: false
                    send_metadata: true
                    protobuf_message: io.prometheus.write.v2.Request
                    max_samples_per_send: 5000
                    on_failure: fail
                    retry_on_failure:
                      enabled: false
                      randomization_factor: 0
                      multiplier: 2
                      max_elapsed_time: 0s
                    remote_write_queue:
                      queue_size: 50000
                      num_consumers: 8
                """);
        assertThat(prw.client().headers()).containsExactly(Map.entry("X-Scope-OrgID", "tenant-1"));
        assertThat(prw.client().tls()).isEqualTo(new TlsClientConfig(null, null, null, true, true, "1.3", "1.3",
                "mimir.internal", Duration.ofHours(1)));
        assertThat(prw.client().timeout()).isEqualTo(Duration.ZERO);
        assertThat(prw.translation().namespace()).isEqualTo("otel");
        assertThat(prw.translation().externalLabels()).containsExactly(Map.entry("cluster", "eu-1"), Map.entry("__replica__", "a"));
        assertThat(prw.translation().targetInfo()).isFalse();
        assertThat(prw.translation().addMetricSuffixes()).isFalse();
        assertThat(prw.translation().effectiveTranslationStrategy()).isEqualTo(TranslationStrategy.UNDERSCORE_ESCAPING_WITHOUT_SUFFIXES);
        assertThat(prw.translation().sendMetadata()).isTrue();
        assertThat(prw.sending().protobufMessage()).isEqualTo(ProtobufMessage.IO_PROMETHEUS_WRITE_V2_REQUEST);
        assertThat(prw.sending().maxSamplesPerSend()).isEqualTo(5000);
        assertThat(prw.sending().onFailure()).isEqualTo(OnFailure.FAIL);
        assertThat(prw.sending().retryOnFailure()).isEqualTo(new PrometheusRemoteWriteExporterConfig.RetryOnFailure(
                false, Duration.ofMillis(50), 0, 2, Duration.ofSeconds(30), Duration.ZERO));
        assertThat(prw.sending().remoteWriteQueue()).isEqualTo(new PrometheusRemoteWriteExporterConfig.RemoteWriteQueue(true, 50000, 8));
    }

    @Test
    void deadLettersAreOffUnlessADirectoryIsGiven() {
        assertThat(exporter("    endpoint: http://localhost:9090/api/v1/write\n").sending().deadLetter()).isNull();
        assertThat(exporter("""
                    endpoint: http://localhost:9090/api/v1/write
                    dead_letter: {directory: /var/lib/dead-letters}
                """).sending().deadLetter())
                .isEqualTo(new io.github.otelflink.job.exporter.prometheusremotewrite.DeadLetterConfig("/var/lib/dead-letters", 100L << 20));
        assertThat(exporter("""
                    endpoint: http://localhost:9090/api/v1/write
                    dead_letter:
                      directory: /d
                      rotation: {max_megabytes: 7}
                """).sending().deadLetter().maxFileBytes()).isEqualTo(7L << 20);
        assertThat(exporter("""
                    endpoint: http://localhost:9090/api/v1/write
                    dead_letter:
                      kafka: {brokers: ["k1:9092", "k2:9092"], topic: otlp_dead_letters}
                """).sending().deadLetter().kafka()).isEqualTo(new KafkaDeadLetterTarget(
                        List.of("k1:9092", "k2:9092"), "otlp_dead_letters", KafkaClientAuth.NONE));
        KafkaDeadLetterTarget secured = exporter("""
                    endpoint: http://localhost:9090/api/v1/write
                    dead_letter:
                      kafka:
                        brokers: ["k1:9093"]
                        topic: dead
                        auth:
                          sasl: {mechanism: SCRAM-SHA-512, username: u, password: p}
                        tls: {ca_file: /ca.pem}
                """).sending().deadLetter().kafka();
        assertThat(secured.auth().sasl()).isEqualTo(new KafkaReceiverConfig.Sasl(
                KafkaReceiverConfig.Mechanism.SCRAM_SHA_512, "u", "p"));
        assertThat(secured.auth().tls().caFile()).isEqualTo("/ca.pem");
        assertThat(secured.auth().clientProperties(secured.brokers()))
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(secured.toString()).doesNotContain("password=p");
    }

    @ParameterizedTest
    @CsvSource({
        "3000000, 3000000",
        "10MB, 10000000",
        "10MiB, 10485760",
        "512KB, 512000",
        "512KiB, 524288",
        "1GB, 1000000000",
        "1GiB, 1073741824",
        "1.5MiB, 1572864",
        "2048B, 2048",
        "'\"4200\"', 4200"
    })
    void maxBatchSizeBytesAsIntegerOrSize(String written, long bytes) {
        assertThat(exporter("    endpoint: http://localhost:9090/api/v1/write\n    max_batch_size_bytes: " + written + "\n")
                .sending().maxBatchSizeBytes()).isEqualTo(bytes);
    }

    @Test
    void basicAuth() {
        assertThat(exporter("""
                    endpoint: https://localhost:9090/api/v1/write
                    auth:
                      basic:
                        username: prometheus
                        password_file: /secrets/password
                """).client().auth()).isEqualTo(new Auth(null, new BasicAuth("prometheus", null, "/secrets/password"), null, null));
        Auth withPassword = exporter("""
                    endpoint: https://localhost:9090/api/v1/write
                    auth:
                      basic: {username: prometheus, password: hunter2}
                """).client().auth();
        assertThat(withPassword.basic().password()).isEqualTo("hunter2");
        assertThat(withPassword).asString().doesNotContain("hunter2");
    }

    @Test
    void bearerToken() {
        Auth auth = exporter("""
                    endpoint: https://localhost:9090/api/v1/write
                    auth:
                      bearer_token: abc
                """).client().auth();
        assertThat(auth).isEqualTo(new Auth(null, null, "abc", null));
        assertThat(auth).asString().doesNotContain("abc");
    }

    @Test
    void writeRelabelConfigsAliasAndEveryAction() {
        PrometheusRemoteWriteExporterConfig prw = exporter("""
                    endpoint: http://localhost:9090/api/v1/write
                    write_relabel_configs:
                    - source_labels: [__name__, job]
                      separator: "@"
                      regex: "(.+)@(.+)"
                      target_label: name_job
                      replacement: "$${1}_$2"  # $$ because ${...} would be an environment variable
                    - {source_labels: [__name__], regex: "go_.*", action: keep}
                    - {regex: "tmp_.*", action: labeldrop}
                    - {regex: "keep_.*", action: labelkeep}
                    - {regex: "meta_(.+)", replacement: "$1", action: labelmap}
                    - {source_labels: [instance], target_label: shard, modulus: 4, action: hashmod}
                    - {source_labels: [job], target_label: job_lower, action: lowercase}
                    - {source_labels: [job], target_label: job_upper, action: UpperCase}
                    - {source_labels: [a], target_label: b, action: keepequal}
                    - {source_labels: [a], target_label: b, action: dropequal}
                    - {source_labels: [x], action: drop}
                """);
        assertThat(prw.metricRelabels()).extracting(RelabelConfig::action).containsExactly(
                RelabelAction.REPLACE, RelabelAction.KEEP, RelabelAction.LABELDROP, RelabelAction.LABELKEEP,
                RelabelAction.LABELMAP, RelabelAction.HASHMOD, RelabelAction.LOWERCASE, RelabelAction.UPPERCASE,
                RelabelAction.KEEPEQUAL, RelabelAction.DROPEQUAL, RelabelAction.DROP);
        RelabelConfig first = prw.metricRelabels().get(0);
        assertThat(first).isEqualTo(new RelabelConfig(List.of("__name__", "job"), "@",
                GoRegex.compileAnchored("(.+)@(.+)"), "name_job", "${1}_$2", 0, RelabelAction.REPLACE));
        assertThat(first.regex().matches("up@node")).isTrue();
        assertThat(first.regex().matches("up")).isFalse();
        // Anchored: "go_.*" must match the whole name.
        assertThat(prw.metricRelabels().get(1).regex().matches("go_goroutines")).isTrue();
        assertThat(prw.metricRelabels().get(1).regex().matches("x_go_goroutines")).isFalse();
        assertThat(prw.metricRelabels().get(5).modulus()).isEqualTo(4);
        assertThat(prw.metricRelabels().get(0).describe()).isEqualTo("replace [__name__, job] =~ (.+)@(.+) -> name_job");
    }

    @Test
    void translationStrategyWinsOverAddMetricSuffixes() {
        PipelineConfig config = load("""
                    endpoint: http://localhost:9090/api/v1/write
                    add_metric_suffixes: false
                    translation_strategy: NoUTF8EscapingWithSuffixes
                    protobuf_message: io.prometheus.write.v2.Request
                    metric_relabels:
                    - {source_labels: [cluster.name], target_label: cluster}
                """);
        PrometheusRemoteWriteExporterConfig prw =
                config.exporter("prometheusremotewrite", PrometheusRemoteWriteExporterConfig.class);
        assertThat(prw.translation().effectiveTranslationStrategy()).isEqualTo(TranslationStrategy.NO_UTF8_ESCAPING_WITH_SUFFIXES);
        // With UTF-8 names kept, "cluster.name" is a real label: no warning about it.
        assertThat(config.warnings()).containsExactly(
                "exporters.prometheusremotewrite.add_metric_suffixes: ignored: translation_strategy decides about suffixes");
    }

    @Test
    void walIsAcceptedButNotUsed() {
        PipelineConfig config = load("""
                    endpoint: http://localhost:9090/api/v1/write
                    wal:
                      directory: /var/lib/otel/wal
                      buffer_size: 100
                      truncate_frequency: 45s
                """);
        assertThat(config.exporter("prometheusremotewrite", PrometheusRemoteWriteExporterConfig.class).sending().wal())
                .isEqualTo(new Wal("/var/lib/otel/wal", 100, Duration.ofSeconds(45)));
        assertThat(config.warnings()).containsExactly("exporters.prometheusremotewrite.wal: not used: unsent samples"
                + " are kept in Flink checkpoints instead of a write-ahead log");
    }

    @Test
    void plainHttpTlsIsAWarning() {
        PipelineConfig config = load("""
                    endpoint: http://localhost:9090/api/v1/write
                    compression: snappy
                    tls:
                      ca_file: /certs/ca.crt
                """);
        assertThat(config.exporter("prometheusremotewrite", PrometheusRemoteWriteExporterConfig.class).client().compression())
                .isEqualTo(Compression.SNAPPY);
        assertThat(config.warnings()).containsExactly(
                "exporters.prometheusremotewrite.tls: not used: the endpoint is http://, not https://");
    }

    @Test
    void orderingKeys() {
        PipelineConfig config = load("""
                    endpoint: http://localhost:9090/api/v1/write
                    ordering:
                      reorder_window: 1s
                      out_of_order_time_window: 10m
                """);
        assertThat(config.exporter("prometheusremotewrite", PrometheusRemoteWriteExporterConfig.class).ordering())
                .isEqualTo(new PrometheusRemoteWriteExporterConfig.Ordering(Duration.ofSeconds(1), Duration.ofMinutes(10)));
        assertThat(load("    endpoint: http://localhost:9090/api/v1/write\n")
                .exporter("prometheusremotewrite", PrometheusRemoteWriteExporterConfig.class).ordering())
                .isEqualTo(PrometheusRemoteWriteExporterConfig.Ordering.DEFAULT);
    }

    /** The plan gives the sizes the sink runs with: the batch processor's batch, and the buffer at least two of them per consumer. */
    @Test
    void thePlanShowsTheBatchAndBufferSizesOfThePipeline() {
        String pipeline = """
                receivers:
                  otlp:
                    protocols: {http: {}}
                processors:
                  batch: {send_batch_size: %d}
                exporters:
                  prometheusremotewrite:
                    endpoint: http://localhost:9090/api/v1/write
                    remote_write_queue: {queue_size: 2000, num_consumers: 2}
                service:
                  pipelines:
                    metrics:
                      receivers: [otlp]
                      processors: [batch]
                      exporters: [prometheusremotewrite]
                """;
        assertThat(TestConfigs.loadText(pipeline.formatted(200)).describePlan())
                .contains("queue 2000 samples x 2 consumers, batches up to 3MB / 200 samples (processors.batch)");
        assertThat(TestConfigs.loadText(pipeline.formatted(1000)).describePlan())
                .contains("queue 4000 samples (queue_size 2000 raised to two batches per consumer) x 2 consumers, "
                        + "batches up to 3MB / 1000 samples (processors.batch)");
    }
}

