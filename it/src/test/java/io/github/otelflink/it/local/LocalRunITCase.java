package io.github.otelflink.it.local;

import io.github.otelflink.it.JobJar;
import io.github.otelflink.it.pipeline.GeneratorRequests;
import io.github.otelflink.job.LocalState;
import io.github.otelflink.testing.PrometheusServer;
import io.github.otelflink.testing.TestCertificates;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The run contract, with the shaded jar as users run it ({@code java -jar}), a real Kafka broker
 * and the real Prometheus: a {@code kill -9} in the middle and a restart lose and duplicate
 * nothing Prometheus can see (the restarted process resumes from the newest checkpoint by
 * itself), and SIGTERM stops the job with a savepoint and exit code 0.
 */
class LocalRunITCase {
    private static final String TOPIC = "otlp_metrics";

    @TempDir
    static Path dir;

    static KafkaClusterTestKit kafka;
    static KafkaProducer<byte[], byte[]> producer;
    static TestCertificates certs;
    static PrometheusServer prometheus;

    private final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(p);
        certs = TestCertificates.generate(dir.resolve("certs"));
        prometheus = PrometheusServer.start(dir.resolve("prometheus"), certs);
    }

    @AfterAll
    static void stop() throws Exception {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (prometheus != null) {
            prometheus.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @AfterEach
    void killProcesses() {
        for (Process p : processes) {
            p.destroyForcibly();
        }
    }

    private Process startJob(Path config, Path stateDir, Path log) throws IOException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", JobJar.tmpDirUnder(dir), "-jar", JobJar.path().toString(), "--config", config.toString(),
                "--state-dir", stateDir.toString(),
                "-Dexecution.checkpointing.interval=500ms", "-Dparallelism.default=2")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        processes.add(p);
        return p;
    }

    private static void produce(GeneratorRequests generator, long from, long to) throws Exception {
        for (long i = from; i < to; i++) {
            producer.send(new ProducerRecord<>(TOPIC, generator.map(i).toByteArray())).get();
        }
    }

    private static long stored() {
        double v = prometheus.scalar("sum(count_over_time(orders_processed_total[3h]))");
        return Double.isNaN(v) ? 0 : (long) v;
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition, Path log) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; job log:\n" + tail(log));
            }
            Thread.onSpinWait();
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    private static boolean hasCompletedCheckpoint(Path stateDir) {
        try {
            return new LocalState(stateDir).newestRestorePoint().isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void killNineAndRestartLoseAndDuplicateNothingAndSigtermExitsZero() throws Exception {
        long t0 = (System.currentTimeMillis() - Duration.ofMinutes(30).toMillis()) / 1000 * 1000;
        GeneratorRequests generator = new GeneratorRequests(t0);
        Path stateDir = dir.resolve("state");
        Path log = dir.resolve("job.log");
        Path config = Files.writeString(dir.resolve("pipeline.yaml"), """
                receivers:
                  kafka:
                    brokers: ["%s"]
                    topic: %s
                    initial_offset: earliest
                processors:
                  batch:
                    timeout: 100ms
                exporters:
                  prometheusremotewrite:
                    endpoint: "%s"
                    tls:
                      ca_file: "%s"
                      cert_file: "%s"
                      key_file: "%s"
                service:
                  pipelines:
                    metrics:
                      receivers: [kafka]
                      processors: [batch]
                      exporters: [prometheusremotewrite]
                """.formatted(kafka.bootstrapServers(), TOPIC, prometheus.remoteWriteUri(), certs.caCert(),
                certs.clientCert(), certs.clientKey()));

        Process first = startJob(config, stateDir, log);
        produce(generator, 0, 40);
        await("the first 40 requests in Prometheus", Duration.ofMinutes(2), () -> stored() >= 40, log);
        await("a completed checkpoint", Duration.ofMinutes(1), () -> hasCompletedCheckpoint(stateDir), log);
        produce(generator, 40, 70);
        await("requests after the checkpoint in Prometheus", Duration.ofMinutes(1), () -> stored() >= 70, log);
        first.destroyForcibly(); // kill -9: no savepoint, no flush
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();

        produce(generator, 70, 100);
        Process second = startJob(config, stateDir, log);
        await("all 100 requests in Prometheus", Duration.ofMinutes(2), () -> stored() >= 100, log);

        long end = t0 + 100 * 1000L;
        List<PrometheusServer.Sample> orders = prometheus.rangeSamples("orders_processed_total", t0, end);
        assertThat(orders).as("each sample exactly once").hasSize(100);
        long total = 0;
        for (int i = 0; i < 100; i++) {
            total += GeneratorRequests.orderDelta(i);
            assertThat(orders.get(i)).isEqualTo(new PrometheusServer.Sample(t0 + i * 1000L, total));
        }
        assertThat(prometheus.rangeSamples("http_requests_total", t0, end)).hasSize(100);

        second.destroy(); // SIGTERM
        assertThat(second.waitFor(90, TimeUnit.SECONDS)).as("stopped within 90s").isTrue();
        assertThat(second.exitValue()).as("exit code after SIGTERM; log:\n" + tail(log)).isZero();
        try (Stream<Path> savepoints = Files.find(stateDir.resolve("savepoints"), 2,
                (p, a) -> p.getFileName().toString().equals("_metadata"))) {
            assertThat(savepoints.count()).as("a savepoint was taken on SIGTERM").isPositive();
        }
    }
}
