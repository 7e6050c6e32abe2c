package io.github.otelflink.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.job.pdata.GoRegex;
import io.github.otelflink.job.receiver.kafka.KafkaReceiverConfig;
import io.github.otelflink.job.receiver.otlp.OtlpReceiverConfig;
import io.github.otelflink.job.receiver.prometheus.PrometheusReceiverConfig.ScrapeConfig;
import io.github.otelflink.job.receiver.prometheus.PrometheusReceiverConfig.StaticConfig;
import io.github.otelflink.job.receiver.prometheus.PrometheusReceiverConfig;
import io.github.otelflink.job.relabel.RelabelAction;
import io.github.otelflink.job.relabel.RelabelConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every receiver key, set to something other than its default. */
class ReceiverConfigTest {

    private static PipelineConfig withReceivers(String receivers, String ids) {
        return TestConfigs.loadText("receivers:\n" + receivers + """
                exporters:
                  prometheusremotewrite:
                    endpoint: http://localhost:9090/api/v1/write
                service:
                  pipelines:
                    metrics:
                      receivers: %s
                      exporters: [prometheusremotewrite]
                """.formatted(ids));
    }

    @Test
    void otlpWithTlsAuthAndCheckpointAck() {
        OtlpReceiverConfig otlp = withReceivers("""
                  otlp:
                    protocols:
                      grpc:
                        endpoint: 0.0.0.0:14317
                        max_recv_msg_size_mib: 16
                        tls:
                          cert_file: /certs/server.crt
                          key_file: /certs/server.key
                          client_ca_file: /certs/ca.crt
                          min_version: "1.3"
                        auth:
                          bearer_token: s3cret
                        include_metadata: true
                      http:
                        endpoint: "[::]:14318"
                        max_request_body_size: 64MiB
                        auth:
                          bearer_token_file: /secrets/token
                    ack: checkpoint
                """, "[otlp]").receiver("otlp", OtlpReceiverConfig.class);
        assertThat(otlp.grpc()).isEqualTo(new OtlpReceiverConfig.Grpc("0.0.0.0:14317", 16,
                new TlsServerConfig("/certs/server.crt", "/certs/server.key", "/certs/ca.crt", "1.3", null, null),
                new OtlpReceiverConfig.BearerTokenAuth("s3cret", null), true));
        assertThat(otlp.grpc().tls().requiresClientCertificate()).isTrue();
        assertThat(otlp.http()).isEqualTo(new OtlpReceiverConfig.Http("[::]:14318", 64L << 20, null,
                new OtlpReceiverConfig.BearerTokenAuth(null, "/secrets/token"), false));
        assertThat(otlp.ack()).isEqualTo(OtlpReceiverConfig.Ack.CHECKPOINT);
        assertThat(otlp.grpc().auth()).asString().doesNotContain("s3cret");
    }

    @Test
    void kafkaWithSaslAndTls() {
        KafkaReceiverConfig kafka = withReceivers("""
                  kafka:
                    brokers: [kafka-0:9093, kafka-1:9093]
                    topic: metrics
                    encoding: otlp_json
                    group_id: flink
                    client_id: flink-job
                    initial_offset: earliest
                    auth:
                      sasl:
                        mechanism: SCRAM-SHA-512
                        username: flink
                        password: pw
                      tls:
                        ca_file: /certs/kafka-ca.crt
                """, "[kafka]").receiver("kafka", KafkaReceiverConfig.class);
        assertThat(kafka).isEqualTo(new KafkaReceiverConfig(ComponentId.of("kafka"),
                List.of("kafka-0:9093", "kafka-1:9093"), "metrics", KafkaReceiverConfig.Encoding.OTLP_JSON, "flink",
                "flink-job", KafkaReceiverConfig.InitialOffset.EARLIEST,
                new KafkaReceiverConfig.Sasl(KafkaReceiverConfig.Mechanism.SCRAM_SHA_512, "flink", "pw"),
                new TlsClientConfig("/certs/kafka-ca.crt", null, null, false, false, "1.2", null, null, null)));
        assertThat(kafka.sasl()).asString().doesNotContain("pw]");
    }

    @Test
    void kafkaTlsAtTheTopLevelAsNewerCollectorsWriteIt() {
        KafkaReceiverConfig kafka = withReceivers("""
                  kafka:
                    tls:
                      insecure_skip_verify: true
                """, "[kafka]").receiver("kafka", KafkaReceiverConfig.class);
        assertThat(kafka.tls().insecureSkipVerify()).isTrue();
        assertThat(kafka.sasl()).isNull();
    }

    @Test
    void prometheusWithGlobalDefaultsAndRelabels() {
        PrometheusReceiverConfig prometheus = withReceivers("""
                  prometheus:
                    config:
                      global:
                        scrape_interval: 15s
                        scrape_timeout: 20s
                      scrape_configs:
                      - job_name: node
                        metrics_path: /probe
                        scheme: https
                        honor_labels: true
                        static_configs:
                        - targets: ['node-1:9100', 'node-2:9100']
                          labels:
                            env: prod
                        metric_relabel_configs:
                        - source_labels: [__name__]
                          regex: "go_.*"
                          action: drop
                      - job_name: slow
                        scrape_interval: 1h30m
                        scrape_timeout: 1m
                """, "[prometheus]").receiver("prometheus", PrometheusReceiverConfig.class);
        assertThat(prometheus.scrapeConfigs()).containsExactly(
                new ScrapeConfig("node", Duration.ofSeconds(15), Duration.ofSeconds(15), "/probe", "https", true,
                        List.of(new StaticConfig(List.of("node-1:9100", "node-2:9100"), Map.of("env", "prod"))),
                        List.of(new RelabelConfig(List.of("__name__"), ";", GoRegex.compileAnchored("go_.*"), "", "$1",
                                0, RelabelAction.DROP))),
                new ScrapeConfig("slow", Duration.ofMinutes(90), Duration.ofMinutes(1), "/metrics", "http", false,
                        List.of(), List.of()));
    }
}
