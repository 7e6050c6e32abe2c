package io.github.otelflink.job.series;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The batches one shard holds until their reorder window closes, in keyed state grouped by the
 * timer tick they are due at, so that a timer touches only the ticks that are due instead of
 * reading and rewriting every held batch (measured at 4.7% of the job's CPU when it did).
 *
 * <p>Checkpoints from before this layout hold the batches in the {@code held-batches} list; they are
 * moved into the new layout the first time their shard takes due batches (their timers were
 * restored with them, so that happens by their due time at the latest). Each shard's old list is
 * looked at once after a start, not on every timer.
 */
final class HeldBatches {
    private final long windowMs;
    private final long tickMs;
    private final MapState<Long, List<SeriesBatch>> byTick;
    private final ListState<SeriesBatch> legacy;
    /** The shards whose old list was looked at since this instance started. */
    private final BitSet legacyChecked = new BitSet();

    HeldBatches(RuntimeContext context, long windowMs, long tickMs) {
        this.windowMs = windowMs;
        this.tickMs = tickMs;
        byTick = context.getMapState(new MapStateDescriptor<>(
                "held-by-tick", Types.LONG, new ListTypeInfo<>(SeriesBatchTypeInfo.INSTANCE)));
        legacy = context.getListState(new ListStateDescriptor<>("held-batches", SeriesBatchTypeInfo.INSTANCE));
    }

    /** When {@code b}'s window closes: its arrival plus the reorder window. */
    long dueTime(SeriesBatch b) {
        return b.arrivalMs() > Long.MAX_VALUE - windowMs ? Long.MAX_VALUE : b.arrivalMs() + windowMs;
    }

    /** The timer tick at or after {@code t}: a busy shard has a few timers per second, not one per request. */
    long tickOf(long t) {
        long r = Math.floorMod(t, tickMs);
        return r == 0 || t > Long.MAX_VALUE - tickMs ? t : t + tickMs - r;
    }

    /** Holds {@code b} and returns the tick its timer must fire at. */
    long add(SeriesBatch b) throws Exception {
        long tick = tickOf(dueTime(b));
        List<SeriesBatch> atTick = byTick.get(tick);
        if (atTick == null) {
            atTick = new ArrayList<>(2);
        }
        atTick.add(b);
        byTick.put(tick, atTick); // the same list again on the heap backend; the write on RocksDB/ForSt
        return tick;
    }

    /**
     * Removes and returns the held batches of {@code shard} (the current key) whose window closed
     * by {@code watermark}: every batch of the ticks up to it, and those of the tick just after it
     * that are already due.
     */
    List<SeriesBatch> takeDue(int shard, long watermark) throws Exception {
        if (!legacyChecked.get(shard)) {
            migrateLegacy();
            legacyChecked.set(shard);
        }
        List<SeriesBatch> ready = new ArrayList<>();
        List<Long> done = null;
        long partial = tickOf(watermark);
        for (Long tick : byTick.keys()) {
            if (tick <= watermark) {
                if (done == null) {
                    done = new ArrayList<>();
                }
                done.add(tick);
            }
        }
        if (done != null) {
            // In no particular order: SeriesReorder sorts by arrival, and equal arrivals share a tick.
            for (Long tick : done) {
                ready.addAll(byTick.get(tick));
                byTick.remove(tick);
            }
        }
        if (partial > watermark) {
            // The tick holding the watermark may hold batches due before it: they go now, as they
            // did when every held batch was checked against the watermark.
            List<SeriesBatch> atTick = byTick.get(partial);
            if (atTick != null) {
                List<SeriesBatch> waiting = new ArrayList<>(atTick.size());
                int before = ready.size();
                for (SeriesBatch b : atTick) {
                    (dueTime(b) <= watermark ? ready : waiting).add(b);
                }
                if (ready.size() > before) {
                    if (waiting.isEmpty()) {
                        byTick.remove(partial);
                    } else {
                        byTick.put(partial, waiting);
                    }
                }
            }
        }
        return ready;
    }

    /** Moves a restored shard's batches from the list of older checkpoints into the ticks. */
    private void migrateLegacy() throws Exception {
        Iterable<SeriesBatch> old = legacy.get();
        if (old == null) {
            return;
        }
        boolean any = false;
        for (SeriesBatch b : old) {
            add(b);
            any = true;
        }
        if (any) {
            legacy.clear();
        }
    }
}
