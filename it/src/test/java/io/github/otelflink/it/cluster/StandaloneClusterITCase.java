package io.github.otelflink.it.cluster;

import io.github.otelflink.it.JobJar;
import io.github.otelflink.testing.InJvmKafka;
import io.github.otelflink.testing.MtlsPrometheus;
import io.github.otelflink.testing.PrometheusServer;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job's shaded jar on a real standalone Flink session cluster (one JobManager, two
 * TaskManagers of two slots, separate JVMs, {@code taskmanager.load-balance.mode: SLOTS},
 * RocksDB, checkpoints every second), submitted as users submit it, writing to a real
 * Prometheus over mTLS.
 */
class StandaloneClusterITCase {
    @RegisterExtension
    static final MtlsPrometheus PROMETHEUS = new MtlsPrometheus();

    @TempDir
    static Path dir;

    static StandaloneFlinkCluster cluster;
    static FlinkPrometheusReporter reporter;
    static Path jobJar;

    private final List<String> jobs = new ArrayList<>();
    private String testName;

    @BeforeAll
    static void startCluster() throws Exception {
        jobJar = JobJar.path();
        reporter = new FlinkPrometheusReporter(StandaloneFlinkCluster.freePort());
        cluster = StandaloneFlinkCluster.start(dir.resolve("cluster"), 2, reporter.flinkConfiguration());
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @org.junit.jupiter.api.BeforeEach
    void name(TestInfo info) {
        testName = info.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void cancelJobs() throws Exception {
        for (String job : jobs) {
            if (cluster.jobManager().isAlive() && !List.of("CANCELED", "FAILED", "FINISHED").contains(cluster.jobStatus(job))) {
                cluster.cancel(job);
            }
        }
        if (cluster.jobManager().isAlive()) {
            cluster.awaitFreeSlots(4, Duration.ofSeconds(60));
        }
    }

    /** The pipeline: OTLP/HTTP ingress answering after the checkpoint, remote write to Prometheus over mTLS. */
    private Path pipeline(int otlpPort) throws Exception {
        return pipeline("otlp", """
                  otlp:
                    ack: checkpoint
                    protocols:
                      http:
                        endpoint: 127.0.0.1:%d
                """.formatted(otlpPort));
    }

    /** A pipeline with one receiver ({@code receiverYaml}, indented under receivers:), remote write to Prometheus over mTLS. */
    private Path pipeline(String receiver, String receiverYaml) throws Exception {
        return Files.writeString(dir.resolve(testName + ".yaml"), """
                receivers:
                %s
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
                      receivers: [%s]
                      processors: [batch]
                      exporters: [prometheusremotewrite]
                """.formatted(receiverYaml.stripTrailing(), PROMETHEUS.server().remoteWriteUri(), PROMETHEUS.certs().caCert(),
                PROMETHEUS.certs().clientCert(), PROMETHEUS.certs().clientKey(), receiver));
    }

    private static long t0() {
        return (System.currentTimeMillis() - Duration.ofMinutes(30).toMillis()) / 1000 * 1000;
    }

    /** Every client's samples are in Prometheus exactly once, with the values sent. */
    private static void assertExactlyOnce(String metric, int clients, int perClient, long t0) throws Exception {
        long end = t0 + perClient * 1000L;
        for (int c = 0; c < clients; c++) {
            String selector = metric + "{client=\"c" + c + "\"}";
            StandaloneFlinkCluster.awaitCondition(Duration.ofSeconds(60), selector + " complete in Prometheus",
                    () -> PROMETHEUS.server().rangeSamples(selector, t0, end).size() >= perClient);
            List<PrometheusServer.Sample> stored = PROMETHEUS.server().rangeSamples(selector, t0, end);
            assertThat(stored).as(selector).hasSize(perClient);
            for (int k = 0; k < perClient; k++) {
                assertThat(stored.get(k)).isEqualTo(new PrometheusServer.Sample(t0 + k * 1000L, k));
            }
        }
        // Prometheus ignores only identical duplicates at the newest timestamp; count what it stored.
        double count = PROMETHEUS.server().scalar("sum(count_over_time(" + metric + "[2h]))");
        assertThat(count).as("samples of " + metric + " stored").isEqualTo((double) clients * perClient);
    }

    private void sendAndCheck(int port, String metric, int clients, int perClient) throws Exception {
        long t0 = t0();
        try (OtlpClients senders = new OtlpClients(port, testName, metric, t0, clients)) {
            senders.start(clients, perClient, Duration.ofSeconds(90));
            senders.await();
            assertThat(senders.refusals).isEmpty();
        }
        assertExactlyOnce(metric, clients, perClient, t0);
    }

    @Test
    void flinkRunSubmitsTheShadedJarUnchanged() throws Exception {
        int port = StandaloneFlinkCluster.freePort();
        String job = cluster.runDetached(jobJar, 2, "--config", pipeline(port).toString());
        jobs.add(job);
        cluster.awaitAllSubtasksRunning(job, Duration.ofSeconds(90));
        sendAndCheck(port, "cli_value", 2, 5);
    }

    @Test
    void restSubmissionRunsMainInsideTheJobManagerWhichSurvives() throws Exception {
        int port = StandaloneFlinkCluster.freePort();
        String jar = cluster.uploadJar(jobJar);
        String job = cluster.runUploadedJar(jar, 2, "--config", pipeline(port).toString());
        jobs.add(job);
        cluster.awaitAllSubtasksRunning(job, Duration.ofSeconds(90));
        sendAndCheck(port, "rest_value", 2, 5);
        // main returned inside the JobManager: no System.exit took it down.
        assertThat(cluster.jobManager().isAlive()).as("JobManager alive after main returned").isTrue();
        assertThat(cluster.restAnswers()).isTrue();
        assertThat(cluster.jobStatus(job)).isEqualTo("RUNNING");
    }

    @Test
    void restSubmissionOfABadConfigFailsTheRequestNotTheJobManager() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), """
                receivers:
                  otlp:
                    protocolz: {}
                exporters:
                  prometheusremotewrite:
                    endpoint: http://127.0.0.1:9/api/v1/write
                service:
                  pipelines:
                    metrics:
                      receivers: [otlp]
                      exporters: [prometheusremotewrite]
                """);
        String jar = cluster.uploadJar(jobJar);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cluster.runUploadedJar(jar, 2, "--config", bad.toString()))
                .hasMessageContaining("protocolz");
        assertThat(cluster.jobManager().isAlive()).as("JobManager alive after a failed main").isTrue();
        assertThat(cluster.restAnswers()).isTrue();
    }

    @Test
    void sigkillOfATaskManagerLosesNoAcknowledgedSampleWithAckCheckpoint() throws Exception {
        int port = StandaloneFlinkCluster.freePort();
        String job = cluster.runDetached(jobJar, 2, "--config", pipeline(port).toString());
        jobs.add(job);
        cluster.awaitAllSubtasksRunning(job, Duration.ofSeconds(90));
        // SLOTS placement: the two ingress subtasks (listeners) are on different TaskManagers.
        assertThat(new HashSet<>(cluster.taskManagersOf(job, "Source:"))).as("TaskManagers of the OTLP ingress").hasSize(2);

        int clients = 4;
        int perClient = 30;
        long t0 = t0();
        try (OtlpClients senders = new OtlpClients(port, testName, "killed_value", t0, clients)) {
            senders.start(clients, perClient, Duration.ofSeconds(150));
            StandaloneFlinkCluster.awaitCondition(Duration.ofSeconds(60), "a third of the samples acknowledged",
                    () -> senders.ackedTotal.get() >= clients * perClient / 3);
            long before = senders.ackedTotal.get();
            Process victim = cluster.taskManagers().get(0);
            long killedAt = System.nanoTime();
            cluster.kill(victim);
            senders.await();
            System.out.printf("SIGKILL of TaskManager %d at %d of %d acknowledged samples; all acknowledged %.1f s later,"
                            + " %d failed attempts retried%n", victim.pid(), before, clients * perClient,
                    (System.nanoTime() - killedAt) / 1e9, senders.failedAttempts.get());
            assertThat(senders.ackedTotal.get()).isEqualTo((long) clients * perClient);
            assertThat(senders.refusals).isEmpty();
            assertThat(before).as("the kill happened mid-stream").isLessThan((long) clients * perClient);
        } finally {
            // As Kubernetes would: a new TaskManager replaces the lost one, for the next tests.
            cluster.startTaskManager();
        }
        assertExactlyOnce("killed_value", clients, perClient, t0);
    }

    /**
     * SIGKILL of a TaskManager mid-stream with Kafka input (4 partitions, one series' records
     * round-robin over them, {@code otlp_json}): the job restarts from the checkpointed offsets and
     * every sample is in Prometheus exactly once (replayed ones are recognised by the sink).
     */
    @Test
    void sigkillOfATaskManagerWithKafkaInputLosesAndDuplicatesNothing() throws Exception {
        int series = 4;
        int perSeries = 30;
        String metric = "kafka_killed_value";
        long t0 = t0();
        try (InJvmKafka kafka = InJvmKafka.start();
                KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            String topic = "otlp_metrics_kill";
            kafka.createTopic(topic, 4);
            Path config = pipeline("kafka", """
                      kafka:
                        brokers: ["%s"]
                        topic: %s
                        encoding: otlp_json
                        initial_offset: earliest
                    """.formatted(kafka.bootstrapServers(), topic));
            String job = cluster.runDetached(jobJar, 2, "--config", config.toString());
            jobs.add(job);
            cluster.awaitAllSubtasksRunning(job, Duration.ofSeconds(90));
            int record = 0;
            try {
                for (int k = 0; k < perSeries; k++) {
                    if (k == perSeries / 3) {
                        int sent = k * series;
                        StandaloneFlinkCluster.awaitCondition(Duration.ofSeconds(60), "a third of the samples stored",
                                () -> PROMETHEUS.server().scalar("sum(count_over_time(" + metric + "[2h]))") >= sent / 2.0);
                        cluster.kill(cluster.taskManagers().get(0));
                    }
                    for (int c = 0; c < series; c++) {
                        String json = OtlpClients.gaugeJson(testName, metric, c, k, (t0 + k * 1000L) * 1_000_000L);
                        producer.send(new ProducerRecord<>(topic, record++ % 4, null,
                                json.getBytes(java.nio.charset.StandardCharsets.UTF_8))).get();
                    }
                }
            } finally {
                cluster.startTaskManager();
            }
            assertExactlyOnce(metric, series, perSeries, t0);
        }
    }

    /**
     * The job's telemetry on a cluster, configured as job/README.md and k8s/flink-deployment.yaml
     * say: Flink's own Prometheus reporter from plugins/metrics-prometheus, the job's counters
     * under Flink's names ({@code flink_taskmanager_job_task_operator_<group>_<name>}), scraped
     * from the TaskManagers' reporter ports.
     */
    @Test
    void flinksPrometheusReporterServesTheJobsCountersFromTheTaskManagers() throws Exception {
        int port = StandaloneFlinkCluster.freePort();
        String job = cluster.runDetached(jobJar, 2, "--config", pipeline(port).toString());
        jobs.add(job);
        cluster.awaitAllSubtasksRunning(job, Duration.ofSeconds(90));
        int clients = 2;
        int perClient = 5;
        sendAndCheck(port, "telemetry_value", clients, perClient);

        String prefix = "flink_taskmanager_job_task_operator_";
        Map<String, Double> expectedAtLeast = Map.of(
                prefix + "otel_pipeline_datapoints_in_total", (double) clients * perClient,
                prefix + "transport_otelcol_receiver_accepted_metric_points", (double) clients * perClient,
                prefix + "prometheus_remote_write_samples_sent_total", (double) clients * perClient,
                prefix + "prometheus_remote_write_requests_total", 1.0);
        Map<String, Double> seen = new java.util.TreeMap<>();
        StandaloneFlinkCluster.awaitCondition(Duration.ofSeconds(30), "the job's counters on the reporter ports", () -> {
            List<FlinkPrometheusReporter.Sample> samples = reporter.scrape();
            expectedAtLeast.keySet().forEach(name -> seen.put(name, FlinkPrometheusReporter.sum(samples, name, job)));
            return expectedAtLeast.entrySet().stream().allMatch(e -> seen.get(e.getKey()) >= e.getValue());
        });
        System.out.println("Flink's Prometheus reporter, job " + job + ": " + seen);
        List<FlinkPrometheusReporter.Sample> samples = reporter.scrape();
        assertThat(FlinkPrometheusReporter.sum(samples, prefix + "otel_pipeline_datapoints_in_total", job))
                .as("data points in").isEqualTo((double) clients * perClient);
        assertThat(FlinkPrometheusReporter.sum(samples, prefix + "transport_otelcol_receiver_accepted_metric_points", job))
                .as("OTLP points accepted").isEqualTo((double) clients * perClient);
        // The counters come from the TaskManagers (the JobManager's port has no taskmanager_ series).
        assertThat(samples.stream().filter(s -> s.name().equals(prefix + "prometheus_remote_write_samples_sent_total")
                && s.labels().contains(job)).map(FlinkPrometheusReporter.Sample::labels))
                .allMatch(l -> l.contains("tm_id=")).isNotEmpty();
    }

    /** Posts one delta sum point; retries (as an exporter would) until the ingress answers 200. */
    private static void postDelta(java.net.http.HttpClient http, int port, String metric, String series, long value,
                                  long startNanos, long timeNanos) throws Exception {
        String body = """
                {"resourceMetrics": [{"resource": {"attributes": [
                  {"key": "service.name", "value": {"stringValue": "rescale"}}]},
                 "scopeMetrics": [{"metrics": [{"name": "%s", "sum": {"aggregationTemporality": 1, "isMonotonic": true,
                   "dataPoints": [{"startTimeUnixNano": "%d", "timeUnixNano": "%d", "asInt": "%d",
                     "attributes": [{"key": "series", "value": {"stringValue": "%s"}}]}]}}]}]}]}
                """.formatted(metric, startNanos, timeNanos, value, series);
        StandaloneFlinkCluster.awaitCondition(Duration.ofSeconds(60), "a 200 for " + series, () -> {
            var r = OtlpClients.postOnce(http, port, body);
            if (r != null) {
                assertThat(r.statusCode() / 100 != 4 || r.statusCode() == 429).as("refused: " + r.body()).isTrue();
            }
            return r != null && r.statusCode() == 200;
        });
    }

    /**
     * Stop with a savepoint and rescale 2 → 4 → 2 ({@code flink run -s <savepoint> -p 4}): the delta
     * totals (keyed state, redistributed over the key groups) stay exact, the cumulative value in
     * Prometheus is the sum of every delta sent in the three runs.
     */
    @Test
    void stopWithSavepointAndRescaleTwoFourTwoKeepsDeltaTotalsExact() throws Exception {
        int port = StandaloneFlinkCluster.freePort();
        Path config = pipeline(port);
        String metric = "rescaled_deltas";
        int seriesCount = 8;
        long[] totals = new long[seriesCount];
        long t0 = t0();
        long step = 0;
        var http = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String savepoint = null;
        for (int parallelism : new int[] {2, 4, 2}) {
            String job = cluster.runDetachedFrom(savepoint, jobJar, parallelism, "--config", config.toString());
            jobs.add(job);
            cluster.awaitAllSubtasksRunning(job, Duration.ofSeconds(90));
            assertThat(cluster.get("/jobs/" + job).path("vertices").findValuesAsText("parallelism"))
                    .as("parallelism of the restored job's keyed step and sink").contains(String.valueOf(parallelism));
            for (int round = 0; round < 3; round++, step++) {
                for (int s = 0; s < seriesCount; s++) {
                    long value = 1 + s + step * 10;
                    totals[s] += value;
                    postDelta(http, port, metric, "s" + s, value, (t0 + step * 1000) * 1_000_000L,
                            (t0 + step * 1000 + 1000) * 1_000_000L);
                }
            }
            savepoint = cluster.stopWithSavepoint(job, Duration.ofSeconds(90));
            cluster.awaitJobStatus(job, Duration.ofSeconds(60), "FINISHED", "CANCELED");
            cluster.awaitFreeSlots(4, Duration.ofSeconds(60));
            System.out.println("parallelism " + parallelism + ": stopped with savepoint " + savepoint);
        }
        long end = t0 + step * 1000;
        for (int s = 0; s < seriesCount; s++) {
            String selector = metric + "_total{series=\"s" + s + "\"}";
            long expected = totals[s];
            StandaloneFlinkCluster.awaitCondition(Duration.ofSeconds(60), selector + " = " + expected, () -> {
                List<PrometheusServer.Sample> stored = PROMETHEUS.server().rangeSamples(selector, t0, end);
                return !stored.isEmpty() && stored.get(stored.size() - 1).value() == expected;
            });
            List<PrometheusServer.Sample> stored = PROMETHEUS.server().rangeSamples(selector, t0, end);
            assertThat(stored).as(selector + " one cumulative sample per delta").hasSize((int) step);
            assertThat(stored.get(stored.size() - 1).value()).as(selector + " = the sum of its deltas").isEqualTo((double) expected);
        }
    }
}
