package io.github.otelflink.it.pipeline;

import io.github.otelflink.job.config.PipelineConfig;
import io.github.otelflink.job.config.PipelineConfigLoader;
import io.github.otelflink.job.pipeline.PipelineGraph;
import io.github.otelflink.job.receiver.ConnectorReceiverSources;
import io.github.otelflink.job.telemetry.CollectorTelemetryReporter;
import io.github.otelflink.testing.MtlsPrometheus;
import io.github.otelflink.testing.PrometheusServer;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The blueprint's self-monitoring: {@code service.telemetry.metrics.address} serves the job's own
 * metrics under the Collector's names, its {@code prometheus/self} receiver scrapes them, and they
 * reach Prometheus, where the blueprint's check looks for
 * {@code otelcol_processor_batch_batch_send_size_sum}.
 */
class SelfScrapeITCase {
    private static final int TELEMETRY_PORT = freePort();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(() -> {
        Configuration conf = new Configuration();
        CollectorTelemetryReporter.configure(conf, "127.0.0.1:" + TELEMETRY_PORT);
        return new MiniClusterResourceConfiguration.Builder()
                .setConfiguration(conf).setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build();
    });

    @RegisterExtension
    static final MtlsPrometheus PROMETHEUS = new MtlsPrometheus();

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void ownMetricsWithCollectorNamesReachPrometheusThroughTheSelfScrape() throws Exception {
        int otlpPort = freePort();
        PipelineConfig config = PipelineConfigLoader.load("""
                receivers:
                  otlp:
                    protocols:
                      http:
                        endpoint: 127.0.0.1:%d
                  prometheus/self:
                    config:
                      scrape_configs:
                      - job_name: otel-collector
                        scrape_interval: 1s
                        scrape_timeout: 1s
                        static_configs:
                        - targets: ['127.0.0.1:%d']
                processors:
                  batch:
                    timeout: 100ms
                exporters:
                  prometheusremotewrite:
                    endpoint: "%s"
                    tls: {ca_file: "%s", cert_file: "%s", key_file: "%s"}
                service:
                  telemetry:
                    metrics:
                      address: 127.0.0.1:%d
                  pipelines:
                    metrics:
                      receivers: [otlp, prometheus/self]
                      processors: [batch]
                      exporters: [prometheusremotewrite]
                """.formatted(otlpPort, TELEMETRY_PORT, PROMETHEUS.server().remoteWriteUri(), PROMETHEUS.certs().caCert(), PROMETHEUS.certs().clientCert(),
                PROMETHEUS.certs().clientKey(), TELEMETRY_PORT), Map.of());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        new PipelineGraph(config, new ConnectorReceiverSources(config)).build(env);
        JobClient job = env.executeAsync("self-scrape");
        HttpClient http = HttpClient.newHttpClient();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            double batchSizeSum = Double.NaN;
            while (System.nanoTime() < deadline) {
                // Keep some OTLP traffic flowing so the sink has something to count.
                try {
                    http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + otlpPort + "/v1/metrics"))
                            .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("""
                                    {"resourceMetrics": [{"scopeMetrics": [{"metrics": [{"name": "tick",
                                      "gauge": {"dataPoints": [{"timeUnixNano": "%d", "asDouble": 1}]}}]}]}]}
                                    """.formatted(System.currentTimeMillis() * 1_000_000L))).build(),
                            HttpResponse.BodyHandlers.discarding());
                } catch (IOException notYetListening) {
                    // the ingress binds when the source starts
                }
                batchSizeSum = PROMETHEUS.server().scalar("max(otelcol_processor_batch_batch_send_size_sum)");
                if (batchSizeSum > 0) {
                    break;
                }
            }
            assertThat(batchSizeSum).as("otelcol_processor_batch_batch_send_size_sum in Prometheus").isPositive();
            assertThat(PROMETHEUS.server().scalar("max(otelcol_exporter_sent_metric_points_total) or max(otelcol_exporter_sent_metric_points)"))
                    .isPositive();
            assertThat(PROMETHEUS.server().scalar("max(up{job=\"otel-collector\"})")).isEqualTo(1.0);
        } finally {
            job.cancel().get();
        }
    }
}
