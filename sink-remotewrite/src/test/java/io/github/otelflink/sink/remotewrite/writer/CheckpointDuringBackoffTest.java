package io.github.otelflink.sink.remotewrite.writer;

import io.github.otelflink.sink.remotewrite.PrometheusRemoteWriteSink;
import io.github.otelflink.sink.remotewrite.PrometheusRemoteWriteSinkBuilder;
import io.github.otelflink.sink.remotewrite.RemoteWriteSinkConfig;
import io.github.otelflink.sink.remotewrite.TenantRouting;
import io.github.otelflink.sink.remotewrite.http.RemoteWriteResponse;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import io.github.otelflink.sink.remotewrite.retry.RetryPolicy;

import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.RequestEntryWrapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Checkpoints while one tenant's requests fail and are retried, in a real writer on a real
 * mailbox against {@link LaneProbeClient}: a checkpoint does not wait for the failing tenant's
 * retries (which may go on for {@code max_elapsed_time}, minutes), the other tenant keeps being
 * delivered between checkpoints, and the failing tenant's points waiting for a retry are in the
 * checkpoint, in order, so a writer restored from it delivers all of them.
 */
class CheckpointDuringBackoffTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    /** Far shorter than the retry budget (5 minutes): a checkpoint that waits for the retries misses it. */
    private static final Duration CHECKPOINT_DEADLINE = Duration.ofSeconds(10);
    private static final String HEADER = "X-Scope-OrgID";
    private static final int SERIES = 4;

    private static RemoteWriteSinkConfig config() {
        return builder().tenantRouting(new TenantRouting(TenantRouting.DEFAULT_LABEL, HEADER, "anonymous", 10))
                .build()
                .config();
    }

    private static PrometheusRemoteWriteSinkBuilder builder() {
        return PrometheusRemoteWriteSink.builder()
                .endpoint("http://unused.invalid/api/v1/write")
                .retry(new RetryPolicy(true, Duration.ofMillis(20), 0.5, 1.5, Duration.ofMillis(100), Duration.ofMinutes(5)))
                .maxConcurrentRequests(2)
                .maxSamplesPerSend(10)
                .maxBufferedSamples(1000)
                .flushInterval(Duration.ofMillis(20));
    }

    private static void write(WriterHarness harness, String tenant, long fromT, long toT) {
        for (long t = fromT; t <= toT; t++) {
            for (int s = 0; s < SERIES; s++) {
                harness.write(TimeSeries.ofSample(
                        Labels.of("__name__", "checkpoint_test", TenantRouting.DEFAULT_LABEL, tenant, "series", "s" + s),
                        t * 1000L, t));
            }
        }
    }

    private static List<Long> timestamps(long fromT, long toT) {
        return LongStream.rangeClosed(fromT, toT).map(t -> t * 1000L).boxed().toList();
    }

    private static RemoteWriteResponse status(int status) {
        return new RemoteWriteResponse(status, Map.of(), "");
    }

    private static List<BufferedRequestState<TimeSeries>> checkpoint(WriterHarness harness, long id) throws Exception {
        try {
            return harness.checkpoint(id).get(CHECKPOINT_DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return fail("checkpoint %d not taken within %s while a batch is retried", id, CHECKPOINT_DEADLINE);
        }
    }

    /** The points in a snapshot, as {@code <tenant>/<series>} to its timestamps in the snapshot's order. */
    private static Map<String, List<Long>> points(List<BufferedRequestState<TimeSeries>> state) {
        Map<String, List<Long>> points = new TreeMap<>();
        for (BufferedRequestState<TimeSeries> s : state) {
            for (RequestEntryWrapper<TimeSeries> e : s.getBufferedRequestEntries()) {
                TimeSeries ts = e.getRequestEntry();
                List<Long> list = points.computeIfAbsent(
                        ts.labels().get(TenantRouting.DEFAULT_LABEL) + "/" + ts.labels().get("series"), k -> new ArrayList<>());
                for (int i = 0; i < ts.sampleCount(); i++) {
                    list.add(ts.timestamp(i));
                }
            }
        }
        return points;
    }

    @Test
    void aCheckpointDoesNotWaitForAFailingTenantsRetriesAndHoldsItsPointsInOrder() throws Exception {
        AtomicBoolean failingA = new AtomicBoolean(true);
        LaneProbeClient client = new LaneProbeClient(4, r ->
                failingA.get() && "a".equals(r.headers().get(HEADER)) ? status(503) : status(204));
        List<BufferedRequestState<TimeSeries>> snapshot;
        try (WriterHarness harness = WriterHarness.fed(config(), client, List.of()).start()) {
            write(harness, "a", 1, 5);
            write(harness, "b", 1, 5);
            WriterHarness.await("tenant a refused and retried", DEADLINE, () -> client.sent().stream()
                    .filter(r -> "a".equals(r.headers().get(HEADER))).count() >= 4);
            checkpoint(harness, 1);

            write(harness, "b", 6, 10);
            write(harness, "a", 6, 10);
            WriterHarness.await("tenant b delivered after the checkpoint", DEADLINE, () -> {
                Map<String, List<Long>> accepted = client.accepted();
                return LongStream.range(0, SERIES).allMatch(s ->
                        timestamps(1, 10).equals(accepted.get("b/s" + s)));
            });
            snapshot = checkpoint(harness, 2);
            assertThat(client.accepted().keySet()).as("nothing of a accepted while it fails").allMatch(k -> k.startsWith("b/"));

            Map<String, List<Long>> inSnapshot = points(snapshot);
            for (int s = 0; s < SERIES; s++) {
                assertThat(inSnapshot.get("a/s" + s)).as("a/s%d in the checkpoint, waiting to be retried or buffered", s)
                        .isEqualTo(timestamps(1, 10));
            }
            assertThat(inSnapshot.keySet()).as("b was delivered: nothing of it in the checkpoint")
                    .allMatch(k -> k.startsWith("a/"));

            // Without a restore, the retries go on and deliver everything once a recovers.
            failingA.set(false);
            harness.endInput();
            harness.done.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
        assertThat(client.violations).isEmpty();
        for (int s = 0; s < SERIES; s++) {
            assertThat(client.accepted().get("a/s" + s)).as("a/s%d after recovery", s).isEqualTo(timestamps(1, 10));
        }

        // A writer restored from the checkpoint sends a's points again, in order.
        LaneProbeClient restoredClient = new LaneProbeClient(4, r -> status(204));
        try (WriterHarness restored = WriterHarness.fed(config(), restoredClient, snapshot).start()) {
            restored.endInput();
            restored.done.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
        assertThat(restoredClient.violations).isEmpty();
        for (int s = 0; s < SERIES; s++) {
            assertThat(restoredClient.accepted().get("a/s" + s)).as("restored a/s%d", s).isEqualTo(timestamps(1, 10));
        }
        assertThat(restoredClient.accepted().keySet()).allMatch(k -> k.startsWith("a/"));
    }

    /** Without tenants, lanes by series: a lane whose batch is retried does not hold the checkpoint either. */
    @Test
    void withoutTenantsALaneWaitingToRetryIsInTheCheckpointAndTheOtherLaneFlows() throws Exception {
        AtomicBoolean failingS0 = new AtomicBoolean(true);
        LaneProbeClient client = new LaneProbeClient(2, r ->
                failingS0.get() && r.series().contains("s0") ? status(503) : status(204));
        RemoteWriteSinkConfig config = builder().build().config();
        List<BufferedRequestState<TimeSeries>> snapshot;
        try (WriterHarness harness = WriterHarness.fed(config, client, List.of()).start()) {
            write(harness, "none", 1, 10);
            WriterHarness.await("the lane of s0 refused and retried, the other lane delivered", DEADLINE, () ->
                    client.failures("s0") >= 3 && LongStream.range(1, SERIES).anyMatch(s ->
                            timestamps(1, 10).equals(client.accepted().get("s" + s))));
            snapshot = checkpoint(harness, 1);
            Map<String, List<Long>> inSnapshot = points(snapshot);
            assertThat(inSnapshot.get("none/s0")).as("s0, waiting to be retried, in the checkpoint").isEqualTo(timestamps(1, 10));
            failingS0.set(false);
            harness.endInput();
            harness.done.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
        assertThat(client.violations).isEmpty();
        for (int s = 0; s < SERIES; s++) {
            assertThat(client.accepted().get("s" + s)).as("s%d", s).isEqualTo(timestamps(1, 10));
        }
    }
}
