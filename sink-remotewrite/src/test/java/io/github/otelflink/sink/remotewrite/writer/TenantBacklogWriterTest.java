package io.github.otelflink.sink.remotewrite.writer;

import io.github.otelflink.sink.remotewrite.PrometheusRemoteWriteSink;
import io.github.otelflink.sink.remotewrite.RemoteWriteSinkConfig;
import io.github.otelflink.sink.remotewrite.TenantRouting;
import io.github.otelflink.sink.remotewrite.deadletter.DeadLetter;
import io.github.otelflink.sink.remotewrite.deadletter.DeadLetterOutput;
import io.github.otelflink.sink.remotewrite.deadletter.DeadLetterTarget;
import io.github.otelflink.sink.remotewrite.http.RemoteWriteResponse;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import io.github.otelflink.sink.remotewrite.retry.RetryPolicy;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failing tenant's backlog bounded to its share of the buffer, in a real writer on a real
 * mailbox against {@link LaneProbeClient}: with a buffer far smaller than the failing tenant's
 * input, the healthy tenant is delivered completely while the other fails, and every point of the
 * failing tenant is either delivered after it recovers or dead-lettered as {@code tenant_backlog};
 * when every tenant fails, nothing is dropped.
 */
class TenantBacklogWriterTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String HEADER = "X-Scope-OrgID";
    private static final int SERIES = 8;
    private static final int SAMPLES = 100;
    /** Share: 100 points, an eighth of one tenant's input. */
    private static final int BUFFER = 200;

    /** Records every dead letter as {@code <reason> <tenant>/<series>@<timestamp>}. */
    static final class RecordingTarget implements DeadLetterTarget {
        private static final long serialVersionUID = 1L;
        final List<String> letters = Collections.synchronizedList(new ArrayList<>());

        @Override
        public DeadLetterOutput open(int subtaskIndex, int attemptNumber) {
            return new DeadLetterOutput() {
                @Override
                public void write(DeadLetter letter) {
                    TimeSeries ts = letter.points();
                    for (int i = 0; i < ts.sampleCount(); i++) {
                        letters.add(letter.reason().label() + " " + ts.labels().get(TenantRouting.DEFAULT_LABEL)
                                + "/" + ts.labels().get("series") + "@" + ts.timestamp(i));
                    }
                }

                @Override
                public void flush() {}

                @Override
                public void close() {}
            };
        }
    }

    private static RemoteWriteSinkConfig config(RecordingTarget target) {
        return PrometheusRemoteWriteSink.builder()
                .endpoint("http://unused.invalid/api/v1/write")
                .retry(new RetryPolicy(true, Duration.ofMillis(1), 0.5, 1.5, Duration.ofMillis(5), Duration.ofMinutes(5)))
                .maxConcurrentRequests(1)
                .maxSamplesPerSend(10)
                .maxBufferedSamples(BUFFER)
                .flushInterval(Duration.ofMillis(20))
                .tenantRouting(new TenantRouting(TenantRouting.DEFAULT_LABEL, HEADER, "anonymous", 10))
                .deadLetters(target)
                .build()
                .config();
    }

    private static List<TimeSeries> input() {
        List<TimeSeries> input = new ArrayList<>();
        for (int t = 1; t <= SAMPLES; t++) {
            for (int s = 0; s < SERIES; s++) {
                for (String tenant : List.of("a", "b")) {
                    input.add(TimeSeries.ofSample(
                            Labels.of("__name__", "backlog_test", TenantRouting.DEFAULT_LABEL, tenant, "series", "s" + s),
                            t * 1000L, t));
                }
            }
        }
        return input;
    }

    private static List<Long> all() {
        return LongStream.rangeClosed(1, SAMPLES).map(t -> t * 1000L).boxed().toList();
    }

    private static RemoteWriteResponse status(int status) {
        return new RemoteWriteResponse(status, Map.of(), "");
    }

    private static long accepted(LaneProbeClient client, String tenant) {
        return client.accepted().entrySet().stream().filter(e -> e.getKey().startsWith(tenant + "/"))
                .mapToLong(e -> e.getValue().size()).sum();
    }

    @Test
    void aFailingTenantBeyondItsShareIsDeadLetteredAndTheHealthyOneIsDeliveredCompletely() throws Exception {
        AtomicBoolean failing = new AtomicBoolean(true);
        LaneProbeClient client = new LaneProbeClient(4, r ->
                failing.get() && "a".equals(r.headers().get(HEADER)) ? status(503) : status(204));
        RecordingTarget target = new RecordingTarget();
        try (WriterHarness harness = new WriterHarness(config(target), client, input()).start()) {
            // Tenant a's input is 4x the whole buffer: without the share, a's backlog would fill it
            // and the writer would stop taking b's points long before all of them arrived.
            try {
                WriterHarness.await("tenant b fully delivered while tenant a gets 503", DEADLINE,
                        () -> accepted(client, "b") == (long) SERIES * SAMPLES);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; accepted b " + accepted(client, "b")
                        + ", dead letters " + target.letters.size() + ", requests " + client.requestCount(), e);
            }
            assertThat(accepted(client, "a")).as("nothing of a while it fails").isZero();
            assertThat(target.letters).as("a's points beyond its share").isNotEmpty()
                    .allMatch(l -> l.startsWith("tenant_backlog a/"));
            failing.set(false);
            harness.done.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
        assertThat(client.violations).isEmpty();
        assertThat(target.letters).allMatch(l -> l.startsWith("tenant_backlog a/"));
        for (int s = 0; s < SERIES; s++) {
            assertThat(client.accepted().get("b/s" + s)).as("b/s" + s + ", complete and in order").isEqualTo(all());
            List<Long> delivered = client.accepted().getOrDefault("a/s" + s, List.of());
            assertThat(delivered).as("a/s%d delivered in order", s).isSorted();
            Map<Long, String> accountedFor = new TreeMap<>();
            for (long t : delivered) {
                accountedFor.merge(t, "sent", (x, y) -> x + "+" + y);
            }
            String prefix = "tenant_backlog a/s" + s + "@";
            for (String l : target.letters) {
                if (l.startsWith(prefix)) {
                    accountedFor.merge(Long.parseLong(l.substring(prefix.length())), "dropped", (x, y) -> x + "+" + y);
                }
            }
            assertThat(accountedFor.keySet()).as("every point of a/s%d sent or dead-lettered", s).containsExactlyElementsOf(all());
            assertThat(accountedFor.values()).as("a/s%d: each point once", s).allMatch(v -> !v.contains("+"));
        }
    }

    @Test
    void whenEveryTenantFailsNothingIsDroppedAndTheWriterWaits() throws Exception {
        AtomicBoolean failing = new AtomicBoolean(true);
        LaneProbeClient client = new LaneProbeClient(4, r -> failing.get() ? status(503) : status(204));
        RecordingTarget target = new RecordingTarget();
        try (WriterHarness harness = new WriterHarness(config(target), client, input()).start()) {
            WriterHarness.await("both tenants refused a few times", DEADLINE, () -> {
                List<LaneProbeClient.Request> sent = client.sent();
                return sent.stream().filter(r -> "a".equals(r.headers().get(HEADER))).count() >= 10
                        && sent.stream().filter(r -> "b".equals(r.headers().get(HEADER))).count() >= 10;
            });
            // The input is 8x the buffer: the writer is held (backpressure), not dropping.
            WriterHarness.await("the writer waits on a full buffer", DEADLINE, harness::taskWaiting);
            assertThat(harness.done).isNotDone();
            assertThat(target.letters).isEmpty();
            failing.set(false);
            harness.done.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
        assertThat(client.violations).isEmpty();
        assertThat(target.letters).as("nothing dropped").isEmpty();
        for (String tenant : List.of("a", "b")) {
            for (int s = 0; s < SERIES; s++) {
                assertThat(client.accepted().get(tenant + "/s" + s)).as(tenant + "/s" + s).isEqualTo(all());
            }
        }
    }
}
