package io.github.otelflink.job.series;

import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What the keyed step's tests send it and read from it. */
final class SeriesStateTesting {
    private SeriesStateTesting() {}

    /**
     * The keyed step with a reorder window of {@code windowMs} (no out-of-order window, state kept
     * an hour) on {@code backend} ("hashmap" or "rocksdb"), not opened yet; the caller closes it.
     */
    static KeyedOneInputStreamOperatorTestHarness<Integer, SeriesBatch, TimeSeries> harness(String backend, long windowMs)
            throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new SeriesStateOperator(new SeriesStateFunction(
                        new SeriesOrdering(Duration.ofMillis(windowMs), Duration.ZERO, Duration.ofHours(1)))),
                new SeriesSharding.ByShard(), Types.INT);
        if (backend.equals("rocksdb")) {
            h.setStateBackend(new EmbeddedRocksDBStateBackend(false));
        }
        return h;
    }

    /** A batch with one sample of {@code labels}, in the series' shard, arrived at {@code arrival}. */
    static SeriesBatch batch(long arrival, Labels labels, boolean delta, long t, double v) {
        SeriesBatch b = new SeriesBatch(SeriesSharding.shardOf(labels.fingerprint(), SeriesSharding.LEGACY_SHARDS), arrival);
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
