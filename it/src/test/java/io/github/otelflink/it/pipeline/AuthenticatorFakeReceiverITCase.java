package io.github.otelflink.it.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.job.telemetry.CollectorTelemetryReporter;
import io.github.otelflink.testing.Poll;
import io.github.otelflink.testing.Scraper;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code basicauth}, {@code bearertokenauth} and {@code headers_setter} extensions end to end: the
 * job's exporter names them in {@code auth.authenticator} and its requests carry their credentials
 * and headers.
 *
 * <p>The receiver is a fake (a JDK {@link HttpServer} that checks the {@code Authorization} header,
 * answering 204 or 401), not a real Prometheus: Prometheus' web config checks only basic auth (no bearer
 * tokens), and the fake records exactly which header each request carried. Basic auth against the real
 * Prometheus ({@code basic_auth_users}) is {@link BasicAuthPrometheusITCase}.
 */
class AuthenticatorFakeReceiverITCase {

    private static final int TELEMETRY_PORT = Scraper.freePort();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(() -> {
        Configuration conf = new Configuration();
        CollectorTelemetryReporter.configure(conf, "127.0.0.1:" + TELEMETRY_PORT);
        return new MiniClusterResourceConfiguration.Builder()
                .setConfiguration(conf).setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build();
    });

    private HttpServer receiver;
    private volatile String expectedAuthorization = "";
    /** The header that carries the credentials the receiver checks. */
    private volatile String credentialsHeader = "Authorization";
    /** The headers of the last accepted request. */
    private volatile Map<String, List<String>> lastAcceptedHeaders = Map.of();
    /** Requests by the credentials header they carried ("" for none). */
    private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
    private final AtomicLong accepted = new AtomicLong();

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/api/v1/write", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String header = exchange.getRequestHeaders().getFirst(credentialsHeader);
            header = header == null ? "" : header;
            requests.computeIfAbsent(header, h -> new AtomicLong()).incrementAndGet();
            if (header.equals(expectedAuthorization)) {
                lastAcceptedHeaders = Map.copyOf(exchange.getRequestHeaders());
                accepted.incrementAndGet();
                exchange.sendResponseHeaders(204, -1);
            } else {
                byte[] body = "unauthorized".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(401, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    @Test
    void basicauthCredentialsAreSent() throws Exception {
        expectedAuthorization = basic("alice", "right-password");
        JobClient job = run(config("""
                  basicauth/prometheus:
                    client_auth:
                      username: alice
                      password: right-password
                """, "basicauth/prometheus"));
        try {
            Poll.until(WAIT, "accepted requests " + requests, () -> accepted.get() >= 3);
            assertThat(requests.keySet()).containsOnly(expectedAuthorization);
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void wrongBasicauthPasswordIsRefusedAndCountedAsFailed() throws Exception {
        expectedAuthorization = basic("alice", "right-password");
        JobClient job = run(config("""
                  basicauth/prometheus:
                    client_auth:
                      username: alice
                      password: wrong-password
                """, "basicauth/prometheus"));
        try {
            Poll.until(WAIT, "send failures in the job's telemetry; requests " + requests, () -> sendFailed() >= 3);
            assertThat(accepted.get()).isZero();
            assertThat(requests.keySet()).containsOnly(basic("alice", "wrong-password"));
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void bearertokenauthFileIsReReadWhenItChanges(@TempDir Path dir) throws Exception {
        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, "first-token\n");
        expectedAuthorization = "Bearer first-token";
        JobClient job = run(config("""
                  bearertokenauth:
                    filename: %s
                """.formatted(tokenFile), "bearertokenauth"));
        try {
            Poll.until(WAIT, "accepted requests with the first token " + requests, () -> accepted.get() >= 2);
            Files.writeString(tokenFile, "second-token\n");
            expectedAuthorization = "Bearer second-token";
            Poll.until(WAIT, "requests with the rotated token " + requests,
                    () -> requests.containsKey("Bearer second-token") && requests.get("Bearer second-token").get() >= 2);
            assertThat(requests.keySet()).isSubsetOf("Bearer first-token", "Bearer second-token");
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void bearertokenauthSchemeAndHeaderAreSent() throws Exception {
        credentialsHeader = "X-Api-Key";
        expectedAuthorization = "ApiKey k-123";
        JobClient job = run(config("""
                  bearertokenauth/key:
                    token: k-123
                    scheme: ApiKey
                    header: X-Api-Key
                """, "bearertokenauth/key"));
        try {
            Poll.until(WAIT, "accepted requests " + requests, () -> accepted.get() >= 3);
            assertThat(requests.keySet()).containsOnly("ApiKey k-123");
            assertThat(lastAcceptedHeaders).doesNotContainKey("Authorization");
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void headersSetterHeadersAreSent() throws Exception {
        expectedAuthorization = "Token from-headers-setter";
        JobClient job = run(config("""
                  headers_setter/tenant:
                    headers:
                      - key: X-Scope-OrgID
                        value: tenant-7
                      - key: Authorization
                        value: Token from-headers-setter
                        action: insert
                      - key: X-Removed
                        value: soon-gone
                      - key: X-Removed
                        action: delete
                """, "headers_setter/tenant"));
        try {
            Poll.until(WAIT, "accepted requests " + requests, () -> accepted.get() >= 3);
            assertThat(requests.keySet()).containsOnly("Token from-headers-setter");
            // The JDK server capitalizes names: "X-scope-orgid".
            assertThat(lastAcceptedHeaders).containsEntry("X-scope-orgid", List.of("tenant-7"))
                    .doesNotContainKey("X-removed")
                    .containsEntry("Content-encoding", List.of("snappy"));
        } finally {
            job.cancel().get();
        }
    }

    private String config(String extensions, String authenticator) {
        return """
                receivers:
                  otlp:
                    protocols:
                      grpc:
                exporters:
                  prometheusremotewrite:
                    endpoint: http://127.0.0.1:%d/api/v1/write
                    max_samples_per_send: 1
                    retry_on_failure:
                      enabled: false
                    auth:
                      authenticator: %s
                extensions:
                %s
                service:
                  extensions: [%s]
                  pipelines:
                    metrics:
                      receivers: [otlp]
                      exporters: [prometheusremotewrite]
                """.formatted(receiver.getAddress().getPort(), authenticator, extensions.stripTrailing(), authenticator);
    }

    private static JobClient run(String yaml) throws Exception {
        return GeneratedGaugeJob.start(yaml, "authenticator");
    }

    static ExportMetricsServiceRequest gauge(long i) {
        NumberDataPoint point = NumberDataPoint.newBuilder()
                .setTimeUnixNano(System.currentTimeMillis() * 1_000_000L).setAsDouble(i).build();
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder().setName("auth_test")
                        .setGauge(Gauge.newBuilder().addDataPoints(point)))))
                .build();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static double sendFailed() {
        return Scraper.sum(TELEMETRY_PORT, "otelcol_exporter_send_failed_metric_points");
    }

}
