package io.github.otelflink.it.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.otelflink.job.config.PipelineConfig;
import io.github.otelflink.job.config.PipelineConfigLoader;
import io.github.otelflink.job.pipeline.PipelineGraph;
import io.github.otelflink.job.receiver.ConnectorReceiverSources;
import io.github.otelflink.testing.Poll;
import io.github.otelflink.testing.PrometheusServer;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.metrics.export.DefaultAggregationSelector;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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
 * The OpenTelemetry Java SDK with DELTA temporality and base-2 exponential histograms, exporting
 * OTLP/HTTP to the job's ingress at parallelism 2, into the real Prometheus 2.42 with native
 * histograms on: each series' cumulative native histogram in Prometheus holds exactly the count
 * and sum the SDK recorded, over exports whose scales differ (narrow and wide value ranges) and
 * that carry zeros.
 */
class DeltaExponentialHistogramITCase {
    private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("route");

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    static Path dir;

    static PrometheusServer prometheus;

    @BeforeAll
    static void start() {
        prometheus = PrometheusServer.builder(dir.resolve("prometheus")).nativeHistograms(true).start();
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void deltaExponentialHistogramsFromTheSdkArriveAsExactCumulativeNativeHistograms() throws Exception {
        int port = freePort();
        PipelineConfig config = PipelineConfigLoader.load("""
                receivers:
                  otlp:
                    protocols:
                      http:
                        endpoint: 127.0.0.1:%d
                processors:
                  batch:
                    timeout: 100ms
                exporters:
                  prometheusremotewrite:
                    endpoint: "%s"
                service:
                  pipelines:
                    metrics:
                      receivers: [otlp]
                      processors: [batch]
                      exporters: [prometheusremotewrite]
                """.formatted(port, prometheus.remoteWriteUri()), Map.of());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        new PipelineGraph(config, new ConnectorReceiverSources(config)).build(env);
        JobClient job = env.executeAsync("delta-exponential-histograms");
        SdkMeterProvider provider = null;
        try {
            Poll.until(Duration.ofSeconds(60), "the OTLP ingress listening on " + port, () -> listening(port));
            AnsweredExports exporter = new AnsweredExports(OtlpHttpMetricExporter.builder()
                    .setEndpoint("http://127.0.0.1:" + port + "/v1/metrics")
                    .setAggregationTemporalitySelector(AggregationTemporalitySelector.deltaPreferred())
                    .setDefaultAggregationSelector(DefaultAggregationSelector.getDefault()
                            .with(InstrumentType.HISTOGRAM, Aggregation.base2ExponentialBucketHistogram()))
                    .build());
            // Exports happen only on forceFlush below: the interval never comes within the test.
            provider = SdkMeterProvider.builder()
                    .setResource(Resource.getDefault().merge(Resource.create(
                            Attributes.of(AttributeKey.stringKey("service.name"), "delta-exphist"))))
                    .registerMetricReader(PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build())
                    .build();
            DoubleHistogram latency = provider.get("it").histogramBuilder("request_latency").build();

            Random random = new Random(42);
            long[] counts = new long[2];
            double[] sums = new double[2];
            String[] routes = {"a", "b"};
            int exports = 6;
            for (int round = 0; round < exports; round++) {
                for (int r = 0; r < routes.length; r++) {
                    int n = 20 + random.nextInt(30);
                    for (int i = 0; i < n; i++) {
                        double v = value(round, random);
                        latency.record(v, Attributes.of(ROUTE, routes[r]));
                        counts[r]++;
                        sums[r] += v;
                    }
                }
                long before = System.currentTimeMillis();
                SdkMeterProvider p = provider;
                // The reader refuses a flush while its previous export is still being completed
                // ("exporter busy": nothing collected, nothing lost), so flush until it takes one.
                Poll.until(Duration.ofSeconds(30), "export " + round + " to start",
                        () -> p.forceFlush().join(10, TimeUnit.SECONDS).isSuccess());
                assertThat(exporter.results).hasSize(round + 1);
                CompletableResultCode answered = exporter.results.get(round).join(30, TimeUnit.SECONDS);
                assertThat(answered.isSuccess()).as("export %d answered (%s)", round, answered.getFailureThrowable()).isTrue();
                // Two exports within one millisecond would share a timestamp: the second a duplicate.
                Poll.until(Duration.ofSeconds(5), "the clock to move on", () -> System.currentTimeMillis() > before + 1);
            }

            for (int r = 0; r < routes.length; r++) {
                String selector = "request_latency{route=\"" + routes[r] + "\"}";
                long expected = counts[r];
                Poll.until(Duration.ofSeconds(60), selector + " to reach count " + expected,
                        () -> count(selector) == expected);
                PrometheusServer.HistogramSample h = prometheus.query(selector).only().histogram();
                assertThat(h.count()).isEqualTo((double) expected);
                assertThat(h.sum()).isCloseTo(sums[r], within(1e-9 * Math.abs(sums[r])));
                double bucketTotal = 0;
                for (PrometheusServer.Bucket b : h.buckets()) {
                    bucketTotal += b.count();
                }
                assertThat(bucketTotal).as("every observation in a bucket (zero bucket included)").isEqualTo((double) expected);

                long now = System.currentTimeMillis();
                List<PrometheusServer.HistogramSample> samples =
                        prometheus.rangeQuery(selector, now - Duration.ofMinutes(5).toMillis(), now).get(0).histograms();
                assertThat(samples).as("one cumulative histogram per export").hasSize(exports);
                for (int i = 1; i < samples.size(); i++) {
                    assertThat(samples.get(i).count()).isGreaterThan(samples.get(i - 1).count());
                }
            }
        } finally {
            if (provider != null) {
                provider.close();
            }
            job.cancel().get();
        }
    }

    /**
     * Values whose range changes per export, so the SDK picks another scale each time: narrow
     * (scale 20, brought down to 8), wide (a low scale), and with zeros (the zero bucket).
     */
    private static double value(int round, Random random) {
        switch (round % 3) {
            case 0:
                return 1.0 + random.nextDouble() * 0.01;
            case 1:
                return Math.pow(10, -3 + random.nextDouble() * 9);
            default:
                return random.nextInt(4) == 0 ? 0.0 : 0.5 + random.nextDouble() * 4;
        }
    }

    /**
     * The OTLP exporter, keeping the result of every export: the periodic reader's flush succeeds
     * even when the export it started failed, so only the exporter's own result says the job's
     * ingress answered.
     */
    private static final class AnsweredExports implements MetricExporter {
        final List<CompletableResultCode> results = new CopyOnWriteArrayList<>();
        private final MetricExporter delegate;

        AnsweredExports(MetricExporter delegate) {
            this.delegate = delegate;
        }

        @Override
        public CompletableResultCode export(Collection<MetricData> metrics) {
            CompletableResultCode result = delegate.export(metrics);
            results.add(result);
            return result;
        }

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
            return delegate.getAggregationTemporality(instrumentType);
        }

        @Override
        public Aggregation getDefaultAggregation(InstrumentType instrumentType) {
            return delegate.getDefaultAggregation(instrumentType);
        }

        @Override
        public CompletableResultCode flush() {
            return delegate.flush();
        }

        @Override
        public CompletableResultCode shutdown() {
            return delegate.shutdown();
        }
    }

    private static double count(String selector) {
        PrometheusServer.QueryResult result = prometheus.query(selector);
        return result.elements().isEmpty() ? -1 : result.only().histogram().count();
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return s.isConnected();
        } catch (IOException notYet) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
