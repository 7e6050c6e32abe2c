package io.github.otelflink.connectors.otlp;

import static io.github.otelflink.connectors.otlp.TestIngress.gzip;
import static io.github.otelflink.connectors.otlp.TestIngress.post;
import static io.github.otelflink.connectors.otlp.TestIngress.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otelflink.connectors.decode.BlueprintPayloads;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The source in real Flink jobs, fed by the OpenTelemetry Java SDK's exporters and by plain HTTP. */
class OtlpIngressSourceMiniClusterTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final long T = 1_700_000_000_000_000_000L;

    /** What the job's sink received; static because the sink is serialized into the job. */
    static final LinkedBlockingQueue<ExportMetricsServiceRequest> COLLECTED = new LinkedBlockingQueue<>();
    /** While set, the sink blocks on it: a downstream that does not keep up. */
    static volatile CountDownLatch sinkGate;

    private final int grpcPort = TestIngress.freePort();
    private final int httpPort = TestIngress.freePort();
    private final int healthPort = TestIngress.freePort();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private JobClient job;

    @BeforeEach
    void clear() {
        COLLECTED.clear();
        sinkGate = null;
    }

    @AfterEach
    void stop() throws Exception {
        CountDownLatch gate = sinkGate;
        if (gate != null) {
            gate.countDown();
        }
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
        if (job != null) {
            job.cancel().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            TestIngress.awaitTrue("the job to end", TIMEOUT, () -> job.getJobStatus().join().isGloballyTerminalState());
        }
    }

    @Test
    void deliversWhatTheSdkExportersSendOverGrpcAndHttpAtParallelismTwo() throws Exception {
        job = start(options().build(), 2, false);

        export(OtlpGrpcMetricExporter.builder().setEndpoint("http://127.0.0.1:" + grpcPort).build(), "grpc_requests", 5);
        export(OtlpHttpMetricExporter.builder().setEndpoint("http://127.0.0.1:" + httpPort + "/v1/metrics").build(),
                "http_requests", 7);

        Map<String, Metric> metrics = Map.of(
                "grpc_requests", awaitMetric("grpc_requests"),
                "http_requests", awaitMetric("http_requests"));
        assertThat(metrics.get("grpc_requests").getSum().getDataPoints(0).getAsInt()).isEqualTo(5);
        assertThat(metrics.get("grpc_requests").getSum().getDataPoints(0).getAttributes(0).getKey()).isEqualTo("method");
        assertThat(metrics.get("http_requests").getSum().getDataPoints(0).getAsInt()).isEqualTo(7);
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void answersBadRequestsAndKeepsRunning() throws Exception {
        job = start(options().http(OtlpIngressOptions.Http.at("127.0.0.1:" + httpPort).withMaxRequestBodyBytes(64 * 1024))
                .build(), 1, false);

        // The blueprint generator's four sends, as curl posts them.
        for (byte[] payload : BlueprintPayloads.batch(1, T)) {
            assertThat(post(metricsUri(), "application/json", payload).statusCode()).isEqualTo(200);
        }
        for (int i = 0; i < 4; i++) {
            assertThat(COLLECTED.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
        }

        HttpResponse<byte[]> badJson = post(metricsUri(), "application/json",
                BlueprintPayloads.gauge("cpu_usage_percent", "\"high\"", T, BlueprintPayloads.CPU_LABELS));
        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(text(badJson)).contains(
                "resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[0].asDouble: expected a number, got \\\"high\\\"");
        HttpResponse<byte[]> badProtobuf = post(metricsUri(), "application/x-protobuf", new byte[] {0x0a, 0x7f, 0x01});
        assertThat(badProtobuf.statusCode()).isEqualTo(400);
        assertThat(post(metricsUri(), "text/plain", new byte[] {1}).statusCode()).isEqualTo(415);
        assertThat(post(metricsUri(), "application/x-protobuf", new byte[100 * 1024]).statusCode()).isEqualTo(413);
        HttpResponse<byte[]> bomb = send(HttpRequest.newBuilder(metricsUri())
                .header("Content-Type", "application/x-protobuf").header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(new byte[10 * 1024 * 1024]))));
        assertThat(bomb.statusCode()).isEqualTo(413);

        assertThat(post(metricsUri(), "application/json", BlueprintPayloads.batch(2, T)[0]).statusCode()).isEqualTo(200);
        ExportMetricsServiceRequest after = COLLECTED.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(after).isNotNull();
        assertThat(metricNames(after)).containsExactly("http_requests_total");
        assertThat(COLLECTED).isEmpty();
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void refusesAWrongBearerToken() throws Exception {
        BearerTokenAuth auth = BearerTokenAuth.token("s3cret");
        job = start(options()
                .grpc(OtlpIngressOptions.Grpc.at("127.0.0.1:" + grpcPort).withAuth(auth))
                .http(OtlpIngressOptions.Http.at("127.0.0.1:" + httpPort).withAuth(auth))
                .build(), 1, false);

        HttpResponse<byte[]> wrong = send(HttpRequest.newBuilder(metricsUri()).header("Content-Type", "application/json")
                .header("Authorization", "Bearer guess")
                .POST(HttpRequest.BodyPublishers.ofByteArray(BlueprintPayloads.batch(1, T)[0])));
        assertThat(wrong.statusCode()).isEqualTo(401);
        CompletableResultCode refused = exportResult(OtlpGrpcMetricExporter.builder()
                .setEndpoint("http://127.0.0.1:" + grpcPort).addHeader("Authorization", "Bearer guess")
                .setRetryPolicy(null).build(), "refused", 1);
        assertThat(refused.isSuccess()).isFalse();

        export(OtlpGrpcMetricExporter.builder().setEndpoint("http://127.0.0.1:" + grpcPort)
                .addHeader("Authorization", "Bearer s3cret").build(), "allowed", 1);
        assertThat(metricNames(COLLECTED.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS))).containsExactly("allowed");
        assertThat(COLLECTED).isEmpty();
    }

    @Test
    void answers429WithRetryAfterWhenTheDownstreamDoesNotKeepUp() throws Exception {
        sinkGate = new CountDownLatch(1);
        job = start(options().maxPendingRequests(1).build(), 1, false);

        // The first request reaches the blocked sink, the next fills the queue of 1, then 429.
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<byte[]> last = null;
        for (int i = 0; i < 10 && (last == null || last.statusCode() == 200); i++) {
            last = post(metricsUri(), "application/json", BlueprintPayloads.batch(i, T)[0]);
            statuses.add(last.statusCode());
        }
        assertThat(last.statusCode()).as("answers %s", statuses).isEqualTo(429);
        assertThat(last.headers().firstValue("Retry-After")).hasValue("1");
        long accepted = statuses.stream().filter(status -> status == 200).count();
        assertThat(accepted).isBetween(1L, 2L);

        sinkGate.countDown();
        for (int i = 0; i < accepted; i++) {
            assertThat(COLLECTED.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
        }
        assertThat(post(metricsUri(), "application/json", BlueprintPayloads.batch(1, T)[0]).statusCode()).isEqualTo(200);
    }

    @Test
    void withCheckpointAckAnswersOnlyAfterACheckpointCompletes(@InjectMiniCluster MiniCluster miniCluster)
            throws Exception {
        job = start(options().ack(AckMode.CHECKPOINT).build(), 1, true);

        CompletableFuture<HttpResponse<byte[]>> answer = TestIngress.HTTP.sendAsync(
                HttpRequest.newBuilder(metricsUri()).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(BlueprintPayloads.batch(1, T)[1])).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(COLLECTED.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
        assertThatThrownBy(() -> answer.get(500, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);

        miniCluster.triggerCheckpoint(job.getJobID()).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        HttpResponse<byte[]> response = answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(text(response)).isEqualTo("{}");
    }

    @Test
    void withCheckpointAckClientsOfAStoppingJobAreToldToRetry() throws Exception {
        job = start(options().ack(AckMode.CHECKPOINT).build(), 1, true);
        CompletableFuture<HttpResponse<byte[]>> answer = TestIngress.HTTP.sendAsync(
                HttpRequest.newBuilder(metricsUri()).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(BlueprintPayloads.batch(1, T)[1])).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(COLLECTED.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isNotNull();

        job.cancel().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        HttpResponse<byte[]> response = answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    }

    private OtlpIngressOptions.Builder options() {
        return OtlpIngressOptions.builder()
                .grpc(OtlpIngressOptions.Grpc.at("127.0.0.1:" + grpcPort))
                .http(OtlpIngressOptions.Http.at("127.0.0.1:" + httpPort))
                .healthCheckEndpoint("127.0.0.1:" + healthPort);
    }

    private JobClient start(OtlpIngressOptions options, int parallelism, boolean checkpointing) throws Exception {
        Configuration configuration = new Configuration();
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration);
        env.setParallelism(parallelism);
        if (checkpointing) {
            // Checkpoints only when the test triggers one.
            env.enableCheckpointing(Duration.ofHours(1).toMillis());
            env.getCheckpointConfig().setMinPauseBetweenCheckpoints(Duration.ofMinutes(50).toMillis());
        }
        env.fromSource(new OtlpIngressSource(options), WatermarkStrategy.noWatermarks(), "otlp-ingress")
                .sinkTo(new CollectingSink());
        JobClient client = env.executeAsync("otlp-ingress-test");
        TestIngress.awaitTrue("the ingress to be healthy", TIMEOUT, this::healthy);
        return client;
    }

    private boolean healthy() {
        try {
            return TestIngress.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private URI metricsUri() {
        return URI.create("http://127.0.0.1:" + httpPort + "/v1/metrics");
    }

    private void export(MetricExporter exporter, String counterName, long value) {
        CompletableResultCode result = exportResult(exporter, counterName, value);
        assertThat(result.isSuccess()).as("export of %s succeeded", counterName).isTrue();
    }

    /** Records {@code value} on a counter and flushes it through {@code exporter}, as an application would. */
    private CompletableResultCode exportResult(MetricExporter exporter, String counterName, long value) {
        // The reader's flush succeeds even when the export fails: keep the exporter's own result.
        CompletableFuture<CompletableResultCode> exported = new CompletableFuture<>();
        MetricExporter recording = new MetricExporter() {
            @Override
            public CompletableResultCode export(Collection<MetricData> metrics) {
                CompletableResultCode result = exporter.export(metrics);
                exported.complete(result);
                return result;
            }

            @Override
            public CompletableResultCode flush() {
                return exporter.flush();
            }

            @Override
            public CompletableResultCode shutdown() {
                return exporter.shutdown();
            }

            @Override
            public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
                return exporter.getAggregationTemporality(instrumentType);
            }
        };
        SdkMeterProvider provider = SdkMeterProvider.builder()
                .setResource(Resource.getDefault().toBuilder().put("service.name", "sdk-test").build())
                .registerMetricReader(PeriodicMetricReader.builder(recording).setInterval(Duration.ofHours(1)).build())
                .build();
        toClose.add(provider);
        provider.get("io.github.otelflink.test").counterBuilder(counterName).build()
                .add(value, Attributes.of(AttributeKey.stringKey("method"), "GET"));
        provider.forceFlush().join(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return exported.getNow(CompletableResultCode.ofFailure()).join(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private static Metric awaitMetric(String name) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            ExportMetricsServiceRequest request = COLLECTED.poll(1, TimeUnit.SECONDS);
            Optional<Metric> metric = request == null ? Optional.empty() : metrics(request).stream()
                    .filter(m -> m.getName().equals(name)).findFirst();
            if (metric.isPresent()) {
                return metric.get();
            }
        }
        throw new AssertionError("no metric " + name + " arrived within " + TIMEOUT);
    }

    private static List<Metric> metrics(ExportMetricsServiceRequest request) {
        List<Metric> metrics = new ArrayList<>();
        for (ResourceMetrics resourceMetrics : request.getResourceMetricsList()) {
            for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
                metrics.addAll(scopeMetrics.getMetricsList());
            }
        }
        return metrics;
    }

    private static List<String> metricNames(ExportMetricsServiceRequest request) {
        return metrics(request).stream().map(Metric::getName).toList();
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /** Collects into {@link #COLLECTED}, blocking while {@link #sinkGate} is closed. */
    static final class CollectingSink implements Sink<ExportMetricsServiceRequest> {
        private static final long serialVersionUID = 1L;

        @Override
        public SinkWriter<ExportMetricsServiceRequest> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(ExportMetricsServiceRequest element, Context context) throws InterruptedException {
                    CountDownLatch gate = sinkGate;
                    if (gate != null) {
                        gate.await();
                    }
                    COLLECTED.add(element);
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
