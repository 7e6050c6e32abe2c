package io.github.otelflink.job.series;

import io.github.otelflink.job.telemetry.PipelineMetricNames;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;

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
import java.util.Arrays;
import java.util.List;

/**
 * The keyed step, per shard of series: a windowed batcher. It holds each request's samples in
 * keyed state until the watermark (the arrival time every source subtask has reached) passes
 * their arrival plus the reorder window; then every series' held points go out in timestamp
 * order, delta points folded into cumulative totals in that order. Only a point older than what
 * its series already emitted is late: dropped and counted ({@code out_of_order}), or sent when the
 * receiver accepts out-of-order samples. So a correct client never loses a sample because its
 * requests took different paths through the job.
 *
 * <p>Held batches, per-series state and the event-time timers are all keyed state: a held sample
 * survives a failure, a savepoint and a rescale. Series state is a {@link SeriesTable} per shard on
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

    /** Timers of one shard are rounded up to this, so a busy shard has a few per second, not one per request. */
    static final long TIMER_TICK_MS = 20;

    private final SeriesOrdering ordering;
    private transient HeldBatches held;
    private transient MapState<Long, SeriesState> perSeries;
    private transient ValueState<SeriesTable> tables;
    /** Chosen at first use, when a key is set to probe the backend with. */
    private transient SeriesStore store;
    private transient ValueState<Long> nextSweep;
    private transient SeriesOrderGuard guard;
    private transient long heldPoints;
    /**
     * The tick of the timer each shard registered last (index: shard), so the batches that fall
     * due in one tick register it once: Flink's timer queue ignores a repeat, but finding it in
     * its hash set for every batch was 5% of this thread (JFR, bench's end-to-end run). A timer
     * at a tick past the watermark has not fired. Not state: after a restore the timers come back
     * with the state, and registering one again is harmless.
     */
    private transient long[] timerTicks;
    private transient Counter expired;

    public SeriesStateFunction(SeriesOrdering ordering) {
        this.ordering = ordering;
    }

    @Override
    public void open(OpenContext openContext) {
        timerTicks = new long[0];
        held = new HeldBatches(getRuntimeContext(), ordering.reorderWindow().toMillis(), TIMER_TICK_MS);
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
        scheduleSweep(ctx);
        if (batch.arrivalMs() == SeriesBatch.NO_ARRIVAL) {
            emit(new ArrayList<>(List.of(batch)), ctx, out);
            return;
        }
        long due = held.dueTime(batch);
        long watermark = ctx.timerService().currentWatermark();
        if (due <= watermark) {
            // Late for its window: nothing that arrived before it can still come. It goes out now,
            // with every held batch that is due too (their timers may be rounded up past the
            // watermark), so that earlier arrivals still go first.
            List<SeriesBatch> ready = takeDue(ctx.getCurrentKey(), watermark);
            ready.add(batch);
            emit(ready, ctx, out);
            return;
        }
        long tick = held.add(batch);
        heldPoints += batch.pointCount();
        int shard = ctx.getCurrentKey();
        if (shard >= timerTicks.length) {
            int from = timerTicks.length;
            timerTicks = Arrays.copyOf(timerTicks, Math.max(shard + 1, from * 2));
            Arrays.fill(timerTicks, from, timerTicks.length, Long.MIN_VALUE);
        }
        if (timerTicks[shard] != tick) {
            ctx.timerService().registerEventTimeTimer(tick);
            timerTicks[shard] = tick;
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TimeSeries> out) throws Exception {
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            sweep(ctx);
            return;
        }
        List<SeriesBatch> ready = takeDue(ctx.getCurrentKey(), ctx.timerService().currentWatermark());
        if (!ready.isEmpty()) {
            emit(ready, ctx, out);
        }
    }

    /** Removes and returns the held batches of {@code shard} whose window closed by {@code watermark}. */
    private List<SeriesBatch> takeDue(int shard, long watermark) throws Exception {
        List<SeriesBatch> ready = held.takeDue(shard, watermark);
        for (SeriesBatch b : ready) {
            heldPoints = Math.max(0, heldPoints - b.pointCount());
        }
        return ready;
    }

    private void emit(List<SeriesBatch> ready, Context ctx, Collector<TimeSeries> out) throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        SeriesStore series = store();
        series.begin(ctx.getCurrentKey());
        // Every series' state looked up once in a tight loop first: the lookups do not depend on
        // each other, so the CPU overlaps their cache misses, which it could not between one
        // series' order check and sink write and the next (the table's lookup was 11% of this
        // thread, JFR). The held series themselves are read here too, for their fingerprints.
        for (SeriesBatch b : ready) {
            for (int i = 0; i < b.size(); i++) {
                series.touch(b.series(i).labels().fingerprint());
            }
        }
        SeriesReorder.forEachSeries(ready, (ts, delta) -> {
            long fingerprint = ts.labels().fingerprint();
            SeriesState state = series.get(fingerprint);
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

    private void scheduleSweep(Context ctx) throws Exception {
        if (nextSweep.value() == null) {
            long at = ctx.timerService().currentProcessingTime() + sweepInterval();
            nextSweep.update(at);
            ctx.timerService().registerProcessingTimeTimer(at);
        }
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
        }
    }

    private long sweepInterval() {
        return Math.max(1, ordering.stateTtl().toMillis() / 4);
    }
}
