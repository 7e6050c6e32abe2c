package io.github.otelflink.job.series;

import java.util.Arrays;
import javax.annotation.Nullable;

/**
 * The {@link SeriesState}s of one shard in one flat open-addressing table: each series' fields sit
 * in one 64-byte stretch of a {@code long[]}, found by its fingerprint with linear probing, so a
 * lookup costs about one cache miss. A {@code HashMap<Long, SeriesState>} (the state map of Flink's
 * heap backend) costs three or four (table slot, node, boxed key, value), and those misses were a
 * fifth of the job's CPU at 100k series (bench README, eighth round). The rare histogram totals
 * live in a parallel array made at first use.
 *
 * <p>Not thread-safe. The heap state backend keeps one per shard as a value state and copies it
 * ({@link SeriesTableSerializer#copy}) before the first change after a checkpoint started.
 */
final class SeriesTable {
    static final int STRIDE = 8;
    private static final int USED = 0;
    private static final int FINGERPRINT = 1;
    private static final int LAST_SAMPLE = 2;
    private static final int LAST_HISTOGRAM = 3;
    private static final int TOTAL = 4;
    private static final int UPDATED = 5;
    private static final int START = 6;
    private static final int MIN_CAPACITY = 16;

    private long[] slots;
    @Nullable private NativeHistogramTotal[] histogramTotals;
    private int size;
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
        slots = new long[capacity * STRIDE];
        mask = capacity - 1;
    }

    int size() {
        return size;
    }

    /** The slot of {@code fingerprint}, or -1. */
    int find(long fingerprint) {
        int i = slotOf(fingerprint);
        while (slots[i * STRIDE + USED] != 0) {
            if (slots[i * STRIDE + FINGERPRINT] == fingerprint) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    /** Copies the state in {@code slot} into {@code into}. */
    void load(int slot, SeriesState into) {
        int p = slot * STRIDE;
        into.lastSampleMs = slots[p + LAST_SAMPLE];
        into.lastHistogramMs = slots[p + LAST_HISTOGRAM];
        into.total = Double.longBitsToDouble(slots[p + TOTAL]);
        into.updatedMs = slots[p + UPDATED];
        into.startMs = slots[p + START];
        into.histogramTotal = histogramTotals == null ? null : histogramTotals[slot];
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
        if ((size + 1) * 4 > (mask + 1) * 3) {
            resize((mask + 1) * 2);
        }
        int slot = slotOf(fingerprint);
        while (slots[slot * STRIDE + USED] != 0) {
            slot = (slot + 1) & mask;
        }
        slots[slot * STRIDE + USED] = 1;
        slots[slot * STRIDE + FINGERPRINT] = fingerprint;
        size++;
        store(slot, state);
    }

    /** Stores {@code state} into {@code slot}, a slot {@link #find} returned. */
    void store(int slot, SeriesState state) {
        int p = slot * STRIDE;
        slots[p + LAST_SAMPLE] = state.lastSampleMs;
        slots[p + LAST_HISTOGRAM] = state.lastHistogramMs;
        slots[p + TOTAL] = Double.doubleToRawLongBits(state.total);
        slots[p + UPDATED] = state.updatedMs;
        slots[p + START] = state.startMs;
        if (state.histogramTotal != null || histogramTotals != null) {
            if (histogramTotals == null) {
                histogramTotals = new NativeHistogramTotal[mask + 1];
            }
            histogramTotals[slot] = state.histogramTotal;
        }
    }

    /** Removes every series not updated since {@code oldestMs}; returns how many. */
    int removeUpdatedBefore(long oldestMs) {
        int removed = 0;
        for (int i = 0; i <= mask; i++) {
            if (slots[i * STRIDE + USED] != 0 && slots[i * STRIDE + UPDATED] < oldestMs) {
                removed++;
            }
        }
        if (removed > 0) {
            rebuild(mask + 1, oldestMs);
        }
        return removed;
    }

    /** Calls {@code visitor} with each series' fingerprint and state (a scratch object, reused). */
    void forEach(Visitor visitor) throws Exception {
        SeriesState scratch = new SeriesState();
        for (int i = 0; i <= mask; i++) {
            if (slots[i * STRIDE + USED] != 0) {
                load(i, scratch);
                visitor.visit(slots[i * STRIDE + FINGERPRINT], scratch);
            }
        }
    }

    /** Receives the series of a table. */
    interface Visitor {
        void visit(long fingerprint, SeriesState state) throws Exception;
    }

    /** A deep copy: the histogram totals are copied by {@code copyTotal}. */
    SeriesTable copy(java.util.function.UnaryOperator<NativeHistogramTotal> copyTotal) {
        SeriesTable c = new SeriesTable(0);
        c.slots = slots.clone();
        c.mask = mask;
        c.size = size;
        if (histogramTotals != null) {
            c.histogramTotals = new NativeHistogramTotal[histogramTotals.length];
            for (int i = 0; i < histogramTotals.length; i++) {
                c.histogramTotals[i] = histogramTotals[i] == null ? null : copyTotal.apply(histogramTotals[i]);
            }
        }
        return c;
    }

    private void resize(int capacity) {
        rebuild(capacity, Long.MIN_VALUE);
    }

    /** Re-inserts every series updated at or after {@code oldestMs} into a table of {@code capacity} slots. */
    private void rebuild(int capacity, long oldestMs) {
        long[] old = slots;
        NativeHistogramTotal[] oldTotals = histogramTotals;
        slots = new long[capacity * STRIDE];
        histogramTotals = oldTotals == null ? null : new NativeHistogramTotal[capacity];
        mask = capacity - 1;
        size = 0;
        for (int i = 0; i < old.length / STRIDE; i++) {
            int p = i * STRIDE;
            if (old[p + USED] == 0 || old[p + UPDATED] < oldestMs) {
                continue;
            }
            int slot = slotOf(old[p + FINGERPRINT]);
            while (slots[slot * STRIDE + USED] != 0) {
                slot = (slot + 1) & mask;
            }
            System.arraycopy(old, p, slots, slot * STRIDE, STRIDE);
            if (oldTotals != null) {
                histogramTotals[slot] = oldTotals[i];
            }
            size++;
        }
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
