package io.github.otelflink.sink.remotewrite.writer;

import io.github.otelflink.sink.remotewrite.PrometheusRemoteWriteSink;
import io.github.otelflink.sink.remotewrite.RemoteWriteSinkConfig;
import io.github.otelflink.sink.remotewrite.SeriesFingerprint;
import io.github.otelflink.sink.remotewrite.http.RemoteWriteResponse;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import io.github.otelflink.sink.remotewrite.retry.RetryPolicy;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code maxConcurrentRequests(n)}: a real writer on a real mailbox against {@link LaneProbeClient},
 * which checks at every send that no more than n requests are in flight and that no two requests
 * in flight share a series.
 */
class ConcurrentLanesTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final int SERIES = 32;
    private static final int SAMPLES = 30;

    private static RemoteWriteSinkConfig config(int lanes) {
        return PrometheusRemoteWriteSink.builder()
                .endpoint("http://unused.invalid/api/v1/write")
                .retry(new RetryPolicy(true, Duration.ofMillis(1), 0.5, 1.5, Duration.ofMillis(5), Duration.ofMinutes(5)))
                .maxSamplesPerSend(10)
                .maxBufferedSamples(2000)
                .flushInterval(Duration.ofMillis(20))
                .maxConcurrentRequests(lanes)
                .build()
                .config();
    }

    private static Labels labels(int s) {
        return Labels.of("__name__", "lane_test", "series", "s" + s);
    }

    /** Round-robin over the series, each series in timestamp order, one sample per record. */
    private static List<TimeSeries> input() {
        List<TimeSeries> input = new ArrayList<>();
        for (int t = 1; t <= SAMPLES; t++) {
            for (int s = 0; s < SERIES; s++) {
                input.add(TimeSeries.ofSample(labels(s), t * 1000L, t));
            }
        }
        return input;
    }

    private static List<Long> expectedTimestamps() {
        return LongStream.rangeClosed(1, SAMPLES).map(t -> t * 1000L).boxed().toList();
    }

    /** The series sharing a lane with s0 (the lane the tests make fail). */
    private static Set<String> laneOfS0(int lanes) {
        int lane = SeriesFingerprint.lane(labels(0).fingerprint(), lanes);
        Set<String> set = new HashSet<>();
        for (int s = 0; s < SERIES; s++) {
            if (SeriesFingerprint.lane(labels(s).fingerprint(), lanes) == lane) {
                set.add("s" + s);
            }
        }
        return set;
    }

    private static RemoteWriteResponse status(int status) {
        return new RemoteWriteResponse(status, Map.of(), "");
    }

    @Test
    void atMostFourRequestsInFlightAndNeverTwoWithTheSameSeries() throws Exception {
        LaneProbeClient client = new LaneProbeClient(4, r -> LaneProbeClient.HOLD);
        try (WriterHarness harness = new WriterHarness(config(4), client, input()).start()) {
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (!harness.done.isDone()) {
                assertThat(System.nanoTime()).as("writer finished in time").isLessThan(deadline);
                // Answer one request only when the writer cannot send more: all 4 lanes busy, or
                // the task waits in the mailbox with nothing it may send.
                if (client.heldCount() == 4 || (client.heldCount() > 0 && harness.taskWaiting())) {
                    client.releaseOldest();
                }
                Thread.onSpinWait();
            }
            harness.done.get(10, TimeUnit.SECONDS);
        }
        assertThat(client.violations).isEmpty();
        assertThat(client.maxObservedInFlight()).as("the lanes really ran concurrently").isEqualTo(4);
        assertThat(client.requestCount()).isGreaterThanOrEqualTo(SERIES * SAMPLES / 10);
    }

    @Test
    void keepsEverySeriesInOrderWhileOneLaneRetries503And429() throws Exception {
        Set<String> unlucky = laneOfS0(4);
        AtomicInteger unluckyRequests = new AtomicInteger();
        LaneProbeClient client = new LaneProbeClient(4, r -> {
            if (r.series().stream().anyMatch(unlucky::contains)) {
                // Two failures before each success: 503, 429, then 204.
                return switch (unluckyRequests.getAndIncrement() % 3) {
                    case 0 -> status(503);
                    case 1 -> status(429);
                    default -> status(204);
                };
            }
            return status(204);
        });
        try (WriterHarness harness = new WriterHarness(config(4), client, input()).start()) {
            harness.done.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
        assertThat(client.violations).isEmpty();
        Map<String, List<Long>> accepted = client.accepted();
        for (int s = 0; s < SERIES; s++) {
            assertThat(accepted.get("s" + s)).as("samples accepted for s" + s + ", in order, none lost")
                    .isEqualTo(expectedTimestamps());
        }
        assertThat(client.failures("s0")).as("the unlucky lane failed and retried").isGreaterThanOrEqualTo(10);
        assertThat(client.maxObservedInFlight()).isGreaterThan(1);
    }

    @Test
    void aLaneThatBacksOffDoesNotStopTheOthers() throws Exception {
        Set<String> unlucky = laneOfS0(4);
        assertThat(unlucky).as("the other lanes have series too").hasSizeLessThan(SERIES);
        AtomicBoolean failing = new AtomicBoolean(true);
        LaneProbeClient client = new LaneProbeClient(4, r ->
                failing.get() && r.series().stream().anyMatch(unlucky::contains) ? status(503) : status(204));
        try (WriterHarness harness = new WriterHarness(config(4), client, input()).start()) {
            WriterHarness.await("every other series fully delivered while s0's lane fails", DEADLINE, () -> {
                Map<String, List<Long>> accepted = client.accepted();
                for (int s = 0; s < SERIES; s++) {
                    if (!unlucky.contains("s" + s) && accepted.getOrDefault("s" + s, List.of()).size() < SAMPLES) {
                        return false;
                    }
                }
                return true;
            });
            assertThat(client.accepted()).as("nothing of the failing lane got through")
                    .doesNotContainKeys(unlucky.toArray(String[]::new));
            assertThat(client.failures("s0")).isGreaterThanOrEqualTo(1);
            assertThat(harness.done).as("flush(true) waits for the failing lane").isNotDone();

            failing.set(false);
            harness.done.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
        assertThat(client.violations).isEmpty();
        Map<String, List<Long>> accepted = client.accepted();
        for (int s = 0; s < SERIES; s++) {
            assertThat(accepted.get("s" + s)).as("s" + s).isEqualTo(expectedTimestamps());
        }
    }

    @Test
    void lanesSpreadTheSeriesOfOneSubtaskEvenWhenLanesEqualSubtasks() {
        // Subtask 0 of 4 gets the series with fingerprint mod 4 == 0; its 4 lanes must all be used.
        int[] perLane = new int[4];
        int routed = 0;
        for (int s = 0; routed < 400; s++) {
            long fp = Labels.of("__name__", "spread", "i", "" + s).fingerprint();
            if (new SeriesFingerprint.Partitioner().partition(fp, 4) == 0) {
                perLane[SeriesFingerprint.lane(fp, 4)]++;
                routed++;
            }
        }
        for (int n : perLane) {
            assertThat(n).as("series per lane: %s", java.util.Arrays.toString(perLane)).isBetween(60, 140);
        }
    }
}
