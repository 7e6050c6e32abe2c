package io.github.otelflink.job.series;

import io.github.otelflink.job.telemetry.PipelineMetricNames;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import io.github.otelflink.sink.remotewrite.validate.SeriesValidator;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The keyed step, per shard of series: a windowed batcher. It holds each request's samples in
 * keyed state until the watermark (the arrival time every source subtask has reached) passes
 * their arrival plus the reorder window; then every series' held points go out in timestamp
 * order, delta points folded into cumulative totals in that order. Only a point older than what
 * its series already emitted is late: dropped and counted ({@code out_of_order}), or sent when the
 * receiver accepts out-of-order samples. So a correct client never loses a sample because its
 * requests took different paths through the job.
 *
 * <p>Held batches and per-series state are keyed state: a held sample survives a failure, a
 * savepoint and a rescale. It runs inside {@link SeriesStateOperator}, which sends the due batches
 * of every shard as the watermark passes them (what is due when is {@link DueShards}, kept beside
 * the state, not in it). Series state is a {@link SeriesTable} per shard on
 * the heap backend and a map entry per series on RocksDB/ForSt ({@link SeriesStore}). It expires
 * after {@code stateTtl} without updates, swept by a processing-time timer per shard, so no access
 * pays for expiry (Flink's TTL with incremental cleanup copies a map on every access: measured at
 * 85% of the job's CPU).
 *
 * <p>A batch without an arrival time (a source without event time) is passed on at once, in
 * arrival order.
 */
public final class SeriesStateFunction extends KeyedProcessFunction<Integer, SeriesBatch, TimeSeries> {
    private static final long serialVersionUID = 1L;

    /** Due times are rounded up to this, so a busy shard goes out a few times per second, not once per request. */
    static final long EMIT_TICK_MS = 20;

    private final SeriesOrdering ordering;
    private transient HeldBatches held;
    private transient MapState<Long, SeriesState> perSeries;
    private transient ValueState<SeriesTable> tables;
    /** Chosen at first use, when a key is set to probe the backend with. */
    private transient SeriesStore store;
    private transient ValueState<Long> nextSweep;
    private transient SeriesOrderGuard guard;
    private transient long heldPoints;
    private transient DueShards due;
    /**
     * The shards known to have their sweep scheduled (index: shard), so that a record reads the
     * {@code next-sweep} state only for a shard's first record in a run and after its sweep found
     * it empty, not for every record. Not state: a restored run reads it once per shard again.
     */
    private transient BitSet sweepScheduled;
    private transient Counter expired;

    public SeriesStateFunction(SeriesOrdering ordering) {
        this.ordering = ordering;
    }

    @Override
    public void open(OpenContext openContext) {
        due = new DueShards();
        sweepScheduled = new BitSet();
        held = new HeldBatches(getRuntimeContext(), ordering.reorderWindow().toMillis(), EMIT_TICK_MS);
        // Named anew when expiry moved from Flink's TTL to the sweep: TTL state has another layout.
        perSeries = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("series-v2", Types.LONG, TypeInformation.of(SeriesState.class)));
        tables = getRuntimeContext().getState(new ValueStateDescriptor<>("series-table", SeriesTableSerializer.INSTANCE));
        nextSweep = getRuntimeContext().getState(new ValueStateDescriptor<>("next-sweep", Types.LONG));
        MetricGroup g = getRuntimeContext().getMetricGroup().addGroup(PipelineMetricNames.GROUP);
        guard = new SeriesOrderGuard(ordering.outOfOrderWindow().toMillis(), new SeriesOrderGuard.Counts(
                g.addGroup(PipelineMetricNames.REASON, PipelineMetricNames.OUT_OF_ORDER).counter(PipelineMetricNames.POINTS_DROPPED),
                g.addGroup(PipelineMetricNames.REASON, PipelineMetricNames.DUPLICATE_TIMESTAMP).counter(PipelineMetricNames.POINTS_DROPPED),
                g.counter(PipelineMetricNames.POINTS_SENT_OUT_OF_ORDER),
                g.counter(PipelineMetricNames.DELTA_POINTS_ACCUMULATED),
                g.addGroup(PipelineMetricNames.REASON, PipelineMetricNames.DELTA_NATIVE_HISTOGRAM).counter(PipelineMetricNames.POINTS_DROPPED)));
        expired = g.counter(PipelineMetricNames.SERIES_EXPIRED);
        g.gauge(PipelineMetricNames.POINTS_HELD, (Gauge<Long>) () -> heldPoints);
    }

    @Override
    public void processElement(SeriesBatch batch, Context ctx, Collector<TimeSeries> out) throws Exception {
        int shard = ctx.getCurrentKey();
        scheduleSweep(shard, ctx);
        if (batch.arrivalMs() == SeriesBatch.NO_ARRIVAL) {
            emit(new ArrayList<>(List.of(batch)), shard, ctx.timerService().currentProcessingTime(), out);
            return;
        }
        long watermark = ctx.timerService().currentWatermark();
        if (held.dueTime(batch) <= watermark) {
            // Late for its window: nothing that arrived before it can still come. It goes out now,
            // with every held batch that is due too (their ticks may be past the watermark), so
            // that earlier arrivals still go first.
            List<SeriesBatch> ready = takeDue(shard, watermark);
            ready.add(batch);
            emit(ready, shard, ctx.timerService().currentProcessingTime(), out);
            return;
        }
        due.hold(shard, held.add(batch));
        heldPoints += batch.pointCount();
    }

    /**
     * Sends what every shard of this subtask holds whose window closed by {@code watermark}; the
     * keyed step's operator ({@link SeriesStateOperator}) calls it as the watermark advances,
     * with {@code selectShard} making a shard the current key.
     */
    void emitDue(long watermark, long now, IntConsumer selectShard, Collector<TimeSeries> out) throws Exception {
        due.forEachDue(watermark, shard -> {
            selectShard.accept(shard);
            emitShard(shard, watermark, now, out);
        });
    }

    /** Whether any shard is due by {@code watermark}: most watermarks find none. */
    boolean anyDue(long watermark) {
        return due.anyDue(watermark);
    }

    /** Marks {@code shard} to be looked at on the next watermark: a restored shard may hold batches. */
    void dueAtNextWatermark(int shard) {
        due.dueNow(shard);
    }

    /**
     * Event-time timers come only from checkpoints taken before held batches were found through
     * {@link DueShards}: they still fire once and send their shard's due batches.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TimeSeries> out) throws Exception {
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            sweep(ctx);
            return;
        }
        emitShard(ctx.getCurrentKey(), ctx.timerService().currentWatermark(), ctx.timerService().currentProcessingTime(), out);
    }

    /** Sends the held batches of {@code shard} (the current key) whose window closed by {@code watermark}. */
    private void emitShard(int shard, long watermark, long now, Collector<TimeSeries> out) throws Exception {
        List<SeriesBatch> ready = takeDue(shard, watermark);
        if (!ready.isEmpty()) {
            emit(ready, shard, now, out);
        }
    }

    /**
     * Removes and returns the held batches of {@code shard} (the current key) whose window closed
     * by {@code watermark}, and notes when the rest fall due.
     */
    private List<SeriesBatch> takeDue(int shard, long watermark) throws Exception {
        List<SeriesBatch> ready = held.takeDue(shard, watermark);
        due.set(shard, held.tickLeft());
        for (SeriesBatch b : ready) {
            heldPoints = Math.max(0, heldPoints - b.pointCount());
        }
        return ready;
    }

    private void emit(List<SeriesBatch> ready, int shard, long now, Collector<TimeSeries> out) throws Exception {
        emit(store(), guard, ready, shard, now, out);
    }

    /**
     * Passes the shard's due batches through {@code guard}, each series' state in {@code series},
     * what passes to {@code out}. Static, so that bench's stage benchmark runs this very code.
     */
    static void emit(SeriesStore series, SeriesOrderGuard guard, List<SeriesBatch> ready, int shard, long now,
            Collector<TimeSeries> out) throws Exception {
        series.begin(shard);
        // Every series' state looked up once in a tight loop first: the lookups do not depend on
        // each other, so the CPU overlaps their cache misses, which it could not between one
        // series' order check and sink write and the next (the table's lookup was 11% of this
        // thread, JFR). The held series themselves are read here too, for their fingerprints.
        for (SeriesBatch b : ready) {
            for (int i = 0; i < b.size(); i++) {
                series.touch(b.series(i).labels().fingerprint());
            }
        }
        boolean remembersNameChecks = series.remembersNameChecks();
        SeriesReorder.forEachSeries(ready, (ts, delta) -> {
            long fingerprint = ts.labels().fingerprint();
            SeriesState state = series.get(fingerprint);
            // A series' names are checked once, not at every send: the same fingerprint means the
            // same label bytes (as the state itself assumes), and the sink's validator skips names
            // marked checked (its checks were 17% of this thread, bench README, nineteenth round).
            if (state.namesValid) {
                ts.labels().markNamesChecked();
            } else if (!state.namesChecked && remembersNameChecks) {
                state.namesChecked = true;
                state.namesValid = SeriesValidator.markIfNamesValid(ts.labels());
            }
            TimeSeries result = guard.apply(ts, delta, state);
            state.updatedMs = now;
            series.put(fingerprint, state);
            if (result != null) {
                out.collect(result);
            }
        });
        series.end();
    }

    private SeriesStore store() throws Exception {
        if (store == null) {
            store = SeriesStore.forBackend(perSeries, tables);
        }
        return store;
    }

    private void scheduleSweep(int shard, Context ctx) throws Exception {
        if (sweepScheduled.get(shard)) {
            return;
        }
        if (nextSweep.value() == null) {
            long at = ctx.timerService().currentProcessingTime() + sweepInterval();
            nextSweep.update(at);
            ctx.timerService().registerProcessingTimeTimer(at);
        }
        sweepScheduled.set(shard);
    }

    /** Removes series not updated for the state TTL; runs a few times per TTL, per shard. */
    private void sweep(OnTimerContext ctx) throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        long oldest = now - ordering.stateTtl().toMillis();
        SeriesStore series = store();
        expired.inc(series.sweep(ctx.getCurrentKey(), oldest));
        boolean any = !series.isEmpty();
        if (any) {
            long at = now + sweepInterval();
            nextSweep.update(at);
            ctx.timerService().registerProcessingTimeTimer(at);
        } else {
            nextSweep.clear();
            sweepScheduled.clear(ctx.getCurrentKey());
        }
    }

    private long sweepInterval() {
        return Math.max(1, ordering.stateTtl().toMillis() / 4);
    }
}
