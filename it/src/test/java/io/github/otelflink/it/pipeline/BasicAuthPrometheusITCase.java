package io.github.otelflink.it.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.connectors.OtlpMetricsTypeInfo;
import io.github.otelflink.job.config.PipelineConfig;
import io.github.otelflink.job.config.PipelineConfigLoader;
import io.github.otelflink.job.pipeline.PipelineGraph;
import io.github.otelflink.job.receiver.ReceiverSources;
import io.github.otelflink.job.telemetry.CollectorTelemetryReporter;
import io.github.otelflink.testing.Poll;
import io.github.otelflink.testing.PrometheusServer;
import io.github.otelflink.testing.Scraper;
import io.github.otelflink.testing.TestCertificates;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code basicauth} extension against the real Prometheus 2.42 with {@code basic_auth_users} (bcrypt) behind
 * mTLS: the job's exporter names the extension in {@code auth.authenticator}; with the right password every
 * sample is stored, with a wrong one Prometheus answers 401 and the sink counts the samples as dropped
 * ({@code reason="rejected"}) on the job's telemetry endpoint, with none sent. The exporter is the
 * blueprint's snippet as written, with a static {@code Authorization: Bearer ...} header next to the
 * authenticator: the basic credentials replace it, or Prometheus would answer 401 to the right password too.
 */
class BasicAuthPrometheusITCase {

    private static final int TELEMETRY_PORT = Scraper.freePort();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(() -> {
        Configuration conf = new Configuration();
        CollectorTelemetryReporter.configure(conf, "127.0.0.1:" + TELEMETRY_PORT);
        return new MiniClusterResourceConfiguration.Builder()
                .setConfiguration(conf).setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build();
    });

    @TempDir static Path dir;
    private static TestCertificates certs;
    private static PrometheusServer prometheus;

    @BeforeAll
    static void startPrometheus() {
        certs = TestCertificates.generate(dir.resolve("certs"));
        prometheus = PrometheusServer.builder(dir.resolve("prometheus"))
                .mtls(certs)
                .basicAuthUser("remote-writer", "right-password")
                .start();
    }

    @AfterAll
    static void stopPrometheus() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void rightPasswordStoresEverySample() throws Exception {
        int points = 12;
        long t0 = (System.currentTimeMillis() - Duration.ofMinutes(5).toMillis()) / 1000 * 1000;
        StreamExecutionEnvironment env = environment(config("right-password"),
                new DataGeneratorSource<>(new Gauges("basicauth_stored", t0), points, RateLimiterStrategy.perSecond(50),
                        OtlpMetricsTypeInfo.INSTANCE));
        env.execute("basicauth-right-password");

        List<PrometheusServer.Sample> stored = prometheus.rangeSamples("basicauth_stored", t0, t0 + points * 1000L);
        assertThat(stored).hasSize(points);
        for (int i = 0; i < points; i++) {
            assertThat(stored.get(i)).isEqualTo(new PrometheusServer.Sample(t0 + i * 1000L, i));
        }
    }

    @Test
    void wrongPasswordIs401AndTheSamplesAreCountedAsDropped() throws Exception {
        long t0 = System.currentTimeMillis() / 1000 * 1000;
        StreamExecutionEnvironment env = environment(config("wrong-password"),
                new DataGeneratorSource<>(new Gauges("basicauth_refused", t0), Long.MAX_VALUE,
                        RateLimiterStrategy.perSecond(20), OtlpMetricsTypeInfo.INSTANCE));
        JobClient job = env.executeAsync("basicauth-wrong-password");
        try {
            Poll.until(WAIT, "samples dropped as rejected on the job's telemetry endpoint",
                    () -> metric(scrape(), "prometheus_remote_write_samples_dropped_total", "rejected") >= 3);
            String telemetry = scrape();
            assertThat(metric(telemetry, "otelcol_exporter_sent_metric_points", null)).as(telemetry).isZero();
            assertThat(prometheus.query("basicauth_refused", null).elements()).isEmpty();
            // The answer the sink got: Prometheus logs nothing about refused credentials, so ask it the same way.
            assertThat(prometheus.post(new byte[0], "application/x-protobuf", "0.1.0",
                    PrometheusServer.basicAuthorization("remote-writer", "wrong-password")).statusCode()).isEqualTo(401);
        } finally {
            job.cancel().get();
        }
    }

    private static String config(String password) {
        return """
                receivers:
                  otlp:
                    protocols:
                      grpc:
                extensions:
                  basicauth/prometheus:
                    client_auth:
                      username: remote-writer
                      password: %s
                exporters:
                  prometheusremotewrite:
                    endpoint: "%s"
                    tls:
                      ca_file: "%s"
                      cert_file: "%s"
                      key_file: "%s"
                    max_samples_per_send: 1
                    # The blueprint's "Authentication and Authorization" snippet, as written: its static
                    # Authorization header is replaced by the authenticator's (as in the Collector).
                    headers:
                      Authorization: "Bearer YOUR_API_TOKEN"
                      X-Scope-OrgID: "tenant-1"
                    auth:
                      authenticator: basicauth/prometheus
                service:
                  extensions: [basicauth/prometheus]
                  pipelines:
                    metrics:
                      receivers: [otlp]
                      exporters: [prometheusremotewrite]
                """.formatted(password, prometheus.remoteWriteUri(), certs.caCert(), certs.clientCert(),
                certs.clientKey());
    }

    private static StreamExecutionEnvironment environment(String yaml,
            DataGeneratorSource<ExportMetricsServiceRequest> source) throws Exception {
        PipelineConfig config = PipelineConfigLoader.load(yaml, Map.of());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        ReceiverSources sources = (e, receiver) ->
                e.fromSource(source, WatermarkStrategy.noWatermarks(), receiver.id().toString());
        new PipelineGraph(config, sources).build(env);
        return env;
    }

    /** Request {@code i}: one gauge point of {@code name} at {@code t0 + i s} with value {@code i}. */
    private record Gauges(String name, long t0) implements GeneratorFunction<Long, ExportMetricsServiceRequest> {
        @Override
        public ExportMetricsServiceRequest map(Long i) {
            NumberDataPoint point = NumberDataPoint.newBuilder()
                    .setTimeUnixNano((t0 + i * 1000) * 1_000_000L).setAsDouble(i).build();
            return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                    .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder().setName(name)
                            .setGauge(Gauge.newBuilder().addDataPoints(point)))))
                    .build();
        }
    }

    private static String scrape() {
        try {
            return Scraper.scrape(TELEMETRY_PORT);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The sum over subtasks of {@code name} (with {@code reason="<reason>"} when not null) in a scrape. */
    private static double metric(String body, String name, String reason) {
        String labels = reason == null ? "(?:\\{[^}]*})?" : "\\{[^}]*reason=\"" + reason + "\"[^}]*}";
        Matcher m = Pattern.compile("(?m)^" + name + labels + " (\\S+)").matcher(body);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

}
