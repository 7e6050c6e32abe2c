package io.github.otelflink.job;

import io.github.otelflink.it.JobJar;
import io.github.otelflink.testing.FaultInjectingReceiver;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * State survives pipeline edits, with the shaded jar as users run it: a local run in a fresh
 * folder (default {@code ./otel-flink-state}) is stopped with SIGTERM and restarted after each
 * edit — a receiver removed, a processor added, the exporter's endpoint changed — and with
 * parallelism 2 → 4 → 1. Every restart comes up and answers, and the delta sum's cumulative total
 * received equals the sum of every delta posted. A different pipeline started in the same folder
 * gets one line and exit code 1, not Flink's stack trace.
 */
class RestartMatrixITCase {
    private static final String SERIES = "restart_deltas_total";

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private final List<FaultInjectingReceiver> receivers = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final long t0 = (System.currentTimeMillis() - Duration.ofMinutes(20).toMillis()) / 1000 * 1000;
    private int posted;
    private long total;

    @AfterEach
    void cleanUp() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        receivers.forEach(FaultInjectingReceiver::close);
    }

    @Test
    void restartsAfterEditsAndRescalesKeepDeltaTotalsExact() throws Exception {
        FaultInjectingReceiver first = receiver();
        FaultInjectingReceiver second = receiver();
        int otlpPort = freePort();
        int unusedPort = freePort();
        Path work = Files.createDirectories(dir.resolve("work"));
        Path config = work.resolve("pipeline.yaml");

        // 1. otlp + a prometheus scrape receiver, parallelism 2.
        Files.writeString(config, config(otlpPort, first.uri(), """
                  prometheus/self:
                    config:
                      scrape_configs:
                      - job_name: self
                        scrape_interval: 1s
                        static_configs:
                        - targets: ["127.0.0.1:%d"]
                """.formatted(unusedPort), "", "[otlp, prometheus/self]"));
        runOnce(work, config, 2, otlpPort, first, "1-both-receivers");

        // 2. the scrape receiver removed: its state is dropped with one line, the rest restores.
        Files.writeString(config, config(otlpPort, first.uri(), "", "", "[otlp]"));
        Path log = runOnce(work, config, 2, otlpPort, first, "2-receiver-removed");
        List<String> dropped = Files.readAllLines(log).stream().filter(l -> l.contains("State dropped:")).toList();
        assertThat(dropped).as("one line naming the dropped state").hasSize(1);
        assertThat(dropped.get(0)).contains("receiver/prometheus/self");

        // 3. a processor added, parallelism 4.
        Files.writeString(config, config(otlpPort, first.uri(), "", """
                processors:
                  filter:
                    metrics:
                      exclude:
                        match_type: strict
                        metric_names: [not_this_one]
                """, "[otlp]").replace("      exporters:", "      processors: [filter]\n      exporters:"));
        runOnce(work, config, 4, otlpPort, first, "3-processor-added-p4");

        // 4. another endpoint, parallelism 1: the totals go on where they were.
        Files.writeString(config, config(otlpPort, second.uri(), "", "", "[otlp]"));
        runOnce(work, config, 1, otlpPort, second, "4-endpoint-changed-p1");
        assertThat(lastValue(second)).as("cumulative total at the new endpoint").hasValue(total);

        // 5. another pipeline in the same folder: one line, exit 1, the state left alone.
        Path other = Files.writeString(work.resolve("other.yaml"), """
                receivers:
                  otlp/other:
                    protocols:
                      http:
                        endpoint: 127.0.0.1:%d
                exporters:
                  debug: {}
                service:
                  pipelines:
                    metrics/other:
                      receivers: [otlp/other]
                      exporters: [debug]
                """.formatted(otlpPort));
        Path otherLog = dir.resolve("5-other-pipeline.log");
        Process p = start(work, other, 1, otherLog);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("refused quickly").isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        String output = Files.readString(otherLog);
        assertThat(output.lines().filter(l -> l.contains("holds the state of another pipeline")).toList())
                .hasSize(1)
                .allSatisfy(line -> assertThat(line).contains(config.toString()).contains("--fresh-state"));
        assertThat(output).doesNotContain("\tat ").doesNotContain("allowNonRestoredState");
        assertThat(PipelineIdentity.read(work.resolve("otel-flink-state")).orElseThrow().config())
                .isEqualTo(config.toString());
    }

    /** Starts the job, checks it answers, posts deltas until they arrive, stops it with SIGTERM. */
    private Path runOnce(Path work, Path config, int parallelism, int otlpPort, FaultInjectingReceiver receiver,
            String step) throws Exception {
        Path log = dir.resolve(step + ".log");
        Process job = start(work, config, parallelism, log);
        await(step + ": the OTLP receiver answering", Duration.ofSeconds(90), () -> probe(otlpPort) == 200, job, log);
        for (int i = 0; i < 5; i++) {
            long delta = 1 + (posted * 7L) % 13;
            int status = post(otlpPort, deltaRequest(posted, delta));
            assertThat(status).as(step + ": POST of delta " + posted).isEqualTo(200);
            posted++;
            total += delta;
        }
        long expected = total;
        await(step + ": the total " + expected + " at the receiver", Duration.ofSeconds(60),
                () -> lastValue(receiver).orElse(-1) == expected, job, log);
        job.destroy(); // SIGTERM: savepoint, exit 0
        assertThat(job.waitFor(90, TimeUnit.SECONDS)).as(step + ": stopped after SIGTERM").isTrue();
        assertThat(job.exitValue()).as(step + ": exit code; log:\n" + tail(log)).isZero();
        assertThat(Files.readString(log)).as(step).doesNotContain("Cannot map checkpoint/savepoint state");
        return log;
    }

    private Process start(Path work, Path config, int parallelism, Path log) throws IOException {
        Process p = JobJar.startLocalRun(work, config, parallelism, log);
        processes.add(p);
        return p;
    }

    private static String config(int otlpPort, URI endpoint, String moreReceivers, String processors,
            String pipelineReceivers) {
        return """
                receivers:
                  otlp:
                    protocols:
                      http:
                        endpoint: 127.0.0.1:%d
                %s%sexporters:
                  prometheusremotewrite:
                    endpoint: "%s"
                service:
                  pipelines:
                    metrics:
                      receivers: %s
                      exporters: [prometheusremotewrite]
                """.formatted(otlpPort, moreReceivers, processors, endpoint, pipelineReceivers);
    }

    /** A delta monotonic sum point: the i-th second after t0, covering the second before it. */
    private String deltaRequest(int i, long delta) {
        long end = (t0 + (i + 1) * 1000L) * 1_000_000L;
        long start = end - 1_000_000_000L;
        return """
                {"resourceMetrics": [{"resource": {"attributes": [{"key": "service.name",
                  "value": {"stringValue": "restart-matrix"}}]},
                  "scopeMetrics": [{"metrics": [{"name": "restart_deltas", "sum": {"aggregationTemporality": 1,
                    "isMonotonic": true, "dataPoints": [{"startTimeUnixNano": "%d", "timeUnixNano": "%d",
                    "asInt": "%d"}]}}]}]}]}
                """.formatted(start, end, delta);
    }

    /** A gauge nobody checks: 200 once the ingress accepts requests. */
    private int probe(int port) {
        try {
            return post(port, """
                    {"resourceMetrics": [{"scopeMetrics": [{"metrics": [{"name": "restart_probe",
                      "gauge": {"dataPoints": [{"timeUnixNano": "%d", "asDouble": 1}]}}]}]}]}
                    """.formatted(System.currentTimeMillis() * 1_000_000L));
        } catch (IOException notYetListening) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private int post(int port, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/metrics"))
                        .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The newest sample of the delta series the receiver got: the cumulative total. */
    private static OptionalDouble lastValue(FaultInjectingReceiver receiver) {
        long newestTs = Long.MIN_VALUE;
        double value = Double.NaN;
        for (FaultInjectingReceiver.RecordedRequest request : receiver.requests()) {
            for (FaultInjectingReceiver.Series series : request.series()) {
                if (!SERIES.equals(series.labels().get("__name__"))) {
                    continue;
                }
                for (FaultInjectingReceiver.Point point : series.samples()) {
                    if (point.timestampMs() >= newestTs) {
                        newestTs = point.timestampMs();
                        value = point.value();
                    }
                }
            }
        }
        return Double.isNaN(value) ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    private FaultInjectingReceiver receiver() {
        FaultInjectingReceiver r = FaultInjectingReceiver.start();
        receivers.add(r);
        return r;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition, Process job, Path log)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!job.isAlive()) {
                throw new AssertionError("the job exited (" + job.exitValue() + ") while waiting for " + what
                        + "; log:\n" + tail(log));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; log:\n" + tail(log));
            }
            job.waitFor(50, TimeUnit.MILLISECONDS); // returns at once if the job exits
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }
}
