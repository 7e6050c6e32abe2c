package io.github.otelflink.job.series;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The batches one shard holds, in order of arrival (which is the order they fall due in: every
 * batch is held for the same window), changed in place: the heap backend's layout of {@link
 * HeldBatches}. Holding a batch appends it (or, when a batch from another source subtask arrived
 * earlier, inserts it a few places back); taking the due ones removes a prefix. The map-by-tick
 * layout RocksDB/ForSt need cost a boxed key, a list and two or three hash lookups per batch on
 * the heap backend: 12% of the keyed step's thread in the ninth round's profile.
 *
 * <p>Not thread-safe. The heap backend keeps one per shard as a value state and copies it ({@link
 * HeldQueueSerializer#copy}) before the first change after a checkpoint started.
 */
final class HeldQueue {
    private SeriesBatch[] batches;
    private int size;

    HeldQueue() {
        this(4);
    }

    HeldQueue(int capacity) {
        batches = new SeriesBatch[Math.max(1, capacity)];
    }

    int size() {
        return size;
    }

    SeriesBatch get(int i) {
        return batches[i];
    }

    /** Holds {@code b} after every batch that arrived no later than it. */
    void add(SeriesBatch b) {
        if (size == batches.length) {
            batches = Arrays.copyOf(batches, size * 2);
        }
        int at = size;
        while (at > 0 && batches[at - 1].arrivalMs() > b.arrivalMs()) {
            at--;
        }
        System.arraycopy(batches, at, batches, at + 1, size - at);
        batches[at] = b;
        size++;
    }

    /**
     * Removes the longest prefix of batches that {@code isDue} accepts (due times follow arrival,
     * so the due batches are a prefix) and adds them to {@code into}.
     */
    void takeDue(Predicate<SeriesBatch> isDue, List<SeriesBatch> into) {
        int n = 0;
        while (n < size && isDue.test(batches[n])) {
            into.add(batches[n]);
            n++;
        }
        if (n > 0) {
            System.arraycopy(batches, n, batches, 0, size - n);
            Arrays.fill(batches, size - n, size, null);
            size -= n;
        }
    }

    /** The held batches, in order. */
    List<SeriesBatch> toList() {
        List<SeriesBatch> all = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            all.add(batches[i]);
        }
        return all;
    }

    /** A copy whose batches are copied by {@code copyBatch}. */
    HeldQueue copy(UnaryOperator<SeriesBatch> copyBatch) {
        HeldQueue c = new HeldQueue(size);
        for (int i = 0; i < size; i++) {
            c.batches[i] = copyBatch.apply(batches[i]);
        }
        c.size = size;
        return c;
    }
}
