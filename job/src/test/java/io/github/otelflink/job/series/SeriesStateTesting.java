package io.github.otelflink.job.series;

import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import java.util.ArrayList;
import java.util.List;

/** What the keyed step's tests send it and read from it. */
final class SeriesStateTesting {
    private SeriesStateTesting() {}

    /** A batch with one sample of {@code labels}, in the series' shard, arrived at {@code arrival}. */
    static SeriesBatch batch(long arrival, Labels labels, boolean delta, long t, double v) {
        SeriesBatch b = new SeriesBatch(SeriesSharding.shardOf(labels.fingerprint(), SeriesSharding.DEFAULT_SHARDS), arrival);
        b.add(TimeSeries.ofSample(labels, t, v), delta);
        return b;
    }

    /** Sends {@code b} with its arrival time as the record's timestamp, as the translate step does. */
    static void send(KeyedOneInputStreamOperatorTestHarness<Integer, SeriesBatch, TimeSeries> h, SeriesBatch b)
            throws Exception {
        h.processElement(b, b.arrivalMs());
    }

    /** {@code timestamp=value} of every sample emitted so far, in emission order. */
    static List<String> samples(KeyedOneInputStreamOperatorTestHarness<Integer, SeriesBatch, TimeSeries> h) {
        List<String> out = new ArrayList<>();
        for (TimeSeries ts : h.extractOutputValues()) {
            for (int i = 0; i < ts.sampleCount(); i++) {
                out.add(ts.timestamp(i) + "=" + ts.value(i));
            }
        }
        return out;
    }
}
