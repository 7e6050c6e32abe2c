package io.github.otelflink.job.series;

import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import org.apache.flink.api.common.typeinfo.TypeInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * The record that crosses the network shuffle: translated series of one shard from one request,
 * each flagged as delta or not, with the request's arrival time. Flink moves only about 0.8M records/s through a shuffle on two cores, so one
 * record carries every series of a shard from one OTLP request instead of one sample each.
 */
@TypeInfo(SeriesBatchTypeInfo.Factory.class)
public final class SeriesBatch {
    /** The arrival time of a batch whose source gave it none: such a batch is never held back. */
    public static final long NO_ARRIVAL = Long.MIN_VALUE;

    private final int shard;
    private final long arrivalMs;
    private final List<TimeSeries> series;
    private final List<Boolean> delta;

    public SeriesBatch(int shard) {
        this(shard, NO_ARRIVAL);
    }

    /** @param arrivalMs the event time of the request the series came from, or {@link #NO_ARRIVAL} */
    public SeriesBatch(int shard, long arrivalMs) {
        this(shard, arrivalMs, new ArrayList<>(), new ArrayList<>());
    }

    SeriesBatch(int shard, long arrivalMs, List<TimeSeries> series, List<Boolean> delta) {
        this.shard = shard;
        this.arrivalMs = arrivalMs;
        this.series = series;
        this.delta = delta;
    }

    /** Adds a series; {@code delta} marks points that are increments to be accumulated. */
    public void add(TimeSeries ts, boolean isDelta) {
        series.add(ts);
        delta.add(isDelta);
    }

    public int shard() {
        return shard;
    }

    /** When the request arrived at its receiver (its Flink event time), or {@link #NO_ARRIVAL}. */
    public long arrivalMs() {
        return arrivalMs;
    }

    /** The number of samples and histograms in the batch. */
    public long pointCount() {
        long n = 0;
        for (TimeSeries ts : series) {
            n += ts.pointCount();
        }
        return n;
    }

    public int size() {
        return series.size();
    }

    public TimeSeries series(int i) {
        return series.get(i);
    }

    public boolean isDelta(int i) {
        return delta.get(i);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SeriesBatch b && b.shard == shard && b.arrivalMs == arrivalMs && b.series.equals(series)
                && b.delta.equals(delta);
    }

    @Override
    public int hashCode() {
        return 31 * shard + series.hashCode();
    }

    @Override
    public String toString() {
        return "SeriesBatch[shard=" + shard + ", arrival=" + arrivalMs + ", series=" + series.size() + "]";
    }
}
