package io.github.otelflink.job.series;

import java.util.Arrays;
import javax.annotation.Nullable;

/**
 * The {@link SeriesState}s of one shard in a flat open-addressing table: fingerprints in one
 * {@code long[]}, probed linearly, and each series' fields in a 40-byte stretch of a second one.
 * A lookup reads the key array, eight keys to a cache line, so a probe sequence mostly stays in
 * one line, then one stretch of values: about two cache misses. A {@code HashMap<Long,
 * SeriesState>} (the state map of Flink's heap backend) costs three or four (table slot, node,
 * boxed key, value), and those misses were a fifth of the job's CPU at 100k series (bench README,
 * eighth round); keys and values interleaved in 64-byte slots cost a new line per probe (ninth
 * round). The rare histogram totals live in a parallel array made at first use, and {@link
 * SeriesState#namesChecked} and {@code namesValid} in two bits per slot that are not state: they
 * are neither serialized nor restored, so a restored series has its names checked once more.
 *
 * <p>Key 0 marks an empty slot; the series whose fingerprint is 0 has the extra slot after the
 * last one. Not thread-safe. The heap state backend keeps one per shard as a value state and
 * copies it ({@link SeriesTableSerializer#copy}) before the first change after a checkpoint
 * started.
 */
final class SeriesTable {
    private static final int STRIDE = 5;
    private static final int LAST_SAMPLE = 0;
    private static final int LAST_HISTOGRAM = 1;
    private static final int TOTAL = 2;
    private static final int UPDATED = 3;
    private static final int START = 4;
    private static final int MIN_CAPACITY = 16;

    /** The fingerprint in each slot, 0 when empty; {@code mask + 1} slots. */
    private long[] keys;
    /** {@code STRIDE} values per slot, for {@code mask + 2} slots (the last is fingerprint 0's). */
    private long[] values;
    @Nullable private NativeHistogramTotal[] histogramTotals;
    /**
     * {@link SeriesState#namesChecked} and {@code namesValid} of each slot, bits 2 × slot and
     * 2 × slot + 1 (fingerprint 0's slot included).
     */
    private long[] nameChecks;
    private boolean hasZero;
    private int size;
    /** What {@link #touch} read; never used otherwise (not state: not serialized or copied). */
    private long touched;
    private int mask;

    SeriesTable() {
        this(0);
    }

    /** A table with room for {@code expected} series before it grows. */
    SeriesTable(int expected) {
        int capacity = MIN_CAPACITY;
        while (capacity * 3 / 4 < expected) {
            capacity <<= 1;
        }
        allocate(capacity);
    }

    int size() {
        return size;
    }

