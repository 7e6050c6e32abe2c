package io.github.otelflink.job.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.job.PipelineJobAccess;
import io.github.otelflink.sink.remotewrite.deadletter.DeadLetter;
import io.github.otelflink.sink.remotewrite.deadletter.DeadLetterJson;
import io.github.otelflink.sink.remotewrite.deadletter.DeadLetterOutput;
import io.github.otelflink.sink.remotewrite.deadletter.DeadLetterTarget;
import io.github.otelflink.sink.remotewrite.encode.WriteRequestEncoder;
import io.github.otelflink.sink.remotewrite.model.Histogram;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.StaleNaN;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import io.github.otelflink.sink.remotewrite.validate.DropReason;
import io.github.otelflink.testing.PrometheusServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --replay-dead-letter} against the real Prometheus 2.42: dead letters written by the
 * sink's directory output go back in, value bits and native histograms included; a letter
 * Prometheus refuses again (too old) is named, copied aside and makes the exit code 1.
 */
class DeadLetterReplayTest {
    @TempDir static Path work;
    private static PrometheusServer prometheus;

    @BeforeAll
    static void start() {
        prometheus = PrometheusServer.builder(work.resolve("prometheus")).nativeHistograms(true).start();
    }

    @AfterAll
    static void stop() {
        prometheus.close();
    }

    @Test
    void sendsTheLettersAgainAndNamesTheOnesRefusedAgain(@TempDir Path dir) throws Exception {
        long t0 = (System.currentTimeMillis() - Duration.ofMinutes(20).toMillis()) / 1000 * 1000;
        // A recent sample first, so that Prometheus's head has a time range and refuses far older ones.
        TimeSeries seed = TimeSeries.ofSample(Labels.of("__name__", "replay_seed"), t0 + 10_000, 1);
        assertThat(prometheus.post(new WriteRequestEncoder(false).encode(List.of(seed)).body(),
                "application/x-protobuf", "0.1.0").statusCode()).isEqualTo(204);

        TimeSeries values = TimeSeries.builder(Labels.of("__name__", "replay_values", "job", "a"))
                .sample(t0, 1.5).sample(t0 + 1000, 1e300).sample(t0 + 2000, StaleNaN.VALUE).build();
        Histogram h = Histogram.integerHistogram().count(6).sum(12.5).schema(0).zeroThreshold(1e-128).zeroCount(1)
                .positiveSpans(new int[] {0}, new int[] {3}).positiveDeltas(new long[] {1, 1, 0}).timestampMs(t0)
                .build();
        TimeSeries histogram = TimeSeries.builder(Labels.of("__name__", "replay_histogram")).histogram(h).build();
        TimeSeries tooOld = TimeSeries.ofSample(Labels.of("__name__", "replay_too_old"),
                t0 - Duration.ofHours(5).toMillis(), 3);
        try (DeadLetterOutput output = DeadLetterTarget.directory(dir.toString(), 1 << 20).open(0, 0)) {
            output.write(new DeadLetter(values, DropReason.RETRIES_EXHAUSTED, 503, "unavailable", 0));
            output.write(new DeadLetter(histogram, DropReason.RETRIES_EXHAUSTED, 0, "connection refused", 0));
            output.write(new DeadLetter(tooOld, DropReason.TOO_OLD, 400, "out of bounds", 0));
        }
        Path file;
        try (Stream<Path> files = Files.list(dir)) {
            file = files.findFirst().orElseThrow();
        }
        // What a crash leaves: a last line cut short (the job writes that letter again after it).
        Files.writeString(file, "{\"time\":\"2026-", java.nio.file.StandardOpenOption.APPEND);
        Path config = Files.writeString(dir.resolve("pipeline.yaml"), """
                receivers:
                  otlp:
                    protocols:
                      grpc:
                exporters:
                  prometheusremotewrite:
                    endpoint: %s
                service:
                  pipelines:
                    metrics:
                      receivers: [otlp]
                      exporters: [prometheusremotewrite]
                """.formatted(prometheus.remoteWriteUri()));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = PipelineJobAccess.run(new String[] {"--config", config.toString(), "--replay-dead-letter", dir.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed + err.toString(StandardCharsets.UTF_8)).isEqualTo(1);
        assertThat(printed)
                .contains("replayed 1 files: 3 samples and 1 histograms accepted, 1 lines refused, 0 lines unreadable")
                .contains("refused 1 lines: HTTP 400: out of bounds")
                .contains(":4: skipped, cut short by a crash?");
        assertThat(prometheus.rangeSamples("replay_values", t0, t0 + 1000)).containsExactly(
                new PrometheusServer.Sample(t0, 1.5), new PrometheusServer.Sample(t0 + 1000, 1e300));
        // The stale marker went in as one: the series ends at t0 + 2000.
        assertThat(prometheus.query("replay_values", t0 + 2000).elements()).isEmpty();
        assertThat(prometheus.query("replay_histogram", t0).only().histogram().count()).isEqualTo(6);
        try (Stream<Path> files = Files.list(dir)) {
            Path refused = files.filter(p -> p.getFileName().toString().startsWith("replay-refused-")).findFirst()
                    .orElseThrow();
            assertThat(Files.readAllLines(refused)).containsExactly(
                    DeadLetterJson.encode(new DeadLetter(tooOld, DropReason.TOO_OLD, 400, "out of bounds", 0)));
        }
    }

    @Test
    void readsBackWhatTheSinkWrites() throws Exception {
        Histogram h = Histogram.floatHistogram().count(2.5).sum(-1).schema(-2).zeroThreshold(0.5).zeroCount(0.5)
                .negativeSpans(new int[] {-1}, new int[] {1}).negativeCounts(new double[] {1})
                .positiveSpans(new int[] {2}, new int[] {1}).positiveCounts(new double[] {1})
                .resetHint(Histogram.RESET_GAUGE).timestampMs(9).startTimestampMs(4).build();
        TimeSeries ts = TimeSeries.builder(Labels.of("__name__", "m", "quote", "a\"b\n\u0001"))
                .sample(1, -0.0).sample(2, Double.NaN, 1).sample(3, Double.POSITIVE_INFINITY).histogram(h).build();
        String line = DeadLetterJson.encode(new DeadLetter(ts, DropReason.REJECTED, 400, "x", 0));

        assertThat(DeadLetterReader.read(line)).isEqualTo(ts);
    }
}
