package io.github.otelflink.job.series;

import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.TimestampedCollector;
import org.apache.flink.streaming.api.watermark.Watermark;

/**
 * The keyed step's operator: {@link SeriesStateFunction} as a keyed process function, plus what a
 * function cannot do, switching the current key: as the watermark advances it sends the due
 * batches of each shard of this subtask, the way an event-time timer per shard and tick did,
 * without registering and firing those timers ({@link DueShards} says why).
 */
public final class SeriesStateOperator extends KeyedProcessOperator<Integer, SeriesBatch, TimeSeries> {
    private static final long serialVersionUID = 1L;

    private final int shards;
    private transient boolean restored;
    private transient TimestampedCollector<TimeSeries> dueOutput;

    /** @param shards how many shards the series are keyed by ({@link SeriesSharding}) */
    public SeriesStateOperator(SeriesStateFunction function, int shards) {
        super(function);
        this.shards = shards;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        restored = context.isRestored();
    }

    @Override
    public void open() throws Exception {
        super.open();
        dueOutput = new TimestampedCollector<>(output);
        if (restored) {
            // Whatever this subtask's shards held at the checkpoint is looked at on the first watermark.
            TaskInfo task = getRuntimeContext().getTaskInfo();
            KeyGroupRange local = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                    task.getMaxNumberOfParallelSubtasks(), task.getNumberOfParallelSubtasks(), task.getIndexOfThisSubtask());
            for (int shard = 0; shard < shards; shard++) {
                if (local.contains(KeyGroupRangeAssignment.assignToKeyGroup(shard, task.getMaxNumberOfParallelSubtasks()))) {
                    function().restored(shard);
                }
            }
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        // Before the watermark goes on, as timers' output did.
        dueOutput.setAbsoluteTimestamp(mark.getTimestamp());
        function().emitDue(mark.getTimestamp(), getProcessingTimeService().getCurrentProcessingTime(), this::setCurrentKey, dueOutput);
        super.processWatermark(mark);
    }

    private SeriesStateFunction function() {
        return (SeriesStateFunction) userFunction; // what the constructor took
    }
}
