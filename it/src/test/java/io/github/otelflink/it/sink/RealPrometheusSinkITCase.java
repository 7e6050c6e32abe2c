package io.github.otelflink.it.sink;

import io.github.otelflink.sink.remotewrite.PrometheusRemoteWriteSink;
import io.github.otelflink.sink.remotewrite.encode.EncodedRequest;
import io.github.otelflink.sink.remotewrite.encode.RemoteWriteProtocol;
import io.github.otelflink.sink.remotewrite.encode.WriteRequestEncoder;
import io.github.otelflink.sink.remotewrite.http.EndpointOptions;
import io.github.otelflink.sink.remotewrite.http.HttpRemoteWriteClient;
import io.github.otelflink.sink.remotewrite.model.Exemplar;
import io.github.otelflink.sink.remotewrite.model.Histogram;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import io.github.otelflink.sink.remotewrite.model.TimeSeriesTypeInfo;
import io.github.otelflink.testing.FailOnceAfterCheckpoint;
import io.github.otelflink.testing.MtlsPrometheus;
import io.github.otelflink.testing.PrometheusServer;
import io.github.otelflink.sink.remotewrite.tls.TlsOptions;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sink against the real Prometheus 2.42 binary, with native histograms on and a web config
 * that requires client certificates (generated for the test), on a Flink MiniCluster.
 */
class RealPrometheusSinkITCase {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    @RegisterExtension
    static final MtlsPrometheus PROMETHEUS = new MtlsPrometheus();

    private static TlsOptions mtls() {
        return TlsOptions.defaults()
                .withCaFile(PROMETHEUS.certs().caCert().toString())
                .withClientCertificate(PROMETHEUS.certs().clientCert().toString(), PROMETHEUS.certs().clientKey().toString());
    }

    private static PrometheusRemoteWriteSink sink() {
        return PrometheusRemoteWriteSink.builder()
                .endpoint(PROMETHEUS.server().remoteWriteUri())
                .tls(mtls())
                .flushInterval(Duration.ofMillis(100))
                .build();
    }

    /** Recent enough for Prometheus's head block, and the same for every sample of a test. */
    private static long baseTimestampMs() {
        return (System.currentTimeMillis() - Duration.ofMinutes(30).toMillis()) / 1000 * 1000;
    }

    /** Sums a sink counter over all subtasks and all attempts of the named job. */
    private static long counter(String jobName, String name) {
        long total = 0;
        for (Map.Entry<MetricGroup, Map<String, Metric>> group : REPORTER.getMetricsByGroup().entrySet()) {
            for (Map.Entry<String, Metric> m : group.getValue().entrySet()) {
                String id = group.getKey().getMetricIdentifier(m.getKey());
                if (id.contains("." + jobName + ".") && id.endsWith("." + name) && m.getValue() instanceof Counter c) {
                    total += c.getCount();
                }
            }
        }
        return total;
    }

    @Test
    void writesValuesTimestampsLabelsHistogramsAndExemplarsOverMutualTls() throws Exception {
        long t0 = baseTimestampMs();
        Histogram histogram = Histogram.integerHistogram()
                .count(6).sum(12.5).schema(0).zeroThreshold(1e-128).zeroCount(1)
                .positiveSpans(new int[] {0}, new int[] {3}).positiveDeltas(new long[] {1, 1, 0})
                .timestampMs(t0)
                .build();
        List<TimeSeries> input = List.of(
                TimeSeries.builder(Labels.of("zone", "b", "__name__", "it_values", "app", "x"))
                        .sample(t0, 1.5).sample(t0 + 1000, -2.25).sample(t0 + 2000, 1e300)
                        .exemplar(new Exemplar(new String[] {"trace_id"}, new String[] {"abc123"}, 1.5, t0))
                        .build(),
                // Duplicate label names: rejected by the sink, and must not take the others down with it.
                TimeSeries.ofSample(new Labels(new String[] {"__name__", "a", "a"}, new String[] {"it_values", "1", "2"}), t0, 9),
                TimeSeries.builder(Labels.of("__name__", "it_native_histogram", "job", "h")).histogram(histogram).build(),
                TimeSeries.ofSample(Labels.of("__name__", "it_values", "zone", "unicode", "city", "Zürich ☃"), t0, 42));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.fromData(TimeSeriesTypeInfo.INSTANCE, input.toArray(new TimeSeries[0])).sinkTo(sink());
        env.execute("values");

        List<PrometheusServer.Sample> samples =
                PROMETHEUS.server().rangeSamples("it_values{zone=\"b\"}", t0, t0 + 2000);
        assertThat(samples).containsExactly(
                new PrometheusServer.Sample(t0, 1.5),
                new PrometheusServer.Sample(t0 + 1000, -2.25),
                new PrometheusServer.Sample(t0 + 2000, 1e300));
        PrometheusServer.Element unicode = PROMETHEUS.server().query("it_values{zone=\"unicode\"}", t0).only();
        assertThat(unicode.metric()).containsEntry("city", "Zürich ☃").containsEntry("__name__", "it_values");
        assertThat(unicode.value()).isEqualTo(42);
        assertThat(PROMETHEUS.server().query("count(it_values)", t0 + 2000).only().value()).isEqualTo(2);

        PrometheusServer.HistogramSample h = PROMETHEUS.server().query("it_native_histogram", t0).only().histogram();
        assertThat(h.count()).isEqualTo(6);
        assertThat(h.sum()).isEqualTo(12.5);

        assertThat(counter("values", "samples_sent_total")).isEqualTo(4);
        assertThat(counter("values", "histograms_sent_total")).isEqualTo(1);
        assertThat(counter("values", "exemplars_sent_total")).isEqualTo(1);
        assertThat(counter("values", "reason.duplicate_label_name.samples_dropped_total")).isEqualTo(1);
    }

