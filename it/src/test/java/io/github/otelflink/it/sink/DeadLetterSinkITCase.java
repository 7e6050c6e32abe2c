package io.github.otelflink.it.sink;

import io.github.otelflink.job.deadletter.DeadLetterReader;
import io.github.otelflink.sink.remotewrite.PrometheusRemoteWriteSink;
import io.github.otelflink.sink.remotewrite.deadletter.DeadLetterTarget;
import io.github.otelflink.sink.remotewrite.encode.RemoteWriteProtocol;
import io.github.otelflink.sink.remotewrite.encode.WriteRequestEncoder;
import io.github.otelflink.sink.remotewrite.http.EndpointOptions;
import io.github.otelflink.sink.remotewrite.http.HttpRemoteWriteClient;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import io.github.otelflink.sink.remotewrite.model.TimeSeriesTypeInfo;
import io.github.otelflink.sink.remotewrite.tls.TlsOptions;
import io.github.otelflink.testing.MtlsPrometheus;
import io.github.otelflink.testing.PrometheusServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dead letters at parallelism 2 against the real Prometheus 2.42 (mTLS), which refuses samples
 * itself: "duplicate sample for timestamp" (a series' newest timestamp again, with another value)
 * and "out of bounds" (five hours older than its head block). Every refused sample, and the
 * sample the sink's validator refuses, is in the dead-letter files, once, with its reason and
 * Prometheus's answer; nothing else is; and Prometheus holds exactly the rest.
 *
 * <p>The test drives the sink directly, as {@link RealPrometheusSinkITCase} does, and writes the
 * conflicting first values into Prometheus with a plain client beforehand (another writer of the
 * same series): the job's keyed series state would drop a duplicate before the sink.
 */
class DeadLetterSinkITCase {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SERIES = 20;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    @RegisterExtension
    static final MtlsPrometheus PROMETHEUS = new MtlsPrometheus();

    @TempDir
    Path deadLetters;

    private static TlsOptions mtls() {
        return TlsOptions.defaults()
                .withCaFile(PROMETHEUS.certs().caCert().toString())
                .withClientCertificate(PROMETHEUS.certs().clientCert().toString(), PROMETHEUS.certs().clientKey().toString());
    }

    /** One refused sample as the test compares it: series, timestamp, value, reason, status. */
    private record Refused(String labels, long timestamp, double value, String reason, int status) {}

    @Test
    void everySampleThePrometheusRefusesIsADeadLetterAndNothingElseIs() throws Exception {
        long t0 = (System.currentTimeMillis() - Duration.ofMinutes(30).toMillis()) / 1000 * 1000;
        long old = t0 - Duration.ofHours(5).toMillis();

        // The other writer: it_dl{i} at t0 and t0+1s with value i.
        List<TimeSeries> seed = new ArrayList<>();
        for (int i = 0; i < SERIES; i++) {
            seed.add(TimeSeries.builder(Labels.of("__name__", "it_dl", "i", "" + i)).sample(t0, i).sample(t0 + 1000, i).build());
        }
        try (HttpRemoteWriteClient client = new HttpRemoteWriteClient(new EndpointOptions(
                PROMETHEUS.server().remoteWriteUri(), null, Duration.ofSeconds(10), mtls(), null, null, null))) {
            assertThat(client.send(new WriteRequestEncoder(false).encode(seed), RemoteWriteProtocol.V1).join().status())
                    .isEqualTo(204);
        }

        List<TimeSeries> input = new ArrayList<>();
        List<Refused> expected = new ArrayList<>();
        for (int i = 0; i < SERIES; i++) {
            // t0+1s again with another value (refused), then a fresh t0+2s (stored).
            input.add(TimeSeries.builder(Labels.of("__name__", "it_dl", "i", "" + i))
                    .sample(t0 + 1000, 1000 + i).sample(t0 + 2000, i).build());
            expected.add(new Refused("{__name__=it_dl, i=" + i + "}", t0 + 1000, 1000 + i, "duplicate_sample", 400));
            input.add(TimeSeries.ofSample(Labels.of("__name__", "it_dl_fresh", "i", "" + i), t0, i));
            if (i % 2 == 0) {
                input.add(TimeSeries.ofSample(Labels.of("__name__", "it_dl_old", "i", "" + i), old, i));
                expected.add(new Refused("{__name__=it_dl_old, i=" + i + "}", old, i, "too_old", 400));
            }
        }
        input.add(TimeSeries.ofSample(Labels.of("__name__", "it_dl_invalid", "bad-name", "x"), t0, 7));
        expected.add(new Refused("{__name__=it_dl_invalid, bad-name=x}", t0, 7, "invalid_label_name", 0));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.fromData(TimeSeriesTypeInfo.INSTANCE, input.toArray(new TimeSeries[0]))
                .sinkTo(PrometheusRemoteWriteSink.builder()
                        .endpoint(PROMETHEUS.server().remoteWriteUri())
                        .tls(mtls())
                        .flushInterval(Duration.ofMillis(100))
                        .deadLetters(DeadLetterTarget.directory(deadLetters.toString(), 1 << 20))
                        .build());
        env.execute("dead-letters");

        List<Refused> written = new ArrayList<>();
        Set<String> subtasks = new TreeSet<>();
        try (Stream<Path> files = Files.list(deadLetters)) {
            for (Path file : files.toList()) {
                // dead-letters-<subtask>-<opened ms>-<n>.jsonl
                subtasks.add(file.getFileName().toString().split("-")[2]);
                for (String line : Files.readAllLines(file)) {
                    JsonNode letter = JSON.readTree(line);
                    TimeSeries ts = DeadLetterReader.read(line);
                    String message = letter.get("message").asText();
                    assertThat(message).isEqualTo(switch (letter.get("reason").asText()) {
                        case "duplicate_sample" -> "duplicate sample for timestamp\n";
                        case "too_old" -> "out of bounds\n";
                        default -> "refused by the sink's validator: invalid_label_name";
                    });
                    for (int k = 0; k < ts.sampleCount(); k++) {
                        written.add(new Refused(labels(ts.labels()), ts.timestamp(k), ts.value(k),
                                letter.get("reason").asText(), letter.get("status").asInt()));
                    }
                }
            }
        }
        assertThat(written).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(subtasks).as("one file set per subtask, and both subtasks refused some").containsExactly("0", "1");

        // Prometheus holds exactly what was not refused.
        for (int i = 0; i < SERIES; i++) {
            assertThat(PROMETHEUS.server().rangeSamples("it_dl{i=\"" + i + "\"}", t0, t0 + 2000)).containsExactly(
                    new PrometheusServer.Sample(t0, i), new PrometheusServer.Sample(t0 + 1000, i),
                    new PrometheusServer.Sample(t0 + 2000, i));
        }
        assertThat(PROMETHEUS.server().query("count(it_dl_fresh)", t0).only().value()).isEqualTo(SERIES);
        assertThat(PROMETHEUS.server().rangeQuery("it_dl_old", old - 1000, t0 + 2000)).isEmpty();
        assertThat(PROMETHEUS.server().rangeQuery("it_dl_invalid", t0 - 1000, t0 + 2000)).isEmpty();

        assertThat(counter("reason.duplicate_sample.dead_letter_samples_total")).isEqualTo(SERIES);
        assertThat(counter("reason.too_old.dead_letter_samples_total")).isEqualTo(SERIES / 2);
        assertThat(counter("reason.invalid_label_name.dead_letter_samples_total")).isEqualTo(1);
        assertThat(counter("reason.duplicate_sample.samples_dropped_total")).isEqualTo(SERIES);
        assertThat(counter("samples_sent_total")).isEqualTo(2L * SERIES);
    }

    private static String labels(Labels labels) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < labels.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(labels.name(i)).append('=').append(labels.value(i));
        }
        return b.append('}').toString();
    }

    /** Sums a sink counter over both subtasks of the job. */
    private static long counter(String name) {
        long total = 0;
        for (Map.Entry<MetricGroup, Map<String, Metric>> group : REPORTER.getMetricsByGroup().entrySet()) {
            for (Map.Entry<String, Metric> m : group.getValue().entrySet()) {
                String id = group.getKey().getMetricIdentifier(m.getKey());
                if (id.contains(".dead-letters.") && id.endsWith("." + name) && m.getValue() instanceof Counter c) {
                    total += c.getCount();
                }
            }
        }
        return total;
    }
}
