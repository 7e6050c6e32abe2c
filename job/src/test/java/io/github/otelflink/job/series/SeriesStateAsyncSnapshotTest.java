package io.github.otelflink.job.series;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.CheckpointOptions;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.CheckpointStorageLocationReference;
import org.apache.flink.runtime.state.CheckpointStreamFactory;
import org.apache.flink.runtime.state.storage.JobManagerCheckpointStorage;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OperatorSnapshotFinalizer;
import org.apache.flink.streaming.api.operators.OperatorSnapshotFutures;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * On the heap backend series state is the live object of the state map, changed in place: a
 * checkpoint whose asynchronous part is still being written keeps the values of its synchronous
 * part (Flink copies an entry on access while a snapshot is running), so it restores those.
 */
class SeriesStateAsyncSnapshotTest {
    private static final long WINDOW = 200;
    private static final Labels DELTA = Labels.of("__name__", "requests_total", "method", "GET");

    private final List<KeyedOneInputStreamOperatorTestHarness<Integer, SeriesBatch, TimeSeries>> harnesses = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (var h : harnesses) {
            h.close();
        }
    }

    private KeyedOneInputStreamOperatorTestHarness<Integer, SeriesBatch, TimeSeries> opened() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new SeriesStateFunction(
                        new SeriesOrdering(Duration.ofMillis(WINDOW), Duration.ZERO, Duration.ofHours(1)))),
                new SeriesSharding.ByShard(), Types.INT);
        harnesses.add(h);
        h.open();
        return h;
    }

    @Test
    void aChangeInPlaceDuringAnAsynchronousSnapshotStaysOutOfIt() throws Exception {
        var h = opened();
        send(h, batch(100, 1000, 1));
        h.processWatermark(1000); // total 1

        CheckpointStreamFactory storage = new JobManagerCheckpointStorage().createCheckpointStorage(new JobID())
                .resolveCheckpointStorageLocation(1, CheckpointStorageLocationReference.getDefault());
        OperatorSnapshotFutures running = h.getOperator().snapshotState(
                1, 1000, CheckpointOptions.forCheckpointWithDefaultLocation(), storage);
        send(h, batch(1100, 2000, 2));
        h.processWatermark(2000); // total 3, changed in place while the snapshot is unwritten
        OperatorSubtaskState snapshot = OperatorSnapshotFinalizer.create(running).getJobManagerOwnedState();
        assertThat(samples(h)).containsExactly("1000=1.0", "2000=3.0");

        var restored = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new SeriesStateFunction(
                        new SeriesOrdering(Duration.ofMillis(WINDOW), Duration.ZERO, Duration.ofHours(1)))),
                new SeriesSharding.ByShard(), Types.INT);
        harnesses.add(restored);
        restored.initializeState(snapshot);
        restored.open();
        send(restored, batch(1100, 2000, 2));
        restored.processWatermark(2000);
        assertThat(samples(restored)).as("the total as of the snapshot, 1, not 3").containsExactly("2000=3.0");
    }

    private static SeriesBatch batch(long arrival, long t, double v) {
        SeriesBatch b = new SeriesBatch(SeriesSharding.shardOf(DELTA.fingerprint(), SeriesSharding.DEFAULT_SHARDS), arrival);
        b.add(TimeSeries.ofSample(DELTA, t, v), true);
        return b;
    }

    private static void send(KeyedOneInputStreamOperatorTestHarness<Integer, SeriesBatch, TimeSeries> h, SeriesBatch b)
            throws Exception {
        h.processElement(b, b.arrivalMs());
    }

    private static List<String> samples(KeyedOneInputStreamOperatorTestHarness<Integer, SeriesBatch, TimeSeries> h) {
        List<String> out = new ArrayList<>();
        for (TimeSeries ts : h.extractOutputValues()) {
            for (int i = 0; i < ts.sampleCount(); i++) {
                out.add(ts.timestamp(i) + "=" + ts.value(i));
            }
        }
        return out;
    }
}
