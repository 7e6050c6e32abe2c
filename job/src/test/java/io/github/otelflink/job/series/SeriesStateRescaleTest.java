package io.github.otelflink.job.series;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.testing.CloseAfterEach;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The keyed step's state across a rescale from one subtask to two, on both state backends and
 * with both shard layouts (keys 0..127, and 16 keys spread over the key groups): held
 * batches (kept by due tick) and per-series delta totals (changed in place on the heap backend)
 * move with their shards' key groups, so every held sample comes out exactly once, on the subtask
 * that now owns its shard, continuing its series' total.
 */
class SeriesStateRescaleTest {
    private static final long WINDOW = 200;
    private static final int MAX_PARALLELISM = SeriesSharding.LEGACY_SHARDS;
    private static final int SERIES = 40;

    @RegisterExtension
    final CloseAfterEach harnesses = new CloseAfterEach();

    private KeyedOneInputStreamOperatorTestHarness<Integer, SeriesBatch, TimeSeries> harness(
            String backend, int parallelism, int subtask) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new SeriesStateOperator(new SeriesStateFunction(
                        new SeriesOrdering(Duration.ofMillis(WINDOW), Duration.ZERO, Duration.ofHours(1)))),
                new SeriesSharding.ByShard(), Types.INT, MAX_PARALLELISM, parallelism, subtask);
        if (backend.equals("rocksdb")) {
            h.setStateBackend(new EmbeddedRocksDBStateBackend(false));
        }
        harnesses.add(h);
        return h;
    }

    private static SeriesBatch delta(ShardLayout layout, int series, long arrival, long t, double v) {
        Labels labels = Labels.of("__name__", "requests_total", "series", Integer.toString(series));
        SeriesBatch b = new SeriesBatch(layout.keyOf(labels.fingerprint()), arrival);
        b.add(TimeSeries.ofSample(labels, t, v), true);
        return b;
    }

    private static List<String> samples(KeyedOneInputStreamOperatorTestHarness<Integer, SeriesBatch, TimeSeries> h) {
        List<String> out = new ArrayList<>();
        for (TimeSeries ts : h.extractOutputValues()) {
            for (int i = 0; i < ts.sampleCount(); i++) {
                out.add(ts.labels().get("series") + " " + ts.timestamp(i) + "=" + ts.value(i));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}, {1} layout")
    @CsvSource({"hashmap,legacy", "rocksdb,legacy", "hashmap,spread", "rocksdb,spread"})
    void heldBatchesAndTotalsFollowTheirShardsToTwoSubtasks(String backend, String layoutName) throws Exception {
        ShardLayout layout = layoutName.equals("legacy") ? ShardLayout.legacy() : ShardLayout.spread(16, MAX_PARALLELISM);
        var one = harness(backend, 1, 0);
        one.open();
        for (int s = 0; s < SERIES; s++) {
            SeriesBatch b = delta(layout, s, 100, 1000, 1);
            one.processElement(b, b.arrivalMs());
        }
        one.processWatermark(1000); // every series' total is now 1
        for (int s = 0; s < SERIES; s++) {
            // Two arrivals in different timer ticks, both held when the snapshot is taken.
            SeriesBatch b = delta(layout, s, 1100 + s % 3, 2000, 2);
            one.processElement(b, b.arrivalMs());
            SeriesBatch c = delta(layout, s, 1150 + s % 3, 3000, 3);
            one.processElement(c, c.arrivalMs());
        }
        OperatorSubtaskState snapshot = one.snapshot(1, 1200);
        assertThat(samples(one)).hasSize(SERIES);

        List<String> out = new ArrayList<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            var h = harness(backend, 2, subtask);
            h.initializeState(AbstractStreamOperatorTestHarness.repartitionOperatorState(
                    snapshot, MAX_PARALLELISM, 1, 2, subtask));
            h.open();
            h.processWatermark(2000);
            List<String> mine = samples(h);
            assertThat(mine).as("subtask %d owns some of the shards", subtask).isNotEmpty();
            out.addAll(mine);
        }
        List<String> expected = new ArrayList<>();
        for (int s = 0; s < SERIES; s++) {
            expected.add(s + " 2000=3.0");
            expected.add(s + " 3000=6.0");
        }
        assertThat(out).containsExactlyInAnyOrderElementsOf(expected);
    }
}
