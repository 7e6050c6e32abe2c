package io.github.otelflink.sink.remotewrite.writer;

import io.github.otelflink.sink.remotewrite.encode.RemoteWriteProtocol;
import io.github.otelflink.sink.remotewrite.http.RemoteWriteResponse;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import io.github.otelflink.sink.remotewrite.proto.Types;
import io.github.otelflink.sink.remotewrite.retry.RetryPolicy;
import io.github.otelflink.sink.remotewrite.validate.DropListener;
import io.github.otelflink.sink.remotewrite.validate.DropReason;
import io.github.otelflink.testing.RecordingMetricGroup;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** Retry, narrowing and fallback of one batch, against a scripted fake client and a fake clock. */
class BatchDeliveryTest {
    private static final String M = "prometheus_remote_write.";

    private final RecordingMetricGroup metricGroup = new RecordingMetricGroup();
    private final SinkMetrics metrics = new SinkMetrics(metricGroup, () -> 0L);
    /** Every dropped series as the dead-letter output would get it, and counted as the writer does. */
    private final List<String> letters = new ArrayList<>();
    private final DropListener drops = new DropListener() {
        @Override
        public void dropped(DropReason reason, int samples, int histograms) {
            metrics.dropped(reason, samples, histograms);
        }

        @Override
        public void dropped(DropReason reason, TimeSeries points, int status, String message) {
            metrics.dropped(reason, points.sampleCount(), points.histogramCount());
            StringBuilder b = new StringBuilder(reason.label() + " " + status + " " + message + ":");
            for (int i = 0; i < points.sampleCount(); i++) {
                b.append(' ').append(points.labels().value(0)).append('@').append(points.timestamp(i));
            }
            letters.add(b.toString());
        }
    };
    private final List<Long> delays = new ArrayList<>();
    private long nowNanos = 1_000_000_000L;

    /** Runs scheduled tasks at once, after moving the fake clock by their delay. */
    private final Scheduler scheduler = (task, delay) -> {
        delays.add(delay);
        nowNanos += delay;
        task.run();
    };

    private BatchDelivery delivery(ScriptedClient client, RetryPolicy retry, FailurePolicy onFailure, RemoteWriteProtocol p) {
        return new BatchDelivery(client, new ProtocolNegotiation(p, false), retry, onFailure, metrics, drops, scheduler,
                () -> nowNanos, () -> 0.5);
    }

    private BatchDelivery delivery(ScriptedClient client) {
        return delivery(client, RetryPolicy.defaults(), FailurePolicy.DROP, RemoteWriteProtocol.V1);
    }

    private static TimeSeries series(String name, long... timestamps) {
        TimeSeries.Builder b = TimeSeries.builder(Labels.of("__name__", name, "job", "test"));
        for (long t : timestamps) {
            b.sample(t, t * 10.0);
        }
        return b.build();
    }

    private static Function<ScriptedClient.Sent, Object> script(Object... answers) {
        int[] i = {0};
        return sent -> i[0] < answers.length ? answers[i[0]++] : ScriptedClient.status(204);
    }

    @Test
    void retriesServerErrorsWithExponentialBackoffThenDelivers() {
        ScriptedClient client = new ScriptedClient(script(
                ScriptedClient.status(503), ScriptedClient.status(500), new IOException("connection reset")));
        CompletableFuture<Void> done = delivery(client).deliver(List.of(series("a", 1, 2, 3)));

        assertThat(done).isCompleted();
        assertThat(client.sent).hasSize(4);
        // random 0.5 puts the jitter in the middle: exactly the base schedule 50ms, 75ms, 112.5ms.
        assertThat(delays).containsExactly(50_000_000L, 75_000_000L, 112_500_000L);
        assertThat(metricGroup.count(M + "samples_sent_total")).isEqualTo(3);
        assertThat(metricGroup.count(M + "samples_retried_total")).isEqualTo(9);
        assertThat(metricGroup.count(M + "requests_total")).isEqualTo(4);
        assertThat(metricGroup.count(M + "requests_failed_total")).isEqualTo(3);
    }

    @Test
    void honoursRetryAfterOn429() {
        RemoteWriteResponse tooMany = new RemoteWriteResponse(429, Map.of("retry-after", "7"), "slow down");
        ScriptedClient client = new ScriptedClient(script(tooMany));
        delivery(client).deliver(List.of(series("a", 1)));

        assertThat(delays).containsExactly(Duration.ofSeconds(7).toNanos());
        assertThat(metricGroup.count(M + "samples_sent_total")).isEqualTo(1);
    }

