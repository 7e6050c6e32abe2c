package io.github.otelflink.job.series;

import java.util.HashMap;
import java.util.Map;

/**
 * The heap backend's live {@link SeriesState} objects of each shard, by series fingerprint, in
 * open-addressing tables of primitive keys. Looking a series up in Flink's map state walks table
 * slot, node, boxed key and value, each a cache miss at 100k series: that lookup was 10-16% of
 * the job's CPU in end-to-end JFR profiles. Here it is the key array and the value.
 *
 * <p>Only valid while the objects are the ones the state map holds: the owner clears it when a
 * checkpoint starts (the heap backend then copies a shard's map on its next access, and a cached
 * object would belong to the snapshot being written), when series expire, and it starts empty
 * after a restore. Not thread-safe, like the operator that owns it.
 */
final class LiveSeriesStates {
    private final Map<Integer, Table> shards = new HashMap<>();

    /** The table of {@code shard}, created empty on first use. */
    Table shard(int shard) {
        return shards.computeIfAbsent(shard, s -> new Table());
    }

    /** Forgets every shard's objects. */
    void clear() {
        shards.clear();
    }

    /** Forgets one shard's objects. */
    void clear(int shard) {
        shards.remove(shard);
    }

    /** Fingerprint to state; linear probing, at most half full. */
    static final class Table {
        private long[] keys = new long[64];
        private SeriesState[] values = new SeriesState[64];
        private int size;

        /** The state of {@code fingerprint}, or null. */
        SeriesState get(long fingerprint) {
            int mask = keys.length - 1;
            for (int i = slot(fingerprint, mask); ; i = (i + 1) & mask) {
                SeriesState v = values[i];
                if (v == null || keys[i] == fingerprint) {
                    return v;
                }
            }
        }

        /** Sets the state of {@code fingerprint}. */
        void put(long fingerprint, SeriesState state) {
            if (2 * (size + 1) > keys.length) {
                grow();
            }
            insert(keys, values, fingerprint, state);
        }

        int size() {
            return size;
        }

        private boolean insert(long[] k, SeriesState[] v, long fingerprint, SeriesState state) {
            int mask = k.length - 1;
            for (int i = slot(fingerprint, mask); ; i = (i + 1) & mask) {
                if (v[i] == null) {
                    k[i] = fingerprint;
                    v[i] = state;
                    size++;
                    return true;
                }
                if (k[i] == fingerprint) {
                    v[i] = state;
                    return false;
                }
            }
        }

        private void grow() {
            long[] oldKeys = keys;
            SeriesState[] oldValues = values;
            keys = new long[oldKeys.length * 2];
            values = new SeriesState[oldValues.length * 2];
            size = 0;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldValues[i] != null) {
                    insert(keys, values, oldKeys[i], oldValues[i]);
                }
            }
        }

        /**
         * Fibonacci hashing of the whole fingerprint: the series of one shard share its remainder
         * modulo the shard count, so the low bits alone would cluster.
         */
        private static int slot(long fingerprint, int mask) {
            return (int) ((fingerprint * 0x9E3779B97F4A7C15L) >>> 32) & mask;
        }
    }
}
