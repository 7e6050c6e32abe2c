package io.github.otelflink.job.series;

import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.util.Collector;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The keyed step's emission of due batches without Flink around it, for bench's {@code
 * PipelineStagesBenchmark}: {@link SeriesStateFunction#emit} itself, over {@link SeriesStore.Table}
 * with one {@link SeriesTable} per shard, as on the heap backend, and the default ordering. Lives
 * in the job's package (in the bench module) because those classes are package-private; the held
 * queue, timers and the state backend's own lookups are left out.
 */
public final class SeriesStateStage {
    private final ShardTables tables;
    private final SeriesStore store;
    private final SeriesOrderGuard guard;

    /** A stage with {@code shards} empty shards. */
    public SeriesStateStage(int shards) {
        tables = new ShardTables(shards);
        store = new SeriesStore.Table(new NoSeriesEntries(), tables);
        guard = new SeriesOrderGuard(SeriesOrdering.DEFAULTS.outOfOrderWindow().toMillis(), new SeriesOrderGuard.Counts(
                new SimpleCounter(), new SimpleCounter(), new SimpleCounter(), new SimpleCounter(), new SimpleCounter()));
    }

    /** Emits one shard's due batches at {@code nowMs}: what passes the order check goes to {@code out}. */
    public void emit(int shard, List<SeriesBatch> ready, long nowMs, Consumer<TimeSeries> out) throws Exception {
        tables.current = shard;
        SeriesStateFunction.emit(store, guard, ready, shard, nowMs, new Collector<>() {
            @Override
            public void collect(TimeSeries record) {
                out.accept(record);
            }

            @Override
            public void close() {}
        });
    }

    /** The value state "series-table" of the current shard, as the heap backend keeps it: the live object. */
    private static final class ShardTables implements ValueState<SeriesTable> {
        private final SeriesTable[] byShard;
        int current;

        ShardTables(int shards) {
            byShard = new SeriesTable[shards];
        }

        @Override
        public SeriesTable value() {
            return byShard[current];
        }

        @Override
        public void update(SeriesTable value) {
            byShard[current] = value;
        }

        @Override
        public void clear() {
            byShard[current] = null;
        }
    }

    /** The per-series layout's map state, always empty here: the table layout finds nothing to move. */
    private static final class NoSeriesEntries implements MapState<Long, SeriesState> {
        @Override
        public SeriesState get(Long key) {
            return null;
        }

        @Override
        public void put(Long key, SeriesState value) {
            throw new UnsupportedOperationException("the table layout writes no map entries");
        }

        @Override
        public void putAll(Map<Long, SeriesState> map) {
            throw new UnsupportedOperationException("the table layout writes no map entries");
        }

        @Override
        public void remove(Long key) {}

        @Override
        public boolean contains(Long key) {
            return false;
        }

        @Override
        public Iterable<Map.Entry<Long, SeriesState>> entries() {
            return Collections.emptyList();
        }

        @Override
        public Iterable<Long> keys() {
            return Collections.emptyList();
        }

        @Override
        public Iterable<SeriesState> values() {
            return Collections.emptyList();
        }

        @Override
        public Iterator<Map.Entry<Long, SeriesState>> iterator() {
            return Collections.emptyIterator();
        }

        @Override
        public boolean isEmpty() {
            return true;
        }

        @Override
        public void clear() {}
    }
}
