package io.github.otelflink.job.series;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.sink.remotewrite.model.Histogram;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.StaleNaN;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.Test;

/**
 * Start timestamps through the keyed step's guard: a cumulative point keeps its own, a delta
 * total carries the start of its accumulation (the first delta's start time) until its state
 * starts over, and a series without start timestamps gains no array for them.
 */
class SeriesStartTimestampTest {
    private static final Labels COUNTER = Labels.of("__name__", "requests_total");

    private final SeriesOrderGuard guard = new SeriesOrderGuard(0, new SeriesOrderGuard.Counts(
            new SimpleCounter(), new SimpleCounter(), new SimpleCounter(), new SimpleCounter(), new SimpleCounter()));

    private static TimeSeries sample(long t, double v, long start) {
        return TimeSeries.builder(COUNTER).sample(t, v, start).build();
    }

    private static Histogram delta(long t, long count, long start) {
        return Histogram.integerHistogram().timestampMs(t).startTimestampMs(start).schema(0).count(count).sum(count)
                .zeroThreshold(1e-128).positiveSpans(new int[] {1}, new int[] {1}).positiveDeltas(new long[] {count}).build();
    }

    @Test
    void aCumulativePointKeepsItsOwnStartTimestamp() {
        SeriesState state = new SeriesState();
        TimeSeries in = TimeSeries.builder(COUNTER).sample(1000, 1, 500).sample(2000, 2, 500).build();

        assertThat(guard.apply(in, false, state)).isSameAs(in);
        TimeSeries afterRestart = guard.apply(sample(3000, 1, 2500), false, state);
        assertThat(afterRestart.startTimestamp(0)).isEqualTo(2500);
        assertThat(state.startMs).isZero();
    }

    @Test
    void aDroppedPointTakesItsStartTimestampWithItAndTheOthersKeepTheirs() {
        SeriesState state = new SeriesState();
        guard.apply(sample(2000, 2, 500), false, state);

        TimeSeries out = guard.apply(TimeSeries.builder(COUNTER).sample(1500, 1, 400).sample(3000, 3, 600).build(), false, state);

        assertThat(out.sampleCount()).isEqualTo(1);
        assertThat(out.timestamp(0)).isEqualTo(3000);
        assertThat(out.startTimestamp(0)).isEqualTo(600);
    }

    @Test
    void aDeltaTotalCarriesTheFirstDeltasStartUntilItsStateStartsOver() {
        SeriesState state = new SeriesState();
        TimeSeries first = guard.apply(sample(2000, 3, 1000), true, state);
        TimeSeries second = guard.apply(TimeSeries.builder(COUNTER).sample(3000, 4, 2000).sample(4000, 1, 3000).build(), true, state);

        assertThat(first.value(0)).isEqualTo(3);
        assertThat(first.startTimestamp(0)).isEqualTo(1000);
        assertThat(second.value(1)).isEqualTo(8);
        assertThat(second.startTimestamp(0)).isEqualTo(1000);
        assertThat(second.startTimestamp(1)).isEqualTo(1000);
        assertThat(state.startMs).isEqualTo(1000);

        SeriesState expired = new SeriesState(); // the sweep removed the state: the total starts over
        TimeSeries again = guard.apply(sample(9000, 5, 8000), true, expired);
        assertThat(again.value(0)).isEqualTo(5);
        assertThat(again.startTimestamp(0)).isEqualTo(8000);
    }

    @Test
    void aDeltaTotalRestoredWithoutAStartSendsNone() {
        SeriesState restored = new SeriesState(); // as an older checkpoint restores: a total, startMs 0
        restored.lastSampleMs = 2000;
        restored.total = 3;

        TimeSeries out = guard.apply(sample(3000, 4, 2000), true, restored);

        assertThat(out.value(0)).isEqualTo(7);
        assertThat(out.startTimestamp(0)).isZero();
    }

    @Test
    void aStaleMarkerInADeltaSeriesHasNoStartTimestamp() {
        SeriesState state = new SeriesState();
        guard.apply(sample(2000, 3, 1000), true, state);

        TimeSeries out = guard.apply(TimeSeries.builder(COUNTER).sample(3000, StaleNaN.VALUE).build(), true, state);

        assertThat(StaleNaN.isStaleNaN(out.value(0))).isTrue();
        assertThat(out.startTimestamp(0)).isZero();
    }

    @Test
    void aDeltaNativeHistogramTotalCarriesTheFirstDeltasStart() {
        SeriesState state = new SeriesState();
        Labels name = Labels.of("__name__", "payload_bytes");

        Histogram first = guard.apply(new TimeSeries(name, null, null, new Histogram[] {delta(2000, 2, 1000)}, null, null),
                true, state).histogram(0);
        Histogram second = guard.apply(new TimeSeries(name, null, null, new Histogram[] {delta(3000, 3, 2000)}, null, null),
                true, state).histogram(0);

        assertThat(first.countInt()).isEqualTo(2);
        assertThat(first.startTimestampMs()).isEqualTo(1000);
        assertThat(second.countInt()).isEqualTo(5);
        assertThat(second.startTimestampMs()).isEqualTo(1000);
    }

    @Test
    void aHeldBatchKeepsItsStartTimestampsThroughItsSerializer() throws Exception {
        SeriesBatch batch = new SeriesBatch(3, 1000);
        batch.add(TimeSeries.builder(COUNTER).sample(2000, 3, 1000).sample(3000, 4, 0).build(), true);
        batch.add(TimeSeries.ofSample(Labels.of("__name__", "temperature"), 2000, 21), false);
        batch.add(new TimeSeries(Labels.of("__name__", "payload_bytes"), null, null,
                new Histogram[] {delta(2000, 2, 1500)}, null, null), true);
        DataOutputSerializer out = new DataOutputSerializer(64);
        SeriesBatchSerializer.INSTANCE.serialize(batch, out);

        SeriesBatch back = SeriesBatchSerializer.INSTANCE.deserialize(
                new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(back).isEqualTo(batch);
        assertThat(back.series(0).startTimestamp(0)).isEqualTo(1000);
        assertThat(back.series(1).hasStartTimestamps()).isFalse();
        assertThat(back.series(2).histogram(0).startTimestampMs()).isEqualTo(1500);
    }

    @Test
    void aGaugeGainsNoStartTimestampArray() {
        SeriesState state = new SeriesState();
        guard.apply(TimeSeries.ofSample(COUNTER, 2000, 1), false, state);

        TimeSeries out = guard.apply(new TimeSeries(COUNTER, new long[] {1000, 3000}, new double[] {1, 2}, null, null, null),
                false, state);

        assertThat(out.sampleCount()).isEqualTo(1);
        assertThat(out.hasStartTimestamps()).isFalse();
    }
}
