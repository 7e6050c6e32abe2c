package io.github.otelflink.job.series;

import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

import java.util.Arrays;

/**
 * Which key (shard) of the keyed step each series goes to: series are spread over {@link #count}
 * shards by fingerprint, and shard {@code i} is keyed by {@code keys()[i]}.
 *
 * <p>The {@link #spread} layout picks each shard's key so that the shards fall into evenly spaced
 * key groups, hence evenly onto the keyed step's subtasks at any parallelism that divides the
 * shard count. Plain keys {@code 0..n-1} land where Flink's key-group hash puts them: 128 of them
 * split 64/64 over two subtasks but 11 to 26 over eight, 16 of them 7/9 over two. Fewer shards are
 * cheaper, since every shard costs a batch per request on both sides of the shuffle: 16 instead
 * of 128 took 0.1 CPU-s per million samples off the keyed step at 100k samples/s (bench README,
 * sixteenth round).
 *
 * <p>The {@link #legacy} layout, keys {@code 0..127}, is what checkpoints written before layouts
 * were recorded hold their series under; such a job keeps it.
 */
public final class ShardLayout {
    private final int[] keys;

    private ShardLayout(int[] keys) {
        if (keys.length == 0) {
            throw new IllegalArgumentException("a shard layout needs at least one shard");
        }
        this.keys = keys;
    }

    /** Keys {@code 0..127}, each series at {@code fingerprint mod 128}: the layout before layouts were recorded. */
    public static ShardLayout legacy() {
        int[] keys = new int[SeriesSharding.LEGACY_SHARDS];
        Arrays.setAll(keys, i -> i);
        return new ShardLayout(keys);
    }

    /** A layout recorded earlier, by its keys in shard order; each key once. */
    public static ShardLayout ofKeys(int[] keys) {
        if (Arrays.stream(keys).distinct().count() != keys.length) {
            throw new IllegalArgumentException("a recorded shard layout repeats a key: " + Arrays.toString(keys));
        }
        return new ShardLayout(keys.clone());
    }

    /**
     * {@code shards} shards (at most {@code maxParallelism}) whose keys fall into evenly spaced key
     * groups: shard {@code i} in key group {@code i * maxParallelism / shards}, keyed by the
     * smallest non-negative integer Flink puts there.
     */
    public static ShardLayout spread(int shards, int maxParallelism) {
        int n = Math.max(1, Math.min(shards, maxParallelism));
        int[] keys = new int[n];
        Arrays.fill(keys, -1);
        int[] shardOfGroup = new int[maxParallelism];
        Arrays.fill(shardOfGroup, -1);
        for (int i = 0; i < n; i++) {
            shardOfGroup[(int) ((long) i * maxParallelism / n)] = i;
        }
        int found = 0;
        for (int k = 0; found < n; k++) {
            int shard = shardOfGroup[KeyGroupRangeAssignment.assignToKeyGroup(k, maxParallelism)];
            if (shard >= 0 && keys[shard] < 0) {
                keys[shard] = k;
                found++;
            }
        }
        return new ShardLayout(keys);
    }

    /**
     * The shard count for a job started afresh at {@code parallelism}: eight per subtask (a power
     * of two, at least 16), so that it can later be rescaled up eightfold with every subtask busy.
     * {@link #spread} caps it at the max parallelism.
     */
    public static int freshShardCount(int parallelism) {
        return Math.max(16, Integer.highestOneBit(Math.max(1, parallelism) * 8 - 1) << 1);
    }

    /** The key of the shard {@code fingerprint}'s series belongs to. */
    public int keyOf(long fingerprint) {
        return keys[indexOf(fingerprint)];
    }

    /** The key of shard {@code index}. */
    public int keyAt(int index) {
        return keys[index];
    }

    /** The index (0 to {@link #count} - 1) of the shard {@code fingerprint}'s series belongs to. */
    public int indexOf(long fingerprint) {
        return SeriesSharding.shardOf(fingerprint, keys.length);
    }

    public int count() {
        return keys.length;
    }

    /** The keys, in shard order: what a checkpoint records. */
    public int[] keys() {
        return keys.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShardLayout l && Arrays.equals(l.keys, keys);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(keys);
    }

    @Override
    public String toString() {
        return "ShardLayout" + Arrays.toString(keys);
    }
}