    /** Prometheus 2.42 has no remote write 2.0: it answers 204 and stores nothing, so the sink must fall back. */
    @Test
    void fallsBackToRemoteWrite1WhenPrometheusDoesNotSpeak2() throws Exception {
        long t0 = baseTimestampMs();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromData(TimeSeriesTypeInfo.INSTANCE,
                        TimeSeries.ofSample(Labels.of("__name__", "it_v2_fallback", "i", "1"), t0, 1),
                        TimeSeries.ofSample(Labels.of("__name__", "it_v2_fallback", "i", "2"), t0, 2))
                .sinkTo(PrometheusRemoteWriteSink.builder()
                        .endpoint(PROMETHEUS.server().remoteWriteUri())
                        .tls(mtls())
                        .protocol(RemoteWriteProtocol.V2)
                        .build());
        env.execute("v2-fallback");

        assertThat(PROMETHEUS.server().query("sum(it_v2_fallback)", t0).only().value()).isEqualTo(3);
        assertThat(counter("v2-fallback", "protocol_fallbacks_total")).isEqualTo(1);
    }

    @Test
    void aClientWithoutACertificateIsRefused() {
        EndpointOptions noClientCert = new EndpointOptions(PROMETHEUS.server().remoteWriteUri(), null, Duration.ofSeconds(5),
                TlsOptions.defaults().withCaFile(PROMETHEUS.certs().caCert().toString()), null, null, null);
        EncodedRequest request = new WriteRequestEncoder(false)
                .encode(List.of(TimeSeries.ofSample(Labels.of("__name__", "it_refused"), baseTimestampMs(), 1)));
        try (HttpRemoteWriteClient client = new HttpRemoteWriteClient(noClientCert)) {
            assertThatThrownBy(() -> client.send(request, RemoteWriteProtocol.V1).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
        }
        try (HttpRemoteWriteClient client = new HttpRemoteWriteClient(new EndpointOptions(
                PROMETHEUS.server().remoteWriteUri(), null, Duration.ofSeconds(5), mtls(), null, null, null))) {
            assertThat(client.send(request, RemoteWriteProtocol.V1).join().status()).isEqualTo(204);
        }
    }

    /**
     * A checkpointed job fails mid-stream after the receiver stored data the last checkpoint
     * does not cover; it restarts, replays, and every sample ends in Prometheus exactly once,
     * including fresh samples batched together with replayed ones.
     */
    @Test
    void everySampleArrivesExactlyOnceAcrossAFailureAndRestore() throws Exception {
        int seriesCount = 10;
        int samplesPerSeries = 120;
        long t0 = baseTimestampMs();
        String metric = "it_exactly_once";
        FailOnceAfterCheckpoint.FAILED.set(false);
        FailOnceAfterCheckpoint.storedSamples = () -> {
            double v = PROMETHEUS.server().scalar("sum(count_over_time(" + metric + "[3h]))");
            return Double.isNaN(v) ? 0 : (long) v;
        };

        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.enableCheckpointing(300);
        env.setParallelism(2);
        DataGeneratorSource<TimeSeries> source = new DataGeneratorSource<>(
                new SeriesGenerator(metric, seriesCount, t0),
                (long) seriesCount * samplesPerSeries,
                RateLimiterStrategy.perSecond(300),
                TimeSeriesTypeInfo.INSTANCE);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "generator")
                .setParallelism(1) // one producer, so each series is generated in order
                .map(new FailOnceAfterCheckpoint<TimeSeries>(3L * seriesCount))
                .returns(TimeSeriesTypeInfo.INSTANCE)
                .setParallelism(1)
                .sinkTo(sink()); // parallelism 2: the sink routes series by fingerprint

        JobClient client = env.executeAsync("exactly-once");
        client.getJobExecutionResult().get(3, TimeUnit.MINUTES);

        assertThat(FailOnceAfterCheckpoint.FAILED).as("the failure was injected").isTrue();
        long evalAt = t0 + samplesPerSeries * 1000L;
        for (int s = 0; s < seriesCount; s++) {
            String selector = metric + "{series=\"s" + s + "\"}";
            List<PrometheusServer.Sample> stored = PROMETHEUS.server().rangeSamples(selector, t0, evalAt);
            assertThat(stored).as(selector).hasSize(samplesPerSeries);
            for (int k = 0; k < samplesPerSeries; k++) {
                assertThat(stored.get(k)).isEqualTo(new PrometheusServer.Sample(t0 + k * 1000L, k));
            }
        }
        assertThat(PROMETHEUS.server().query("sum(count_over_time(" + metric + "[3h]))", evalAt + 1000).only().value())
                .isEqualTo(seriesCount * samplesPerSeries);
        assertThat(counter("exactly-once", "samples_already_delivered_total"))
                .as("replayed samples were recognised as already delivered").isPositive();
        assertThat(counter("exactly-once", "reason.rejected.samples_dropped_total")).isZero();
        assertThat(counter("exactly-once", "reason.retries_exhausted.samples_dropped_total")).isZero();
    }
}