    /** The slot of {@code fingerprint}, or -1. */
    int find(long fingerprint) {
        if (fingerprint == 0) {
            return hasZero ? zeroSlot() : -1;
        }
        long[] k = keys;
        int i = slotOf(fingerprint);
        long key;
        while ((key = k[i]) != 0) {
            if (key == fingerprint) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    /**
     * Reads the key and the first value of {@code fingerprint}'s slot and keeps their sum, so the
     * compiler cannot drop the reads: {@link #find} and {@link #load} then hit the cache.
     */
    void touch(long fingerprint) {
        int slot = find(fingerprint);
        if (slot >= 0) {
            touched += values[slot * STRIDE];
        }
    }

    /** Copies the state in {@code slot} into {@code into}. */
    void load(int slot, SeriesState into) {
        int p = slot * STRIDE;
        into.lastSampleMs = values[p + LAST_SAMPLE];
        into.lastHistogramMs = values[p + LAST_HISTOGRAM];
        into.total = Double.longBitsToDouble(values[p + TOTAL]);
        into.updatedMs = values[p + UPDATED];
        into.startMs = values[p + START];
        into.histogramTotal = histogramTotals == null ? null : histogramTotals[slot];
        long bits = nameChecks[slot >>> 5] >>> (2 * slot);
        into.namesChecked = (bits & 1) != 0;
        into.namesValid = (bits & 2) != 0;
    }

    /** Stores {@code state} as the state of {@code fingerprint}, adding the series when new. */
    void put(long fingerprint, SeriesState state) {
        int slot = find(fingerprint);
        if (slot < 0) {
            insert(fingerprint, state);
        } else {
            store(slot, state);
        }
    }

    /** Adds the series {@code fingerprint}, which {@link #find} did not find, with {@code state}. */
    void insert(long fingerprint, SeriesState state) {
        int slot;
        if (fingerprint == 0) {
            hasZero = true;
            slot = zeroSlot();
        } else {
            if ((size + 1) * 4 > (mask + 1) * 3) {
                rebuild((mask + 1) * 2, Long.MIN_VALUE);
            }
            slot = freeSlotOf(fingerprint);
            keys[slot] = fingerprint;
        }
        size++;
        store(slot, state);
    }

    /** Stores {@code state} into {@code slot}, a slot {@link #find} returned. */
    void store(int slot, SeriesState state) {
        int p = slot * STRIDE;
        values[p + LAST_SAMPLE] = state.lastSampleMs;
        values[p + LAST_HISTOGRAM] = state.lastHistogramMs;
        values[p + TOTAL] = Double.doubleToRawLongBits(state.total);
        values[p + UPDATED] = state.updatedMs;
        values[p + START] = state.startMs;
        long bits = (state.namesChecked ? 1 : 0) | (state.namesValid ? 2 : 0);
        nameChecks[slot >>> 5] = nameChecks[slot >>> 5] & ~(3L << (2 * slot)) | bits << (2 * slot);
        if (state.histogramTotal != null || histogramTotals != null) {
            if (histogramTotals == null) {
                histogramTotals = new NativeHistogramTotal[zeroSlot() + 1];
            }
            histogramTotals[slot] = state.histogramTotal;
        }
    }

    /** Removes every series not updated since {@code oldestMs}; returns how many. */
    int removeUpdatedBefore(long oldestMs) {
        int before = size;
        rebuild(mask + 1, oldestMs);
        return before - size;
    }

    /** Calls {@code visitor} with each series' fingerprint and state (a scratch object, reused). */
    void forEach(Visitor visitor) throws Exception {
        SeriesState scratch = new SeriesState();
        for (int i = 0; i <= mask; i++) {
            if (keys[i] != 0) {
                load(i, scratch);
                visitor.visit(keys[i], scratch);
            }
        }
        if (hasZero) {
            load(zeroSlot(), scratch);
            visitor.visit(0, scratch);
        }
    }

    /** Receives the series of a table. */
    interface Visitor {
        void visit(long fingerprint, SeriesState state) throws Exception;
    }

    /** A deep copy: the histogram totals are copied by {@code copyTotal}. */
    SeriesTable copy(java.util.function.UnaryOperator<NativeHistogramTotal> copyTotal) {
        SeriesTable c = new SeriesTable(0);
        c.keys = keys.clone();
        c.values = values.clone();
        c.nameChecks = nameChecks.clone();
        c.mask = mask;
        c.size = size;
        c.hasZero = hasZero;
        if (histogramTotals != null) {
            c.histogramTotals = new NativeHistogramTotal[histogramTotals.length];
            for (int i = 0; i < histogramTotals.length; i++) {
                c.histogramTotals[i] = histogramTotals[i] == null ? null : copyTotal.apply(histogramTotals[i]);
            }
        }
        return c;
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        values = new long[(capacity + 1) * STRIDE];
        nameChecks = new long[(capacity + 1 + 31) >>> 5];
        mask = capacity - 1;
    }

    /** The extra slot of fingerprint 0, after the {@code mask + 1} probed ones. */
    private int zeroSlot() {
        return mask + 1;
    }

    /**
     * Re-inserts every series updated at or after {@code oldestMs} into a table of {@code capacity}
     * slots; does nothing when that would change nothing.
     */
    private void rebuild(int capacity, long oldestMs) {
        int oldZero = zeroSlot();
        long[] oldKeys = keys;
        long[] oldValues = values;
        NativeHistogramTotal[] oldTotals = histogramTotals;
        long[] oldChecks = nameChecks;
        boolean keepZero = hasZero && oldValues[oldZero * STRIDE + UPDATED] >= oldestMs;
        int kept = keepZero ? 1 : 0;
        for (int i = 0; i < oldZero; i++) {
            if (oldKeys[i] != 0 && oldValues[i * STRIDE + UPDATED] >= oldestMs) {
                kept++;
            }
        }
        if (kept == size && capacity == oldZero) {
            return;
        }
        allocate(capacity);
        histogramTotals = oldTotals == null ? null : new NativeHistogramTotal[zeroSlot() + 1];
        size = kept;
        hasZero = keepZero;
        for (int i = 0; i <= oldZero; i++) {
            boolean zero = i == oldZero;
            if (zero ? !keepZero : oldKeys[i] == 0 || oldValues[i * STRIDE + UPDATED] < oldestMs) {
                continue;
            }
            int slot = zero ? zeroSlot() : freeSlotOf(oldKeys[i]);
            if (!zero) {
                keys[slot] = oldKeys[i];
            }
            System.arraycopy(oldValues, i * STRIDE, values, slot * STRIDE, STRIDE);
            nameChecks[slot >>> 5] |= (oldChecks[i >>> 5] >>> (2 * i) & 3) << (2 * slot);
            if (oldTotals != null) {
                histogramTotals[slot] = oldTotals[i];
            }
        }
    }

    /** The first empty slot on {@code fingerprint}'s probe sequence. */
    private int freeSlotOf(long fingerprint) {
        int slot = slotOf(fingerprint);
        while (keys[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /**
     * The first slot to probe. The fingerprint's low bits chose the shard ({@link
     * SeriesSharding#shardOf}), so every series of a shard shares them: the slot comes from a mix
     * of all its bits instead.
     */
    private int slotOf(long fingerprint) {
        long z = fingerprint * 0x9e3779b97f4a7c15L;
        return (int) (z >>> 32) & mask;
    }

    @Override
    public String toString() {
        return "SeriesTable{size=" + size + ", capacity=" + (mask + 1) + ", histogramTotals="
                + (histogramTotals == null ? 0 : Arrays.stream(histogramTotals).filter(t -> t != null).count()) + "}";
    }
}
