package io.github.otelflink.job.series;

import java.util.Arrays;

/**
 * The tick at which each shard's earliest held batch falls due, kept beside the held batches so
 * that the keyed step finds the due shards when the watermark passes, instead of registering an
 * event-time timer per shard and tick. Those timers cost a keyed priority-queue entry (a hash set
 * lookup and a sift) to register and again to fire, about 6,400 of each per second at 100k
 * samples/s with 128 shards: 12% of the keyed step's samples in JFR (bench's end-to-end run).
 *
 * <p>Not state: what the batches are due at is read from the held batches themselves, and a
 * restored subtask marks each shard its held-batch states have an entry for due at the first
 * watermark ({@link #dueNow}).
 * Not thread-safe (the task thread).
 */
final class DueShards {
    /** No held batch. */
    static final long NONE = Long.MAX_VALUE;

    /** Per shard: the tick its earliest held batch is due at, or {@link #NONE}. */
    private long[] ticks = new long[0];
    /** The smallest of {@link #ticks}: a watermark below it has nothing to do. */
    private long earliest = NONE;

    /** A batch of {@code shard} falls due at {@code tick}. */
    void hold(int shard, long tick) {
        grow(shard);
        ticks[shard] = Math.min(ticks[shard], tick);
        earliest = Math.min(earliest, tick);
    }

    /** Sets when {@code shard}'s earliest held batch is due: {@link #NONE} when it holds none. */
    void set(int shard, long tick) {
        grow(shard);
        ticks[shard] = tick;
        earliest = Math.min(earliest, tick);
    }

    /** Marks {@code shard} due at any watermark, for shards that may hold batches nobody has looked at. */
    void dueNow(int shard) {
        set(shard, Long.MIN_VALUE);
    }

    /** Whether any shard is due by {@code watermark}. */
    boolean anyDue(long watermark) {
        return watermark >= earliest;
    }

    /**
     * Calls {@code action} for each shard due by {@code watermark}, in shard order. The action
     * takes the shard's due batches and {@link #set}s what it holds after them.
     */
    void forEachDue(long watermark, ShardAction action) throws Exception {
        if (!anyDue(watermark)) {
            return;
        }
        for (int shard = 0; shard < ticks.length; shard++) {
            if (ticks[shard] <= watermark) {
                ticks[shard] = NONE;
                action.run(shard);
            }
        }
        long min = NONE;
        for (long t : ticks) {
            min = Math.min(min, t);
        }
        earliest = min;
    }

    /** What {@link #forEachDue} does with a due shard. */
    interface ShardAction {
        void run(int shard) throws Exception;
    }

    private void grow(int shard) {
        if (shard >= ticks.length) {
            int from = ticks.length;
            ticks = Arrays.copyOf(ticks, Math.max(shard + 1, from * 2));
            Arrays.fill(ticks, from, ticks.length, NONE);
        }
    }
}
