package io.github.otelflink.testing;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Fails the job once, mid-stream, at the worst moment for delivery: a checkpoint has completed,
 * {@code recordsAfterCheckpoint} more records have passed, and the receiver has stored them
 * (checked through {@code storedSamples}). The restore then replays samples the receiver already
 * has, mixed with fresh ones. Runs with parallelism 1; the static flag makes it fail only once
 * per JVM test run (reset {@link #FAILED} before each test).
 */
public final class FailOnceAfterCheckpoint<T> implements MapFunction<T, T>, CheckpointedFunction, CheckpointListener {
    private static final long serialVersionUID = 1L;

    public static final AtomicBoolean FAILED = new AtomicBoolean();
    /** Reads the receiver's stored sample count; set by the test (same JVM as the MiniCluster). */
    public static volatile LongSupplier storedSamples;

    private final long recordsAfterCheckpoint;
    private transient long count;
    private transient Map<Long, Long> countAtSnapshot;
    private transient long countAtCompletedCheckpoint = -1;

    public FailOnceAfterCheckpoint(long recordsAfterCheckpoint) {
        this.recordsAfterCheckpoint = recordsAfterCheckpoint;
    }

    @Override
    public T map(T value) throws Exception {
        count++;
        if (!FAILED.get() && countAtCompletedCheckpoint >= 0 && count - countAtCompletedCheckpoint >= recordsAfterCheckpoint) {
            long target = count - 1;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            // Each check is an HTTP query to the receiver, which paces the poll.
            while (storedSamples.getAsLong() < target && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            FAILED.set(true);
            throw new IllegalStateException("injected failure after record " + count
                    + " (checkpointed at " + countAtCompletedCheckpoint + ", receiver has " + storedSamples.getAsLong() + ")");
        }
        return value;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        countAtSnapshot.put(context.getCheckpointId(), count);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
        countAtSnapshot = new ConcurrentHashMap<>();
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        Long c = countAtSnapshot.get(checkpointId);
        if (c != null) {
            countAtCompletedCheckpoint = c;
        }
    }
}
