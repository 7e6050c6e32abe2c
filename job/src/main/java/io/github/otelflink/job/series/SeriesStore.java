package io.github.otelflink.job.series;

import java.util.BitSet;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;

/**
 * Where the keyed step keeps each series' {@link SeriesState}, in one of two layouts of the same
 * keyed state, chosen by what the state backend returns:
 *
 * <ul>
 *   <li>{@link Table}: one {@link SeriesTable} per shard, a value state changed in place. For
 *       backends that hand out their live objects (the heap backend): a lookup is about one cache
 *       miss instead of a {@code HashMap}'s three or four.
 *   <li>{@link PerSeries}: a map state entry per series, for backends that serialize every value
 *       (RocksDB, ForSt), where one value per shard would be read and written whole on every access.
 * </ul>
 *
 * Each moves what the other left in a shard into its own layout the first time it sees the shard
 * in a run, so a savepoint taken with one backend restores with the other, and checkpoints from
 * before the table (map entries) restore into it.
 *
 * <p>Use per shard: {@link #begin}, then {@link #get} and {@link #put} for each series in turn
 * (the state {@code get} returns may be a scratch object, valid until the next {@code get}), then
 * {@link #end}.
 */
abstract class SeriesStore {
    final MapState<Long, SeriesState> perSeries;
    final ValueState<SeriesTable> tables;
    /** Shards whose other layout was looked at in this run. */
    private final BitSet checked = new BitSet();

    SeriesStore(MapState<Long, SeriesState> perSeries, ValueState<SeriesTable> tables) {
        this.perSeries = perSeries;
        this.tables = tables;
    }

    /**
     * The layout for the backend behind {@code tables}, probed with the current key set: the
     * table when the backend returns the same object twice (its live object), else per series.
     * Writes nothing that stays.
     */
    static SeriesStore forBackend(MapState<Long, SeriesState> perSeries, ValueState<SeriesTable> tables)
            throws Exception {
        return LiveStateProbe.handsOutLiveObjects(tables, SeriesTable::new) ? new Table(perSeries, tables) : new PerSeries(perSeries, tables);
    }

    /** Starts the series of {@code shard}, the current key. */
    final void begin(int shard) throws Exception {
        if (!checked.get(shard)) {
            checked.set(shard);
            moveFromOtherLayout();
        }
        begin();
    }

    abstract void begin() throws Exception;

    /** The state of the series {@code fingerprint}: a fresh one when it has none. */
    abstract SeriesState get(long fingerprint) throws Exception;

    /**
     * Reads where the state of {@code fingerprint} is, so that its {@link #get} finds it in the
     * cache; for a caller that touches a shard's series in one pass before it works on each.
     */
    void touch(long fingerprint) {
    }

    /**
     * Whether {@link SeriesState#namesChecked} set on a state given to {@link #put} comes back
     * from {@link #get}: the table keeps it in memory; a map entry, serialized without it, does not.
     */
    boolean remembersNameChecks() {
        return false;
    }

    /** Stores the state {@link #get} returned for {@code fingerprint}, changed. */
    abstract void put(long fingerprint, SeriesState state) throws Exception;

    /** Ends the shard's series. */
    abstract void end() throws Exception;

    /**
     * Removes the shard's series not updated since {@code oldestMs}; returns how many, and
     * whether any is left ({@link #isEmpty} after it).
     */
    final int sweep(int shard, long oldestMs) throws Exception {
        begin(shard);
        int removed = removeUpdatedBefore(oldestMs);
        end();
        return removed;
    }

    abstract int removeUpdatedBefore(long oldestMs) throws Exception;

    /** Whether the current shard has no series left (after {@link #sweep}). */
    abstract boolean isEmpty() throws Exception;

    abstract void moveFromOtherLayout() throws Exception;

    /** One {@link SeriesTable} per shard, changed in place. */
    static final class Table extends SeriesStore {
        private final SeriesState scratch = new SeriesState();
        private SeriesTable table;
        private int slot;

        Table(MapState<Long, SeriesState> perSeries, ValueState<SeriesTable> tables) {
            super(perSeries, tables);
        }

        @Override
        void begin() throws Exception {
            // Asked anew for every shard and call: during a checkpoint the backend hands out a copy.
            table = tables.value();
            if (table == null) {
                table = new SeriesTable();
            }
        }

        @Override
        SeriesState get(long fingerprint) {
            slot = table.find(fingerprint);
            if (slot >= 0) {
                table.load(slot, scratch);
            } else {
                scratch.clear();
            }
            return scratch;
        }

        @Override
        void touch(long fingerprint) {
            table.touch(fingerprint);
        }

        @Override
        boolean remembersNameChecks() {
            return true;
        }

        @Override
        void put(long fingerprint, SeriesState state) {
            if (slot >= 0) {
                table.store(slot, state);
            } else {
                table.insert(fingerprint, state); // get found none
            }
        }

        @Override
        void end() throws Exception {
            // The same object on the heap backend (cheap); what a changelog backend records.
            if (table.size() == 0) {
                tables.clear();
            } else {
                tables.update(table);
            }
        }

        @Override
        int removeUpdatedBefore(long oldestMs) {
            return table.removeUpdatedBefore(oldestMs);
        }

        @Override
        boolean isEmpty() {
            return table.size() == 0;
        }

        @Override
        void moveFromOtherLayout() throws Exception {
            if (perSeries.isEmpty()) {
                return;
            }
            SeriesTable t = tables.value();
            if (t == null) {
                t = new SeriesTable();
            }
            for (Map.Entry<Long, SeriesState> e : perSeries.entries()) {
                t.put(e.getKey(), e.getValue());
            }
            tables.update(t);
            perSeries.clear();
        }
    }

    /** A map state entry per series. */
    static final class PerSeries extends SeriesStore {
        private Long key;

        PerSeries(MapState<Long, SeriesState> perSeries, ValueState<SeriesTable> tables) {
            super(perSeries, tables);
        }

        @Override
        void begin() {}

        @Override
        SeriesState get(long fingerprint) throws Exception {
            key = fingerprint; // boxed once for the get and the put
            SeriesState state = perSeries.get(key);
            return state == null ? new SeriesState() : state;
        }

        @Override
        void put(long fingerprint, SeriesState state) throws Exception {
            // The write on RocksDB/ForSt and for changelog.
            perSeries.put(key, state);
        }

        @Override
        void end() {}

        @Override
        int removeUpdatedBefore(long oldestMs) throws Exception {
            int removed = 0;
            for (Iterator<Map.Entry<Long, SeriesState>> it = perSeries.iterator(); it.hasNext(); ) {
                if (it.next().getValue().updatedMs < oldestMs) {
                    it.remove();
                    removed++;
                }
            }
            return removed;
        }

        @Override
        boolean isEmpty() throws Exception {
            return perSeries.isEmpty();
        }

        @Override
        void moveFromOtherLayout() throws Exception {
            SeriesTable t = tables.value();
            if (t == null) {
                return;
            }
            t.forEach((fingerprint, s) -> perSeries.put(fingerprint, s.copy()));
            tables.clear();
        }
    }
}
