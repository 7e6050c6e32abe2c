package io.github.otelflink.it.sink;

import io.github.otelflink.sink.remotewrite.PrometheusRemoteWriteSink;
import io.github.otelflink.sink.remotewrite.encode.RemoteWriteProtocol;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import io.github.otelflink.sink.remotewrite.model.TimeSeriesTypeInfo;
import io.github.otelflink.sink.remotewrite.retry.RetryPolicy;
import io.github.otelflink.testing.FaultInjectingReceiver;
import io.github.otelflink.testing.FaultInjectingReceiver.OrderingResponder;
import io.github.otelflink.testing.FaultInjectingReceiver.Point;
import io.github.otelflink.testing.FaultInjectingReceiver.RecordedRequest;
import io.github.otelflink.testing.FaultInjectingReceiver.Response;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sink on a MiniCluster against a FAKE receiver that injects 5xx/429/415 answers and enforces
 * Prometheus's per-series ordering rule (the real Prometheus cannot be made to fail on demand).
 */
class FaultInjectingSinkITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private final FaultInjectingReceiver receiver = FaultInjectingReceiver.start();

    @AfterEach
    void stop() {
        receiver.close();
    }

    private static RetryPolicy fastRetry() {
        return new RetryPolicy(true, Duration.ofMillis(10), 0.5, 2.0, Duration.ofMillis(200), Duration.ofMinutes(1));
    }

    @Test
    void keepsEverySeriesInOrderAtParallelismTwoThroughInjectedFailures() throws Exception {
        int seriesCount = 20;
        int samplesPerSeries = 60;
        OrderingResponder prometheusLike = FaultInjectingReceiver.prometheusLikeOrdering();
        receiver.respondWith(prometheusLike);
        receiver.enqueue(
                Response.status(503).body("unavailable"),
                Response.status(429).header("Retry-After", "1"),
                Response.status(500),
                Response.status(502),
                Response.status(503).delay(Duration.ofMillis(300)));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.fromSource(new DataGeneratorSource<>(new SeriesGenerator("ordered", seriesCount, 1_000_000L),
                                (long) seriesCount * samplesPerSeries, RateLimiterStrategy.perSecond(2000),
                                TimeSeriesTypeInfo.INSTANCE),
                        WatermarkStrategy.noWatermarks(), "generator")
                .setParallelism(1)
                .sinkTo(PrometheusRemoteWriteSink.builder()
                        .endpoint(receiver.uri())
                        .retry(fastRetry())
                        .maxSamplesPerSend(50)
                        .flushInterval(Duration.ofMillis(20))
                        .build());
        env.execute("ordered");

        for (int s = 0; s < seriesCount; s++) {
            List<Point> accepted = prometheusLike.accepted(Map.of("__name__", "ordered", "job", "it", "series", "s" + s));
            List<Point> expected = new ArrayList<>();
            for (int k = 0; k < samplesPerSeries; k++) {
                expected.add(new Point(1_000_000L + k * 1000L, k));
            }
            assertThat(accepted).as("series s" + s).isEqualTo(expected);
        }
        List<Integer> statuses = receiver.requests().stream().map(r -> r.response().status()).toList();
        assertThat(statuses).as("the injected failures were answered and retried")
                .contains(503, 429, 500, 502)
                .doesNotContain(400);
        assertThat(prometheusLike.acceptedCount()).isEqualTo(seriesCount * samplesPerSeries);
    }

    @Test
    void fallsBackToRemoteWrite1WhenTheReceiverAnswers415() throws Exception {
        receiver.enqueue(Response.status(415).body("unsupported"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        TimeSeries[] input = new TimeSeries[10];
        for (int i = 0; i < input.length; i++) {
            input[i] = TimeSeries.ofSample(Labels.of("__name__", "fallback", "i", "" + i), 5000, i);
        }
        env.fromData(TimeSeriesTypeInfo.INSTANCE, input)
                .sinkTo(PrometheusRemoteWriteSink.builder()
                        .endpoint(receiver.uri())
                        .protocol(RemoteWriteProtocol.V2)
                        .retry(fastRetry())
                        .build());
        env.execute("fallback");

        List<RecordedRequest> requests = receiver.requests();
        assertThat(requests.get(0).isV2()).isTrue();
        assertThat(requests.subList(1, requests.size())).allMatch(r -> !r.isV2());
        int delivered = requests.subList(1, requests.size()).stream().mapToInt(RecordedRequest::sampleCount).sum();
        assertThat(delivered).isEqualTo(10);
    }
}
