package io.github.otelflink.job.series;

import static io.github.otelflink.job.series.SeriesStateCheckpointWriter.batch;
import static io.github.otelflink.job.series.SeriesStateTesting.samples;
import static io.github.otelflink.job.series.SeriesStateTesting.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.testing.CloseAfterEach;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.checkpoint.CheckpointOptions;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.CheckpointStorageLocationReference;
import org.apache.flink.runtime.state.CheckpointStreamFactory;
import org.apache.flink.runtime.state.storage.JobManagerCheckpointStorage;
import org.apache.flink.streaming.api.operators.OperatorSnapshotFinalizer;
import org.apache.flink.streaming.api.operators.OperatorSnapshotFutures;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * On the heap backend series state is the live object of the state map, changed in place: a
 * checkpoint whose asynchronous part is still being written keeps the values of its synchronous
 * part (Flink copies an entry on access while a snapshot is running), so it restores those.
 */
class SeriesStateAsyncSnapshotTest {
    private static final long WINDOW = 200;

    @RegisterExtension
    final CloseAfterEach harnesses = new CloseAfterEach();

    private KeyedOneInputStreamOperatorTestHarness<Integer, SeriesBatch, TimeSeries> opened() throws Exception {
        var h = harness("hashmap");
        h.open();
        return h;
    }

    /** A harness of the keyed step on {@code backend} ("hashmap" or "rocksdb"), not opened yet. */
    private KeyedOneInputStreamOperatorTestHarness<Integer, SeriesBatch, TimeSeries> harness(String backend)
            throws Exception {
        var h = SeriesStateTesting.harness(backend, WINDOW);
        harnesses.add(h);
        return h;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void totalsAddUpAcrossCheckpointsOnEveryBackend(String backend) throws Exception {
        // Each snapshot has the total as of its own time, and the running totals go on across snapshots.
        var h = harness(backend);
        h.open();
        List<OperatorSubtaskState> snapshots = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            send(h, batch(i * 1000L + 100, i * 1000L + 1000, i));
            h.processWatermark(i * 1000L + 1000);
            snapshots.add(h.snapshot(i, i * 1000L + 1000));
        }
        assertThat(samples(h)).containsExactly("2000=1.0", "3000=3.0", "4000=6.0");

        var restored = harness(backend);
        restored.initializeState(snapshots.get(1));
        restored.open();
        send(restored, batch(5100, 6000, 10));
        restored.processWatermark(6000);
        assertThat(samples(restored)).as("the total of the second snapshot, 3, plus 10").containsExactly("6000=13.0");
    }

    @Test
    void aChangeInPlaceDuringAnAsynchronousSnapshotStaysOutOfIt() throws Exception {
        var h = opened();
        send(h, batch(100, 1000, 1));
        h.processWatermark(1000); // total 1
        send(h, batch(1100, 2000, 2));
        h.processWatermark(2000); // total 3

        OperatorSnapshotFutures running = startSnapshot(h, 2000);
        send(h, batch(2100, 3000, 3));
        h.processWatermark(3000); // total 6, changed in place while the snapshot is unwritten
        OperatorSubtaskState snapshot = OperatorSnapshotFinalizer.create(running).getJobManagerOwnedState();
        assertThat(samples(h)).containsExactly("1000=1.0", "2000=3.0", "3000=6.0");

        var restored = harness("hashmap");
        restored.initializeState(snapshot);
        restored.open();
        send(restored, batch(2100, 3000, 3));
        restored.processWatermark(3000);
        assertThat(samples(restored)).as("the total as of the snapshot, 3, not 6").containsExactly("3000=6.0");
    }

    @Test
    void heldBatchesChangedDuringAnAsynchronousSnapshotStayAsItSawThem() throws Exception {
        var h = opened();
        send(h, batch(100, 1000, 1)); // held until its window closes
        OperatorSnapshotFutures running = startSnapshot(h, 100);
        send(h, batch(150, 1500, 2)); // held in place beside it
        h.processWatermark(10_000); // both taken out in place
        OperatorSubtaskState snapshot = OperatorSnapshotFinalizer.create(running).getJobManagerOwnedState();
        assertThat(samples(h)).containsExactly("1000=1.0", "1500=3.0");

        var restored = harness("hashmap");
        restored.initializeState(snapshot);
        restored.open();
        restored.processWatermark(10_000);
        assertThat(samples(restored)).as("the one batch held when the snapshot started").containsExactly("1000=1.0");
    }

    /** Starts a checkpoint whose asynchronous part is left unwritten until it is finalized. */
    private static OperatorSnapshotFutures startSnapshot(
            KeyedOneInputStreamOperatorTestHarness<Integer, SeriesBatch, TimeSeries> h, long timestamp) throws Exception {
        CheckpointStreamFactory storage = new JobManagerCheckpointStorage().createCheckpointStorage(new JobID())
                .resolveCheckpointStorageLocation(1, CheckpointStorageLocationReference.getDefault());
        return h.getOperator().snapshotState(1, timestamp, CheckpointOptions.forCheckpointWithDefaultLocation(), storage);
    }
}
