package io.github.otelflink.it.pipeline;

import io.github.otelflink.job.config.PipelineConfig;
import io.github.otelflink.job.config.PipelineConfigLoader;
import io.github.otelflink.job.pipeline.PipelineGraph;
import io.github.otelflink.job.receiver.ConnectorReceiverSources;
import io.github.otelflink.testing.MtlsPrometheus;
import io.github.otelflink.testing.PrometheusServer;

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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The blueprint's flow: its generator's OTLP/JSON payloads posted to the job's OTLP/HTTP ingress,
 * through the blueprint's processors (run on the request bytes, beside a basic debug exporter), into
 * the real Prometheus over mTLS; a malformed body gets a 400 naming the problem while the job keeps
 * running.
 */
class OtlpIngressPipelineITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @RegisterExtension
    static final MtlsPrometheus PROMETHEUS = new MtlsPrometheus();

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The blueprint generator's counter payload (its send_metric with metric_type counter). */
    private static String counter(String name, long value, long timeNanos) {
        return """
                {"resourceMetrics": [{"resource": {"attributes": [
                  {"key": "service.name", "value": {"stringValue": "metrics-generator"}},
                  {"key": "host.name", "value": {"stringValue": "gen-7"}}]},
                 "scopeMetrics": [{"metrics": [{"name": "%s", "unit": "1",
                   "sum": {"dataPoints": [{"timeUnixNano": "%d", "asInt": "%d",
                     "attributes": [{"key": "method", "value": {"stringValue": "GET"}}]}],
                   "aggregationTemporality": 2, "isMonotonic": true}}]}]}]}
                """.formatted(name, timeNanos, value);
    }

    private static HttpResponse<String> post(HttpClient http, int port, String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/metrics"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void blueprintPayloadsThroughTheOtlpIngressIntoPrometheus() throws Exception {
        int port = freePort();
        PipelineConfig config = PipelineConfigLoader.load("""
                receivers:
                  otlp:
                    protocols:
                      http:
                        endpoint: 127.0.0.1:%d
                processors:
                  batch:
                    timeout: 100ms
                  resource:
                    attributes:
                    - {key: service.namespace, value: demo, action: upsert}
                  transform:
                    metric_statements:
                    - context: metric
                      statements:
                      - set(name, "otel_" + name) where name matches "^(http_requests|cpu_usage|memory_usage).*"
                    - context: datapoint
                      statements:
                      - set(attributes["source"], "opentelemetry")
                exporters:
                  prometheusremotewrite:
                    endpoint: "%s"
                    tls: {ca_file: "%s", cert_file: "%s", key_file: "%s"}
                  debug: {verbosity: basic}
                service:
                  pipelines:
                    metrics:
                      receivers: [otlp]
                      processors: [resource, transform, batch]
                      exporters: [prometheusremotewrite, debug]
                """.formatted(port, PROMETHEUS.server().remoteWriteUri(), PROMETHEUS.certs().caCert(), PROMETHEUS.certs().clientCert(), PROMETHEUS.certs().clientKey()),
                Map.of());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        new PipelineGraph(config, new ConnectorReceiverSources(config)).build(env);
        JobClient job = env.executeAsync("otlp-ingress");
        HttpClient http = HttpClient.newHttpClient(); // Java 17: not AutoCloseable
        try {
            long t0 = (System.currentTimeMillis() - Duration.ofMinutes(10).toMillis()) / 1000 * 1000;
            // The ingress binds when the job's source starts: retry the first post until it answers.
            HttpResponse<String> first = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (first == null) {
                try {
                    first = post(http, port, "application/json", counter("http_requests_total", 1, t0 * 1_000_000L));
                } catch (java.io.IOException notYetListening) {
                    if (System.nanoTime() > deadline) {
                        throw notYetListening;
                    }
                }
            }
            assertThat(first.statusCode()).isEqualTo(200);

            HttpResponse<String> malformed = post(http, port, "application/json", "{\"resourceMetrics\": [{\"scopeMetrics\": 7}]}");
            assertThat(malformed.statusCode()).isEqualTo(400);
            assertThat(malformed.body()).contains("scopeMetrics");
            assertThat(post(http, port, "text/plain", "x").statusCode()).isEqualTo(415);

            // A data point with 2,000 attributes: answered like any other, and the job keeps running
            // (the counter posts below must still arrive).
            StringBuilder attrs = new StringBuilder();
            for (int a = 0; a < 2000; a++) {
                attrs.append(a == 0 ? "" : ",").append("{\"key\": \"attr_").append(a)
                        .append("\", \"value\": {\"stringValue\": \"v").append(a).append("\"}}");
            }
            String huge = """
                    {"resourceMetrics": [{"scopeMetrics": [{"metrics": [{"name": "huge_labels",
                      "gauge": {"dataPoints": [{"timeUnixNano": "%d", "asDouble": 1, "attributes": [%s]}]}}]}]}]}
                    """.formatted(t0 * 1_000_000L, attrs);
            assertThat(post(http, port, "application/json", huge).statusCode()).isEqualTo(200);

            for (int i = 2; i <= 5; i++) {
                assertThat(post(http, port, "application/json",
                        counter("http_requests_total", i, (t0 + (i - 1) * 1000L) * 1_000_000L)).statusCode()).isEqualTo(200);
            }
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (PROMETHEUS.server().rangeSamples("otel_http_requests_total", t0, t0 + 4000).size() < 5
                    && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            PrometheusServer.Element series = PROMETHEUS.server().rangeQuery("otel_http_requests_total", t0, t0 + 4000).get(0);
            // The blueprint's processor shapes, run on the request bytes (WireProcessors): the resource
            // processor's namespace in the job label, the data point group's attribute as a label.
            assertThat(series.metric()).containsEntry("job", "demo/metrics-generator").containsEntry("method", "GET")
                    .containsEntry("source", "opentelemetry");
            assertThat(series.samples()).extracting(PrometheusServer.Sample::value).containsExactly(1.0, 2.0, 3.0, 4.0, 5.0);
            PrometheusServer.Element hugeSeries = PROMETHEUS.server().rangeQuery("huge_labels", t0, t0 + 4000).get(0);
            assertThat(hugeSeries.metric()).hasSize(2002).containsEntry("attr_1999", "v1999").containsEntry("source", "opentelemetry");
        } finally {
            job.cancel().get();
        }
    }
}
