package io.github.otelflink.job.series;

import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.TimestampedCollector;
import org.apache.flink.streaming.api.watermark.Watermark;

import java.util.stream.Stream;

/**
 * The keyed step's operator: {@link SeriesStateFunction} as a keyed process function, plus what a
 * function cannot do, switching the current key: as the watermark advances it sends the due
 * batches of each shard of this subtask, the way an event-time timer per shard and tick did,
 * without registering and firing those timers ({@link DueShards} says why).
 */
public final class SeriesStateOperator extends KeyedProcessOperator<Integer, SeriesBatch, TimeSeries> {
    private static final long serialVersionUID = 1L;

    private transient boolean restored;
    private transient TimestampedCollector<TimeSeries> dueOutput;

    public SeriesStateOperator(SeriesStateFunction function) {
        super(function);
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        restored = context.isRestored();
    }

    @Override
    public void open() throws Exception {
        super.open(); // opens the function, which registers the held batches' states
        dueOutput = new TimestampedCollector<>(output);
        if (restored) {
            // Every shard this subtask restored held batches for is looked at on the first
            // watermark. Read from the states' keys, not a shard count: whatever a checkpoint
            // holds gets out, on either backend.
            KeyedStateBackend<Integer> backend = getKeyedStateBackend();
            for (String state : HeldBatches.STATE_NAMES) {
                try (Stream<Integer> shards = backend.getKeys(state, VoidNamespace.INSTANCE)) {
                    shards.forEach(function()::dueAtNextWatermark);
                }
            }
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        // Before the watermark goes on, as timers' output did.
        long watermark = mark.getTimestamp();
        if (function().anyDue(watermark)) {
            dueOutput.setAbsoluteTimestamp(watermark);
            function().emitDue(watermark, getProcessingTimeService().getCurrentProcessingTime(), this::setCurrentKey, dueOutput);
        }
        super.processWatermark(mark);
    }

    private SeriesStateFunction function() {
        return (SeriesStateFunction) userFunction; // what the constructor took
    }
}
