package io.github.otelflink.job.series;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * The batches one shard holds until their reorder window closes, in keyed state, in one of two
 * layouts chosen by what the state backend returns (as {@link SeriesStore} chooses):
 *
 * <ul>
 *   <li>a {@link HeldQueue} per shard, a value state changed in place, for backends that hand out
 *       their live objects (the heap backend): holding a batch is an append, taking the due ones
 *       removes a prefix;
 *   <li>a map state grouped by the tick the batches are due at, for backends that serialize
 *       every value (RocksDB, ForSt), so that emission reads and writes only the ticks that are due
 *       instead of every held batch (measured at 4.7% of the job's CPU when it did).
 * </ul>
 *
 * <p>Each layout moves what the other left in a shard into its own the first time it sees the
 * shard in a run, and so does either with the {@code held-batches} list of older checkpoints
 * (a restored keyed step looks at every shard these states have an entry for on its first
 * watermark).
 */
final class HeldBatches {
    private static final String BY_TICK = "held-by-tick";
    private static final String QUEUE = "held-queue";
    private static final String LEGACY = "held-batches";
    /** The keyed states that may hold batches, in any layout: their keys are the shards holding some. */
    static final List<String> STATE_NAMES = List.of(QUEUE, BY_TICK, LEGACY);

    private final long windowMs;
    private final long tickMs;
    private final MapState<Long, List<SeriesBatch>> byTick;
    private final ValueState<HeldQueue> queues;
    private final ListState<SeriesBatch> legacy;
    /** Whether the backend hands out live objects; probed at first use, when a key is set. */
    @Nullable private Boolean live;
    /** The shards whose other layouts were looked at since this instance started. */
    private final BitSet checked = new BitSet();
    /** What {@link #takeDue} left: the tick the shard's earliest remaining batch is due at. */
    private long tickLeft = DueShards.NONE;

    HeldBatches(RuntimeContext context, long windowMs, long tickMs) {
        this(context, windowMs, tickMs, null);
    }

    /** @param live the layout to use (true: the queue), or null to probe the backend */
    HeldBatches(RuntimeContext context, long windowMs, long tickMs, @Nullable Boolean live) {
        this.live = live;
        this.windowMs = windowMs;
        this.tickMs = tickMs;
        byTick = context.getMapState(new MapStateDescriptor<>(
                BY_TICK, Types.LONG, new ListTypeInfo<>(SeriesBatchTypeInfo.INSTANCE)));
        queues = context.getState(new ValueStateDescriptor<>(QUEUE, HeldQueueSerializer.INSTANCE));
        legacy = context.getListState(new ListStateDescriptor<>(LEGACY, SeriesBatchTypeInfo.INSTANCE));
    }

    /** When {@code b}'s window closes: its arrival plus the reorder window. */
    long dueTime(SeriesBatch b) {
        return b.arrivalMs() > Long.MAX_VALUE - windowMs ? Long.MAX_VALUE : b.arrivalMs() + windowMs;
    }

    /** The tick at or after {@code t}: a busy shard goes out a few times per second, not once per request. */
    long tickOf(long t) {
        long r = Math.floorMod(t, tickMs);
        return r == 0 || t > Long.MAX_VALUE - tickMs ? t : t + tickMs - r;
    }

    /** Holds {@code b}, of the shard that is the current key, and returns the tick it falls due at. */
    long add(SeriesBatch b) throws Exception {
        prepare(b.shard());
        if (live) {
            HeldQueue q = queues.value();
            if (q == null) {
                q = new HeldQueue();
            }
            q.add(b);
            queues.update(q); // the same object again on the heap backend; what a changelog backend records
        } else {
            addByTick(b);
        }
        return tickOf(dueTime(b));
    }

    /**
     * Removes and returns the held batches of {@code shard} (the current key) whose window closed
     * by {@code watermark}, in no particular order ({@link SeriesReorder} sorts them); {@link
     * #tickLeft} then says when the rest falls due.
     */
    List<SeriesBatch> takeDue(int shard, long watermark) throws Exception {
        prepare(shard);
        List<SeriesBatch> ready = new ArrayList<>();
        tickLeft = DueShards.NONE;
        if (live) {
            HeldQueue q = queues.value();
            if (q != null) {
                q.takeDue(b -> dueTime(b) <= watermark, ready);
                if (q.size() == 0) {
                    queues.clear();
                } else {
                    tickLeft = tickOf(dueTime(q.get(0))); // in arrival order: the first falls due first
                    if (!ready.isEmpty()) {
                        queues.update(q);
                    }
                }
            }
        } else {
            takeDueByTick(watermark, ready);
        }
        return ready;
    }

    /**
     * The tick at which the earliest batch the last {@link #takeDue} left in its shard falls due,
     * or {@link DueShards#NONE} when it left none.
     */
    long tickLeft() {
        return tickLeft;
    }

    private void addByTick(SeriesBatch b) throws Exception {
        long tick = tickOf(dueTime(b));
        List<SeriesBatch> atTick = byTick.get(tick);
        if (atTick == null) {
            atTick = new ArrayList<>(2);
        }
        atTick.add(b);
        byTick.put(tick, atTick);
    }

    /** Every batch of the ticks up to {@code watermark}, and those of the tick just after it that are already due. */
    private void takeDueByTick(long watermark, List<SeriesBatch> ready) throws Exception {
        List<Long> done = null;
        long partial = tickOf(watermark);
        for (Long tick : byTick.keys()) {
            if (tick <= watermark) {
                if (done == null) {
                    done = new ArrayList<>();
                }
                done.add(tick);
            } else if (tick != partial) {
                tickLeft = Math.min(tickLeft, tick);
            }
        }
        if (done != null) {
            for (Long tick : done) {
                ready.addAll(byTick.get(tick));
                byTick.remove(tick);
            }
        }
        if (partial > watermark) {
            // The tick holding the watermark may hold batches due before it: they go now.
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
                if (!waiting.isEmpty()) {
                    tickLeft = partial;
                }
            }
        }
    }

    /** Probes the backend once, and moves a shard's batches from the other layouts on its first sight in this run. */
    private void prepare(int shard) throws Exception {
        if (live == null) {
            live = LiveStateProbe.handsOutLiveObjects(queues, HeldQueue::new);
        }
        if (checked.get(shard)) {
            return;
        }
        checked.set(shard);
        List<SeriesBatch> moved = new ArrayList<>();
        Iterable<SeriesBatch> old = legacy.get();
        if (old != null) {
            old.forEach(moved::add);
            legacy.clear();
        }
        if (live) {
            for (Map.Entry<Long, List<SeriesBatch>> e : byTick.entries()) {
                moved.addAll(e.getValue());
            }
            byTick.clear();
        } else {
            HeldQueue q = queues.value();
            if (q != null) {
                moved.addAll(q.toList());
                queues.clear();
            }
        }
        if (moved.isEmpty()) {
            return;
        }
        if (live) {
            HeldQueue q = queues.value();
            if (q == null) {
                q = new HeldQueue(moved.size());
            }
            for (SeriesBatch b : moved) {
                q.add(b);
            }
            queues.update(q);
        } else {
            for (SeriesBatch b : moved) {
                addByTick(b);
            }
        }
    }
}