    @Test
    void dropsAndCountsWhenRetriesAreExhausted() {
        ScriptedClient client = new ScriptedClient(sent -> ScriptedClient.status(503));
        RetryPolicy retry = new RetryPolicy(true, Duration.ofMillis(50), 0.5, 1.5, Duration.ofSeconds(30), Duration.ofMinutes(1));
        CompletableFuture<Void> done = delivery(client, retry, FailurePolicy.DROP, RemoteWriteProtocol.V1)
                .deliver(List.of(series("a", 1, 2)));

        assertThat(done).isCompleted();
        long waited = delays.stream().mapToLong(Long::longValue).sum();
        assertThat(waited).isLessThanOrEqualTo(Duration.ofMinutes(1).toNanos());
        assertThat(delays).allMatch(d -> d <= Duration.ofSeconds(30).toNanos());
        assertThat(metricGroup.count(M + "reason.retries_exhausted.samples_dropped_total")).isEqualTo(2);
        assertThat(metricGroup.count(M + "samples_sent_total")).isZero();
        assertThat(letters).singleElement().asString()
                .startsWith("retries_exhausted 503 ").contains("(retried for ").endsWith(": a@1 a@2");
    }

    @Test
    void failsTheJobWhenConfiguredToAndRetriesAreExhausted() {
        ScriptedClient client = new ScriptedClient(sent -> ScriptedClient.status(503));
        CompletableFuture<Void> done = delivery(client, RetryPolicy.disabled(), FailurePolicy.FAIL, RemoteWriteProtocol.V1)
                .deliver(List.of(series("a", 1)));

        assertThat(done).isCompletedExceptionally();
        assertThat(client.sent).hasSize(1);
        assertThat(metricGroup.count(M + "reason.retries_exhausted.samples_dropped_total")).isZero();
    }

    @Test
    void neverRetriesAPermanentClientError() {
        ScriptedClient client = new ScriptedClient(script(ScriptedClient.status(401, "unauthorized")));
        CompletableFuture<Void> done = delivery(client).deliver(List.of(series("a", 1, 2), series("b", 1)));

        assertThat(done).isCompleted();
        assertThat(client.sent).hasSize(1);
        assertThat(delays).isEmpty();
        assertThat(metricGroup.count(M + "reason.rejected.samples_dropped_total")).isEqualTo(3);
        assertThat(letters).containsExactly("rejected 401 unauthorized: a@1 a@2", "rejected 401 unauthorized: b@1");
    }

    @Test
    void transportErrorsThatOutlastTheRetriesAreDroppedWithoutAStatus() {
        ScriptedClient client = new ScriptedClient(sent -> new IOException("connection refused"));
        delivery(client, RetryPolicy.disabled(), FailurePolicy.DROP, RemoteWriteProtocol.V1)
                .deliver(List.of(series("a", 1)));

        assertThat(letters).containsExactly("retries_exhausted 0 transport error: java.io.IOException: connection refused: a@1");
    }

    /**
     * Emulates Prometheus's duplicate rule: it holds a@3 with another value than the one sent. The
     * sample is a conflict no replay makes (a replay sends the same value): it is dropped as a
     * duplicate, and the samples batched with it are delivered.
     */
    @Test
    void dropsASampleTheReceiverHoldsWithAnotherValueAndDeliversTheRest() {
        List<String> stored = new ArrayList<>();
        ScriptedClient client = new ScriptedClient(sent -> {
            for (Types.TimeSeries ts : sent.request().getTimeseriesList()) {
                for (Types.Sample s : ts.getSamplesList()) {
                    if (ts.getLabels(0).getValue().equals("a") && s.getTimestamp() == 3) {
                        return ScriptedClient.status(400, "duplicate sample for timestamp");
                    }
                }
            }
            for (Types.TimeSeries ts : sent.request().getTimeseriesList()) {
                for (Types.Sample s : ts.getSamplesList()) {
                    stored.add(ts.getLabels(0).getValue() + "@" + s.getTimestamp());
                }
            }
            return ScriptedClient.status(204);
        });
        delivery(client).deliver(List.of(series("a", 2, 3, 4), series("b", 3)));

        assertThat(stored).containsExactly("a@2", "a@4", "b@3");
        assertThat(letters).containsExactly("duplicate_sample 400 duplicate sample for timestamp: a@3");
        assertThat(metricGroup.count(M + "reason.duplicate_sample.samples_dropped_total")).isEqualTo(1);
        assertThat(metricGroup.count(M + "samples_already_delivered_total")).isZero();
    }

