package io.github.otelflink.job.series;

import io.github.otelflink.sink.remotewrite.model.Exemplar;
import io.github.otelflink.sink.remotewrite.model.Histogram;
import io.github.otelflink.sink.remotewrite.model.StaleNaN;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The keyed step: per series (inside a shard), drops points not newer than the last one passed
 * on (so the receiver never sees an out-of-order sample) and turns delta points into cumulative
 * totals, which the Collector's exporter would drop instead. State is in Flink's keyed state, so
 * both survive a restore; entries expire after {@code stateTtl} without updates (series churn).
 */
public final class SeriesStateFunction extends KeyedProcessFunction<Integer, SeriesBatch, TimeSeries> {
    private static final long serialVersionUID = 1L;

    public static final Duration DEFAULT_STATE_TTL = Duration.ofHours(1);

    private final Duration stateTtl;
    private transient MapState<Long, SeriesState> states;
    private transient Counter outOfOrder;
    private transient Counter deltaPoints;
    private transient Counter unsupportedDelta;

    public SeriesStateFunction(Duration stateTtl) {
        this.stateTtl = stateTtl;
    }

    @Override
    public void open(OpenContext openContext) {
        MapStateDescriptor<Long, SeriesState> descriptor =
                new MapStateDescriptor<>("series", Types.LONG, TypeInformation.of(SeriesState.class));
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(stateTtl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build());
        states = getRuntimeContext().getMapState(descriptor);
        MetricGroup g = getRuntimeContext().getMetricGroup().addGroup("otel_pipeline");
        outOfOrder = g.addGroup("reason", "out_of_order").counter("points_dropped_total");
        unsupportedDelta = g.addGroup("reason", "delta_native_histogram").counter("points_dropped_total");
        deltaPoints = g.counter("delta_points_accumulated_total");
    }

    @Override
    public void processElement(SeriesBatch batch, Context ctx, Collector<TimeSeries> out) throws Exception {
        for (int i = 0; i < batch.size(); i++) {
            TimeSeries ts = batch.series(i);
            long key = ts.labels().fingerprint();
            SeriesState state = states.get(key);
            if (state == null) {
                state = new SeriesState();
            }
            TimeSeries result = apply(ts, batch.isDelta(i), state);
            states.put(key, state);
            if (result != null && result.pointCount() > 0) {
                out.collect(result);
            }
        }
    }

    private TimeSeries apply(TimeSeries ts, boolean delta, SeriesState state) {
        int n = ts.sampleCount();
        long[] timestamps = new long[n];
        double[] values = new double[n];
        int kept = 0;
        for (int i = 0; i < n; i++) {
            long t = ts.timestamp(i);
            if (t <= state.lastSampleMs) {
                outOfOrder.inc();
                continue;
            }
            double v = ts.value(i);
            if (delta && !StaleNaN.isStaleNaN(v)) {
                state.total += v;
                v = state.total;
                deltaPoints.inc();
            }
            state.lastSampleMs = t;
            timestamps[kept] = t;
            values[kept] = v;
            kept++;
        }
        List<Histogram> histograms = new ArrayList<>(ts.histogramCount());
        for (int i = 0; i < ts.histogramCount(); i++) {
            Histogram h = ts.histogram(i);
            if (h.timestampMs() <= state.lastHistogramMs) {
                outOfOrder.inc();
                continue;
            }
            if (delta && !h.isStaleMarker()) {
                // Merging sparse buckets across schema changes is not implemented yet: count, don't guess.
                unsupportedDelta.inc();
                continue;
            }
            state.lastHistogramMs = h.timestampMs();
            histograms.add(h);
        }
        if (kept == n && histograms.size() == ts.histogramCount() && !delta) {
            return ts;
        }
        return new TimeSeries(
                ts.labels(),
                Arrays.copyOf(timestamps, kept),
                Arrays.copyOf(values, kept),
                histograms.toArray(new Histogram[0]),
                kept + histograms.size() > 0 ? exemplars(ts) : null,
                ts.metadata());
    }

    private static Exemplar[] exemplars(TimeSeries ts) {
        Exemplar[] e = new Exemplar[ts.exemplarCount()];
        for (int i = 0; i < e.length; i++) {
            e[i] = ts.exemplar(i);
        }
        return e;
    }
}
