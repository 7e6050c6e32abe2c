package io.github.otelflink.it.pipeline;

import io.github.otelflink.connectors.OtlpMetricsTypeInfo;
import io.github.otelflink.job.config.PipelineConfig;
import io.github.otelflink.job.config.PipelineConfigLoader;
import io.github.otelflink.job.pipeline.PipelineGraph;
import io.github.otelflink.job.receiver.ConnectorReceiverSources;
import io.github.otelflink.testing.FailOnceAfterCheckpoint;
import io.github.otelflink.testing.MtlsPrometheus;
import io.github.otelflink.testing.PrometheusServer;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ack: checkpoint}: the OTLP ingress answers 2xx only after the checkpoint holding the data
 * completes, so with clients that retry until they get a 2xx (as OTLP exporters do), a job that
 * fails mid-stream loses nothing a client was told was accepted.
 */
class OtlpAckCheckpointITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @RegisterExtension
    static final MtlsPrometheus PROMETHEUS = new MtlsPrometheus();

    private static String gauge(int series, long value, long timeNanos) {
        return """
                {"resourceMetrics": [{"resource": {"attributes": [
                  {"key": "service.name", "value": {"stringValue": "acked"}}]},
                 "scopeMetrics": [{"metrics": [{"name": "acked_value",
                   "gauge": {"dataPoints": [{"timeUnixNano": "%d", "asInt": "%d",
                     "attributes": [{"key": "client", "value": {"stringValue": "c%d"}}]}]}}]}]}]}
                """.formatted(timeNanos, value, series);
    }

    @Test
    void nothingAClientGotA2xxForIsLostWhenTheJobFails() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        PipelineConfig config = PipelineConfigLoader.load("""
                receivers:
                  otlp:
                    ack: checkpoint
                    protocols:
                      http:
                        endpoint: 127.0.0.1:%d
                processors:
                  batch:
                    timeout: 50ms
                exporters:
                  prometheusremotewrite:
                    endpoint: "%s"
                    tls: {ca_file: "%s", cert_file: "%s", key_file: "%s"}
                service:
                  pipelines:
                    metrics:
                      receivers: [otlp]
                      processors: [batch]
                      exporters: [prometheusremotewrite]
                """.formatted(port, PROMETHEUS.server().remoteWriteUri(), PROMETHEUS.certs().caCert(), PROMETHEUS.certs().clientCert(), PROMETHEUS.certs().clientKey()),
                Map.of());
        FailOnceAfterCheckpoint.FAILED.set(false);
        // Fail at once, while requests after the checkpoint are still in flight: with ack: accepted
        // their clients would already hold a 2xx for data the restart loses (no replay without Kafka).
        FailOnceAfterCheckpoint.storedSamples = () -> Long.MAX_VALUE;
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(300));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.enableCheckpointing(200);
        env.setParallelism(1);
        ConnectorReceiverSources real = new ConnectorReceiverSources(config);
        new PipelineGraph(config, (e, receiver) -> real.create(e, receiver)
                .map(new FailOnceAfterCheckpoint<ExportMetricsServiceRequest>(2), OtlpMetricsTypeInfo.INSTANCE)
                .name(receiver.id().toString())).build(env);
        JobClient job = env.executeAsync("ack-checkpoint");

        int clients = 4;
        int perClient = 12;
        long t0 = (System.currentTimeMillis() - Duration.ofMinutes(10).toMillis()) / 1000 * 1000;
        Map<Integer, List<Long>> acked = new ConcurrentHashMap<>();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                done.add(pool.submit(() -> {
                    for (long k = 0; k < perClient; k++) {
                        String body = gauge(client, k, (t0 + k * 1000) * 1_000_000L);
                        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                        // Like an OTLP exporter: send again until the answer is a 2xx.
                        while (true) {
                            try {
                                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                                                URI.create("http://127.0.0.1:" + port + "/v1/metrics"))
                                        .timeout(Duration.ofSeconds(20))
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                        HttpResponse.BodyHandlers.ofString());
                                if (r.statusCode() == 200) {
                                    acked.computeIfAbsent(client, x -> new ArrayList<>()).add(k);
                                    break;
                                }
                            } catch (java.io.IOException | InterruptedException retry) {
                                // not listening (yet, or while restarting): try again
                            }
                            if (System.nanoTime() > deadline) {
                                throw new AssertionError("client " + client + " got no 2xx for sample " + k);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            assertThat(FailOnceAfterCheckpoint.FAILED).as("the failure was injected").isTrue();
            long end = t0 + perClient * 1000L;
            for (int c = 0; c < clients; c++) {
                assertThat(acked.get(c)).hasSize(perClient);
                String selector = "acked_value{client=\"c" + c + "\"}";
                long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (PROMETHEUS.server().rangeSamples(selector, t0, end).size() < perClient && System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                List<PrometheusServer.Sample> stored = PROMETHEUS.server().rangeSamples(selector, t0, end);
                assertThat(stored).as(selector).hasSize(perClient);
                for (int k = 0; k < perClient; k++) {
                    assertThat(stored.get(k)).isEqualTo(new PrometheusServer.Sample(t0 + k * 1000L, k));
                }
            }
        } finally {
            pool.shutdownNow();
            job.cancel().get();
        }
    }
}