    /**
     * Emulates Prometheus's append rule: the receiver holds series {@code a} up to t=3 (sent before
     * a restore). The replayed batch mixes a's old samples with fresh ones of a and b; any older
     * sample makes the whole request fail with 400, identical duplicates at the newest timestamp
     * are ignored.
     */
    @Test
    void narrowsARejectedBatchSoReplayedSamplesCountAsDeliveredAndFreshOnesArrive() {
        Map<String, Long> maxt = new HashMap<>(Map.of("a", 3L));
        List<String> stored = new ArrayList<>();
        ScriptedClient client = new ScriptedClient(sent -> {
            for (Types.TimeSeries ts : sent.request().getTimeseriesList()) {
                String name = ts.getLabels(0).getValue();
                long newest = maxt.getOrDefault(name, Long.MIN_VALUE);
                for (Types.Sample s : ts.getSamplesList()) {
                    if (s.getTimestamp() < newest) {
                        return ScriptedClient.status(400, "out of order sample");
                    }
                    newest = s.getTimestamp();
                }
            }
            for (Types.TimeSeries ts : sent.request().getTimeseriesList()) {
                String name = ts.getLabels(0).getValue();
                for (Types.Sample s : ts.getSamplesList()) {
                    if (s.getTimestamp() > maxt.getOrDefault(name, Long.MIN_VALUE)) {
                        stored.add(name + "@" + s.getTimestamp());
                        maxt.put(name, s.getTimestamp());
                    }
                }
            }
            return ScriptedClient.status(204);
        });

        CompletableFuture<Void> done = delivery(client).deliver(List.of(
                series("b", 1, 2), series("a", 1, 2, 3, 4, 5), series("b", 3)));

        assertThat(done).isCompleted();
        assertThat(stored).containsExactly("b@1", "b@2", "a@4", "a@5", "b@3");
        // a@1 and a@2 were refused; a@3 equals the newest sample and was accepted as a duplicate.
        assertThat(metricGroup.count(M + "samples_already_delivered_total")).isEqualTo(2);
        assertThat(metricGroup.count(M + "samples_sent_total")).isEqualTo(6);
        assertThat(metricGroup.count(M + "reason.rejected.samples_dropped_total")).isZero();
        assertThat(delays).as("narrowing sends at once, it does not back off").isEmpty();
    }

    @Test
    void dropsSamplesTheReceiverRefusesAsTooOldButDeliversTheRest() {
        ScriptedClient client = new ScriptedClient(sent -> {
            for (Types.TimeSeries ts : sent.request().getTimeseriesList()) {
                for (Types.Sample s : ts.getSamplesList()) {
                    if (s.getTimestamp() < 10) {
                        return ScriptedClient.status(400, "out of bounds");
                    }
                }
            }
            return ScriptedClient.status(204);
        });
        delivery(client).deliver(List.of(series("a", 5, 10, 11), series("b", 12)));

        assertThat(metricGroup.count(M + "reason.too_old.samples_dropped_total")).isEqualTo(1);
        assertThat(metricGroup.count(M + "samples_sent_total")).isEqualTo(3);
        assertThat(letters).containsExactly("too_old 400 out of bounds: a@5");
    }

    @Test
    void fallsBackFromRemoteWrite2WhenTheReceiverDoesNotReportWrittenSamples() {
        ScriptedClient client = new ScriptedClient(sent -> ScriptedClient.status(204));
        BatchDelivery d = delivery(client, RetryPolicy.defaults(), FailurePolicy.DROP, RemoteWriteProtocol.V2);
        d.deliver(List.of(series("a", 1)));
        d.deliver(List.of(series("a", 2)));

        assertThat(client.sent).extracting(ScriptedClient.Sent::protocol)
                .containsExactly(RemoteWriteProtocol.V2, RemoteWriteProtocol.V1, RemoteWriteProtocol.V1);
        assertThat(metricGroup.count(M + "protocol_fallbacks_total")).isEqualTo(1);
        assertThat(metricGroup.count(M + "samples_sent_total")).isEqualTo(2);
    }

    @Test
    void staysOnRemoteWrite2WhenTheReceiverSpeaksIt() {
        ScriptedClient client = new ScriptedClient(sent -> new RemoteWriteResponse(
                204, Map.of("x-prometheus-remote-write-samples-written", "1"), ""));
        BatchDelivery d = delivery(client, RetryPolicy.defaults(), FailurePolicy.DROP, RemoteWriteProtocol.V2);
        d.deliver(List.of(series("a", 1)));
        d.deliver(List.of(series("a", 2)));

        assertThat(client.sent).extracting(ScriptedClient.Sent::protocol)
                .containsExactly(RemoteWriteProtocol.V2, RemoteWriteProtocol.V2);
        assertThat(metricGroup.count(M + "protocol_fallbacks_total")).isZero();
    }
}
