package io.github.otelflink.it.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.job.config.PipelineConfig;
import io.github.otelflink.job.config.PipelineConfigLoader;
import io.github.otelflink.job.pipeline.PipelineGraph;
import io.github.otelflink.job.receiver.ConnectorReceiverSources;
import io.github.otelflink.testing.InJvmKafka;
import io.github.otelflink.testing.PrometheusServer;

import io.github.otelflink.connectors.decode.OtlpMetricsDecoder;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No sample lost at parallelism above one: a client posts one series' points in separate
 * requests, back to back, each on a new connection, so they land on different ingress subtasks
 * (the sockets share the port) and reach the keyed step in any order. Every point must arrive in
 * Prometheus, in order: a gauge, a cumulative counter, a delta sum with exact totals, a classic
 * and a native histogram. The same through Kafka, with one series' records spread round-robin
 * over four partitions: on the in-JVM broker always, and on a Kafka container where a Docker
 * engine exists.
 */
class SeriesOrderAcrossSubtasksITCase {
    private static final int POINTS = 24;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    @TempDir
    static Path dir;

    static PrometheusServer prometheus;
    static InJvmKafka kafka;

    @BeforeAll
    static void start() throws Exception {
        prometheus = PrometheusServer.builder(dir.resolve("prometheus")).nativeHistograms(true).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Request {@code i} of a run: every metric kind, one point each, at {@code t0 + i s}. */
    static String request(String job, long t0, int i) {
        long t = (t0 + i * 1000L) * 1_000_000L;
        return """
                {"resourceMetrics": [{"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "%1$s"}}]},
                 "scopeMetrics": [{"metrics": [
                  {"name": "room_temperature", "gauge": {"dataPoints": [{"timeUnixNano": "%2$d", "asDouble": %3$d}]}},
                  {"name": "orders", "sum": {"aggregationTemporality": 2, "isMonotonic": true,
                     "dataPoints": [{"timeUnixNano": "%2$d", "asInt": "%4$d"}]}},
                  {"name": "deliveries", "sum": {"aggregationTemporality": 1, "isMonotonic": true,
                     "dataPoints": [{"timeUnixNano": "%2$d", "asInt": "%3$d"}]}},
                  {"name": "latency", "histogram": {"aggregationTemporality": 2, "dataPoints": [{"timeUnixNano": "%2$d",
                     "count": "%3$d", "sum": %3$d, "bucketCounts": ["%3$d", "0"], "explicitBounds": [1.0]}]}},
                  {"name": "payload", "exponentialHistogram": {"aggregationTemporality": 2, "dataPoints": [{"timeUnixNano": "%2$d",
                     "count": "%3$d", "sum": %3$d, "scale": 0, "zeroCount": "0", "positive": {"offset": 0, "bucketCounts": ["%3$d"]}}]}}
                 ]}]}]}
                """.formatted(job, t, i + 1, 10 * (i + 1));
    }

    /** One POST on a new connection (closed after the answer), as a client without keep-alive sends. */
    static int post(int port, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /v1/metrics HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder status = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
                status.append((char) c);
            }
            return Integer.parseInt(status.toString().split(" ")[1]);
        }
    }

    private static String config(String receivers, String receiver) {
        return """
                receivers:
                %s
                processors:
                  batch:
                    timeout: 100ms
                exporters:
                  prometheusremotewrite:
                    endpoint: "%s"
                service:
                  pipelines:
                    metrics:
                      receivers: [%s]
                      processors: [batch]
                      exporters: [prometheusremotewrite]
                """.formatted(receivers, prometheus.remoteWriteUri(), receiver);
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {2, 4})
    void otlpRequestsOverSeveralIngressSubtasksArriveCompleteAndInOrder(int parallelism) throws Exception {
        int port = freePort();
        String job = "otlp-p" + parallelism;
        PipelineConfig config = PipelineConfigLoader.load(config("""
                  otlp:
                    protocols:
                      http:
                        endpoint: 127.0.0.1:%d
                """.formatted(port), "otlp"), Map.of());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        new PipelineGraph(config, new ConnectorReceiverSources(config)).build(env);
        JobClient client = env.executeAsync(job);
        try {
            long t0 = (System.currentTimeMillis() - Duration.ofMinutes(20).toMillis()) / 1000 * 1000;
            awaitListening(port);
            for (int i = 0; i < POINTS; i++) {
                assertThat(post(port, request(job, t0, i))).as("request %d", i).isEqualTo(200);
            }
            assertEveryPointInOrder(job, t0);
        } finally {
            client.cancel().get();
        }
    }

    @Test
    void kafkaRecordsOfOneSeriesSpreadOverFourPartitionsArriveCompleteAndInOrder() throws Exception {
        kafka = InJvmKafka.start();
        roundRobinThroughKafka(kafka.bootstrapServers(), "kafka-p2");
    }

    /**
     * The same against a real Kafka broker in a container (Testcontainers); skipped where there is
     * no Docker engine, as on the project's CI machine, where the in-JVM broker test above runs.
     */
    @Test
    @EnabledIf("dockerAvailable")
    void kafkaContainerRecordsOfOneSeriesSpreadOverFourPartitionsArriveCompleteAndInOrder() throws Exception {
        try (KafkaContainer container = new KafkaContainer(DockerImageName.parse("apache/kafka:3.9.1"))) {
            container.start();
            roundRobinThroughKafka(container.getBootstrapServers(), "kafka-container-p2");
        }
    }

    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    /** One series' records round-robin over four partitions, read by the job at parallelism 2. */
    private static void roundRobinThroughKafka(String bootstrapServers, String job) throws Exception {
        String topic = "otlp_metrics_round_robin_" + job;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, 4, (short) 1))).all().get();
        }
        long t0 = (System.currentTimeMillis() - Duration.ofMinutes(20).toMillis()) / 1000 * 1000;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < POINTS; i++) {
                ExportMetricsServiceRequest r = OtlpMetricsDecoder.decodeJson(request(job, t0, i).getBytes(StandardCharsets.UTF_8));
                // Round-robin over the partitions, as an unkeyed producer spreads records.
                producer.send(new ProducerRecord<>(topic, i % 4, null, r.toByteArray())).get();
            }
        }
        PipelineConfig config = PipelineConfigLoader.load(config("""
                  kafka:
                    brokers: ["%s"]
                    topic: %s
                    initial_offset: earliest
                """.formatted(bootstrapServers, topic), "kafka"), Map.of());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        new PipelineGraph(config, new ConnectorReceiverSources(config)).build(env);
        JobClient client = env.executeAsync(job);
        try {
            assertEveryPointInOrder(job, t0);
        } finally {
            client.cancel().get();
        }
    }

    private static void awaitListening(int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.onSpinWait();
            }
        }
    }

    private static void assertEveryPointInOrder(String job, long t0) {
        long end = t0 + POINTS * 1000L;
        String sel = "{job=\"" + job + "\"}";
        await(() -> prometheus.rangeSamples("deliveries_total" + sel, t0, end).size() >= POINTS
                && prometheus.rangeSamples("room_temperature" + sel, t0, end).size() >= POINTS
                && prometheus.rangeSamples("orders_total" + sel, t0, end).size() >= POINTS
                && prometheus.rangeSamples("latency_count" + sel, t0, end).size() >= POINTS
                && histograms("payload" + sel, t0, end).size() >= POINTS);
        List<Double> gauge = values("room_temperature" + sel, t0, end);
        List<Double> counter = values("orders_total" + sel, t0, end);
        List<Double> delta = values("deliveries_total" + sel, t0, end);
        List<Double> classic = values("latency_count" + sel, t0, end);
        List<Double> expectedGauge = new ArrayList<>();
        List<Double> expectedCounter = new ArrayList<>();
        List<Double> expectedDelta = new ArrayList<>();
        for (int i = 1; i <= POINTS; i++) {
            expectedGauge.add((double) i);
            expectedCounter.add(10.0 * i);
            expectedDelta.add(i * (i + 1) / 2.0);
        }
        assertThat(gauge).containsExactlyElementsOf(expectedGauge);
        assertThat(counter).containsExactlyElementsOf(expectedCounter);
        assertThat(delta).as("delta points added up in timestamp order").containsExactlyElementsOf(expectedDelta);
        assertThat(classic).containsExactlyElementsOf(expectedGauge);
        assertThat(histograms("payload" + sel, t0, end)).extracting(PrometheusServer.HistogramSample::count)
                .containsExactlyElementsOf(expectedGauge);
    }

    private static List<Double> values(String selector, long start, long end) {
        return prometheus.rangeSamples(selector, start, end).stream().map(PrometheusServer.Sample::value).toList();
    }

    private static List<PrometheusServer.HistogramSample> histograms(String selector, long start, long end) {
        List<PrometheusServer.Element> series = prometheus.rangeQuery(selector, start, end);
        return series.isEmpty() ? List.of() : series.get(0).histograms();
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for every point in Prometheus");
            }
            Thread.onSpinWait();
        }
    }
}
