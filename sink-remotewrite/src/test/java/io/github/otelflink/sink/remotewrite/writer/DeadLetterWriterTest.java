package io.github.otelflink.sink.remotewrite.writer;

import io.github.otelflink.sink.remotewrite.PrometheusRemoteWriteSink;
import io.github.otelflink.sink.remotewrite.RemoteWriteSinkConfig;
import io.github.otelflink.sink.remotewrite.TenantRouting;
import io.github.otelflink.sink.remotewrite.deadletter.DeadLetter;
import io.github.otelflink.sink.remotewrite.deadletter.DeadLetterOutput;
import io.github.otelflink.sink.remotewrite.deadletter.DeadLetterTarget;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import io.github.otelflink.sink.remotewrite.proto.Types;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The writer's dead letters: a real writer on a real mailbox, its validator's and its delivery's
 * drops in one output opened for its subtask, and flushed when the writer flushes (before a
 * checkpoint), after the batch in flight was resolved.
 */
class DeadLetterWriterTest {
    /** Records what the writer does to its output, in order. */
    static final class RecordingTarget implements DeadLetterTarget {
        private static final long serialVersionUID = 1L;
        final List<String> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public DeadLetterOutput open(int subtaskIndex, int attemptNumber) {
            events.add("open subtask " + subtaskIndex);
            return new DeadLetterOutput() {
                @Override
                public void write(DeadLetter letter) {
                    events.add(letter.reason().label() + " " + letter.status() + " " + letter.points().labels().value(0)
                            + "@" + letter.points().timestamp(0));
                }

                @Override
                public void flush() {
                    events.add("flush");
                }

                @Override
                public void close() {
                    events.add("close");
                }
            };
        }
    }

    @Test
    void writesTheValidatorsAndTheReceiversRefusalsAndFlushesThemWithTheWriter() throws Exception {
        RecordingTarget target = new RecordingTarget();
        RemoteWriteSinkConfig config = PrometheusRemoteWriteSink.builder()
                .endpoint("http://unused.invalid/api/v1/write")
                .flushInterval(Duration.ofMillis(20))
                .deadLetters(target)
                .build()
                .config();
        ScriptedClient client = new ScriptedClient(sent -> {
            for (Types.TimeSeries ts : sent.request().getTimeseriesList()) {
                if (ts.getSamples(0).getTimestamp() < 10) {
                    return ScriptedClient.status(400, "out of bounds");
                }
            }
            return ScriptedClient.status(204);
        });
        List<TimeSeries> input = List.of(
                TimeSeries.ofSample(Labels.of("__name__", "bad-name"), 50, 1),
                TimeSeries.ofSample(Labels.of("__name__", "old"), 5, 1),
                TimeSeries.ofSample(Labels.of("__name__", "fresh"), 60, 1));

        try (WriterHarness harness = new WriterHarness(config, client, input).start()) {
            harness.done.get(30, TimeUnit.SECONDS);
        }

        // The harness ends with flush(true), as at end of input; a checkpoint's flush(false) takes
        // the same path after the requests in flight complete.
        assertThat(target.events).containsExactly(
                "open subtask " + WriterHarness.SUBTASK_INDEX,
                "invalid_metric_name 0 bad-name@50",
                "too_old 400 old@5",
                "flush");
    }

    @Test
    void writesTheTenantsItCannotSendForWithTheirTenant() throws Exception {
        RecordingTarget target = new RecordingTarget();
        String label = TenantRouting.DEFAULT_LABEL;
        RemoteWriteSinkConfig config = PrometheusRemoteWriteSink.builder()
                .endpoint("http://unused.invalid/api/v1/write")
                .flushInterval(Duration.ofMillis(20))
                .tenantRouting(new TenantRouting(label, "X-Scope-OrgID", "anonymous", 2))
                .deadLetters(target)
                .build()
                .config();
        ScriptedClient client = new ScriptedClient(sent -> ScriptedClient.status(204));
        List<TimeSeries> input = List.of(
                TimeSeries.ofSample(Labels.of("__name__", "a", label, "team-a"), 50, 1),
                TimeSeries.ofSample(Labels.of("__name__", "b", label, "team-b"), 60, 1),
                TimeSeries.ofSample(Labels.of("__name__", "c", label, "has space"), 70, 1));

        try (WriterHarness harness = new WriterHarness(config, client, input).start()) {
            harness.done.get(30, TimeUnit.SECONDS);
        }

        // The default tenant and team-a fill max_tenants: team-b is over the limit.
        assertThat(target.events).containsExactly(
                "open subtask " + WriterHarness.SUBTASK_INDEX,
                "tenant_limit 0 b@60",
                "invalid_tenant 0 c@70",
                "flush");
    }
}
