package io.github.otelflink.job.series;

import static io.github.otelflink.job.series.SeriesStateTesting.batch;
import static io.github.otelflink.job.series.SeriesStateTesting.samples;
import static io.github.otelflink.job.series.SeriesStateTesting.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.testing.CloseAfterEach;
import io.github.otelflink.sink.remotewrite.model.Histogram;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The keyed step as a windowed batcher, driven by explicit watermarks: requests of one series
 * that reach it in the wrong order come out in timestamp order once the watermark passes their
 * arrival plus the window; only data older than what was emitted is late.
 */
class SeriesStateFunctionTest {
    private static final long WINDOW = 200;
    private static final Labels GAUGE = Labels.of("__name__", "temperature", "room", "a");
    private static final Labels DELTA = Labels.of("__name__", "requests_total", "method", "GET");

    @RegisterExtension
    final CloseAfterEach harnesses = new CloseAfterEach();

    private KeyedOneInputStreamOperatorTestHarness<Integer, SeriesBatch, TimeSeries> harness(SeriesOrdering ordering)
            throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new SeriesStateOperator(new SeriesStateFunction(ordering)), new SeriesSharding.ByShard(), Types.INT);
        harnesses.add(h);
        return h;
    }

    private KeyedOneInputStreamOperatorTestHarness<Integer, SeriesBatch, TimeSeries> opened() throws Exception {
        var h = harness(new SeriesOrdering(Duration.ofMillis(WINDOW), Duration.ZERO, Duration.ofHours(1)));
        h.open();
        return h;
    }

    @Test
    void requestsThatArriveReversedComeOutInTimestampOrder() throws Exception {
        var h = opened();
        // Request 1 (t=1000) arrived first at its subtask, but reaches the keyed step second.
        send(h, batch(150, GAUGE, false, 2000, 2));
        send(h, batch(100, GAUGE, false, 1000, 1));
        h.processWatermark(100 + WINDOW - 1);
        assertThat(samples(h)).as("held until the watermark passes arrival + window").isEmpty();
        h.processWatermark(100 + WINDOW);
        assertThat(samples(h)).containsExactly("1000=1.0");
        h.processWatermark(150 + WINDOW + SeriesStateFunction.EMIT_TICK_MS);
        assertThat(samples(h)).containsExactly("1000=1.0", "2000=2.0");
    }

    @Test
    void dueBatchesOfEveryShardGoOutAsTheWatermarkPassesTheirTickWithoutTimers() throws Exception {
        var h = opened();
        Labels otherShard = Labels.of("__name__", "temperature", "room", "b");
        assertThat(SeriesSharding.shardOf(otherShard.fingerprint(), SeriesSharding.LEGACY_SHARDS))
                .isNotEqualTo(SeriesSharding.shardOf(GAUGE.fingerprint(), SeriesSharding.LEGACY_SHARDS));
        send(h, batch(101, GAUGE, false, 1000, 1));
        send(h, batch(102, GAUGE, false, 2000, 2));
        send(h, batch(103, otherShard, false, 1000, 1));
        assertThat(h.numEventTimeTimers()).isZero();
        h.processWatermark(101 + WINDOW - 1);
        assertThat(samples(h)).isEmpty();
        // Due at 101..103 + WINDOW, rounded up to the tick at 120 + WINDOW: all three then.
        h.processWatermark(103 + WINDOW);
        assertThat(samples(h)).as("held to the tick").isEmpty();
        h.processWatermark(120 + WINDOW);
        assertThat(samples(h)).containsExactly("1000=1.0", "2000=2.0", "1000=1.0");
        // A batch of the next tick waits for it, though the watermark passed its own due time.
        send(h, batch(130, GAUGE, false, 3000, 3));
        h.processWatermark(130 + WINDOW);
        assertThat(samples(h)).hasSize(3);
        h.processWatermark(140 + WINDOW);
        assertThat(samples(h)).endsWith("3000=3.0");
        assertThat(h.numEventTimeTimers()).isZero();
    }

    @Test
    void deltaPointsAreAddedUpInTimestampOrder() throws Exception {
        var h = opened();
        send(h, batch(120, DELTA, true, 3000, 3));
        send(h, batch(110, DELTA, true, 2000, 2));
        send(h, batch(100, DELTA, true, 1000, 1));
        h.processWatermark(1000);
        assertThat(samples(h)).containsExactly("1000=1.0", "2000=3.0", "3000=6.0");
    }

    @Test
    void onlyDataOlderThanWhatWasEmittedIsLate() throws Exception {
        var h = opened();
        send(h, batch(100, GAUGE, false, 2000, 2));
        h.processWatermark(1000);
        send(h, batch(1100, GAUGE, false, 1000, 1)); // older than what went out: late
        send(h, batch(1100, GAUGE, false, 2000, 2)); // the same timestamp again: a duplicate
        send(h, batch(1100, GAUGE, false, 3000, 3));
        h.processWatermark(2000);
        assertThat(samples(h)).containsExactly("2000=2.0", "3000=3.0");
    }

    @Test
    void lateSamplesGoOutWithinTheReceiversOutOfOrderWindowButLateDeltasDoNot() throws Exception {
        var h = harness(new SeriesOrdering(Duration.ofMillis(WINDOW), Duration.ofSeconds(5), Duration.ofHours(1)));
        h.open();
        send(h, batch(100, GAUGE, false, 10_000, 10));
        send(h, batch(100, DELTA, true, 10_000, 10));
        h.processWatermark(1000);
        send(h, batch(1100, GAUGE, false, 6_000, 6));   // 4s late: within 5s
        send(h, batch(1100, GAUGE, false, 4_000, 4));   // 6s late: beyond
        send(h, batch(1100, DELTA, true, 9_000, 1));    // a late delta would send a total back in time
        h.processWatermark(2000);
        assertThat(samples(h)).containsExactly("10000=10.0", "10000=10.0", "6000=6.0");
    }

    @Test
    void aLateBatchWaitsForHeldBatchesThatArrivedBeforeIt() throws Exception {
        var h = opened();
        send(h, batch(105, GAUGE, false, 1000, 1)); // due at 305; its timer is rounded up to 320
        h.processWatermark(310);
        assertThat(samples(h)).isEmpty();
        send(h, batch(108, GAUGE, false, 2000, 2)); // due at 308 <= 310: late, goes out at once
        assertThat(samples(h)).as("the earlier arrival first, nothing dropped").containsExactly("1000=1.0", "2000=2.0");
    }

    @Test
    void aBatchWithoutArrivalTimeGoesOutAtOnce() throws Exception {
        var h = opened();
        send(h, batch(SeriesBatch.NO_ARRIVAL, GAUGE, false, 1000, 1));
        assertThat(samples(h)).containsExactly("1000=1.0");
    }

    @Test
    void severalPointsOfOneSeriesInOneBatchAreSortedAndMerged() throws Exception {
        var h = opened();
        SeriesBatch b = batch(100, DELTA, true, 3000, 3);
        b.add(TimeSeries.ofSample(DELTA, 1000, 1), true);
        b.add(new TimeSeries(DELTA, new long[] {2000, 2500}, new double[] {2, 0.5}, null, null, null), true);
        send(h, b);
        h.processWatermark(1000);
        assertThat(h.extractOutputValues()).hasSize(1);
        assertThat(samples(h)).containsExactly("1000=1.0", "2000=3.0", "2500=3.5", "3000=6.5");
    }

    @Test
    void histogramsFollowTheSameRules() throws Exception {
        var h = opened();
        Labels labels = Labels.of("__name__", "latency_seconds");
        int shard = SeriesSharding.shardOf(labels.fingerprint(), SeriesSharding.LEGACY_SHARDS);
        SeriesBatch second = new SeriesBatch(shard, 150);
        second.add(new TimeSeries(labels, null, null, new Histogram[] {histogram(2000)}, null, null), false);
        SeriesBatch first = new SeriesBatch(shard, 100);
        first.add(new TimeSeries(labels, null, null, new Histogram[] {histogram(1000)}, null, null), false);
        send(h, second);
        send(h, first);
        h.processWatermark(1000);
        List<Long> times = new ArrayList<>();
        for (TimeSeries ts : h.extractOutputValues()) {
            for (int i = 0; i < ts.histogramCount(); i++) {
                times.add(ts.histogram(i).timestampMs());
            }
        }
        assertThat(times).containsExactly(1000L, 2000L);
    }

    @Test
    void heldSamplesAndDeltaTotalsSurviveASnapshotAndRestore() throws Exception {
        var h = opened();
        send(h, batch(100, DELTA, true, 1000, 1));
        h.processWatermark(1000);
        send(h, batch(1100, DELTA, true, 2000, 2)); // held when the snapshot is taken
        OperatorSubtaskState snapshot = h.snapshot(1, 1100);
        assertThat(samples(h)).containsExactly("1000=1.0");

        var restored = harness(new SeriesOrdering(Duration.ofMillis(WINDOW), Duration.ZERO, Duration.ofHours(1)));
        restored.initializeState(snapshot);
        restored.open();
        send(restored, batch(1150, DELTA, true, 3000, 3));
        restored.processWatermark(2000);
        assertThat(samples(restored)).containsExactly("2000=3.0", "3000=6.0");
    }

    @Test
    void seriesStateExpiresAfterTheTtlWithoutUpdates() throws Exception {
        var h = harness(new SeriesOrdering(Duration.ofMillis(WINDOW), Duration.ZERO, Duration.ofMinutes(4)));
        h.setProcessingTime(0);
        h.open();
        send(h, batch(100, DELTA, true, 1000, 1));
        h.processWatermark(1000);
        h.setProcessingTime(Duration.ofMinutes(3).toMillis());
        send(h, batch(1100, DELTA, true, 2000, 2)); // updated at 3m: kept by the sweep at 4m
        h.processWatermark(2000);
        h.setProcessingTime(Duration.ofMinutes(4).toMillis());
        send(h, batch(2100, DELTA, true, 3000, 3));
        h.processWatermark(3000);
        // Idle from 4m on: the sweeps at 5m, 6m, 7m and 8m remove it (last update + 4m < now).
        h.setProcessingTime(Duration.ofMinutes(9).toMillis());
        send(h, batch(3100, DELTA, true, 4000, 4));
        h.processWatermark(4000);
        assertThat(samples(h)).as("the total starts over once the series expired")
                .containsExactly("1000=1.0", "2000=3.0", "3000=6.0", "4000=4.0");
        // The sweeps stopped when the shard was empty; its next record scheduled them again.
        h.setProcessingTime(Duration.ofMinutes(15).toMillis());
        send(h, batch(4100, DELTA, true, 5000, 5));
        h.processWatermark(5000);
        assertThat(samples(h)).as("expired again after the shard emptied once").endsWith("4000=4.0", "5000=5.0");
    }

    private static final Labels DELTA_HISTOGRAM = Labels.of("__name__", "payload_bytes");

    /** A delta exponential histogram as the translator makes it: buckets at {@code schema} from index 1. */
    private static SeriesBatch deltaHistogram(long arrival, long t, int schema, long zeroCount, long... counts) {
        long[] deltas = new long[counts.length];
        long count = zeroCount;
        for (int i = 0; i < counts.length; i++) {
            deltas[i] = counts[i] - (i == 0 ? 0 : counts[i - 1]);
            count += counts[i];
        }
        Histogram h = Histogram.integerHistogram().timestampMs(t).schema(schema).count(count).sum(count * 1.5)
                .zeroThreshold(1e-128).zeroCount(zeroCount)
                .positiveSpans(new int[] {1}, new int[] {counts.length}).positiveDeltas(deltas).build();
        SeriesBatch b = new SeriesBatch(SeriesSharding.shardOf(DELTA_HISTOGRAM.fingerprint(), SeriesSharding.LEGACY_SHARDS), arrival);
        b.add(new TimeSeries(DELTA_HISTOGRAM, null, null, new Histogram[] {h}, null, null), true);
        return b;
    }

    /** Every histogram emitted so far as "t: count/sum schema [positive counts] hint". */
    private static List<String> histograms(KeyedOneInputStreamOperatorTestHarness<Integer, SeriesBatch, TimeSeries> h) {
        List<String> out = new ArrayList<>();
        for (TimeSeries ts : h.extractOutputValues()) {
            for (int i = 0; i < ts.histogramCount(); i++) {
                Histogram x = ts.histogram(i);
                List<Long> counts = new ArrayList<>();
                long c = 0;
                for (long d : x.positiveDeltas()) {
                    c += d;
                    counts.add(c);
                }
                out.add(x.timestampMs() + ": " + x.countInt() + "/" + x.sum() + " s" + x.schema() + " "
                        + java.util.Arrays.toString(x.positiveSpanOffsets()) + counts + " z" + x.zeroCountInt()
                        + (x.resetHint() == Histogram.RESET_YES ? " reset" : ""));
            }
        }
        return out;
    }

    @Test
    void deltaExponentialHistogramsAreAddedUpInTimestampOrderAtTheCoarserSchema() throws Exception {
        var h = opened();
        send(h, deltaHistogram(120, 3000, 0, 0, 1));
        send(h, deltaHistogram(110, 2000, 0, 1, 2, 1));
        send(h, deltaHistogram(100, 1000, 1, 0, 3, 1, 2)); // schema 1: buckets 1, 2 -> 1; 3 -> 2
        h.processWatermark(1000);
        assertThat(histograms(h)).containsExactly(
                "1000: 6/9.0 s1 [1][3, 1, 2] z0 reset",
                "2000: 10/15.0 s0 [1][6, 3] z1",
                "3000: 11/16.5 s0 [1][7, 3] z1");
    }

    @Test
    void aDeltaHistogramTotalStartsOverWithAResetHintOnceTheSeriesExpired() throws Exception {
        var h = harness(new SeriesOrdering(Duration.ofMillis(WINDOW), Duration.ZERO, Duration.ofMinutes(4)));
        h.setProcessingTime(0);
        h.open();
        send(h, deltaHistogram(100, 1000, 0, 0, 5));
        send(h, deltaHistogram(100, 2000, 0, 0, 5));
        h.processWatermark(1000);
        h.setProcessingTime(Duration.ofMinutes(9).toMillis()); // the sweeps remove the idle series
        send(h, deltaHistogram(1100, 3000, 0, 0, 2));
        h.processWatermark(2000);
        assertThat(histograms(h)).containsExactly(
                "1000: 5/7.5 s0 [1][5] z0 reset",
                "2000: 10/15.0 s0 [1][10] z0",
                "3000: 2/3.0 s0 [1][2] z0 reset");
    }

    @Test
    void deltaHistogramTotalsSurviveASnapshotAndRestore() throws Exception {
        var h = opened();
        send(h, deltaHistogram(100, 1000, 0, 0, 1, 2));
        h.processWatermark(1000);
        OperatorSubtaskState snapshot = h.snapshot(1, 1000);

        var restored = harness(new SeriesOrdering(Duration.ofMillis(WINDOW), Duration.ZERO, Duration.ofHours(1)));
        restored.initializeState(snapshot);
        restored.open();
        send(restored, deltaHistogram(1100, 2000, 0, 0, 1, 1));
        restored.processWatermark(2000);
        assertThat(histograms(restored)).containsExactly("2000: 5/7.5 s0 [1][2, 3] z0");
    }

    private static Histogram histogram(long t) {
        return Histogram.integerHistogram().timestampMs(t).schema(0).count(1).sum(1).zeroThreshold(0).zeroCount(0)
                .positiveSpans(new int[] {0}, new int[] {1}).positiveDeltas(new long[] {1}).build();
    }
}
