package io.github.otelflink.job.series;

import io.github.otelflink.sink.remotewrite.model.Exemplar;
import io.github.otelflink.sink.remotewrite.model.Histogram;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.MetricMetadata;
import io.github.otelflink.sink.remotewrite.model.MetricType;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One series' parts from several requests, merged: every point in timestamp order, nothing lost. */
class SeriesReorderTest {
    private static final Labels LABELS = Labels.of("__name__", "requests_total");
    private static final MetricMetadata METADATA = new MetricMetadata(MetricType.COUNTER, "requests_total", "", "");

    @Test
    void mergeOrdersSamplesAndHistogramsStablyAndKeepsStartsExemplarsAndMetadata() {
        Exemplar exemplar = new Exemplar(new String[] {"trace_id"}, new String[] {"t1"}, 1, 3000);
        TimeSeries later = TimeSeries.builder(LABELS)
                .sample(3000, 3, 100).sample(4000, 4, 100)
                .histogram(Histogram.integerHistogram().count(2).timestampMs(3000).build())
                .exemplar(exemplar)
                .metadata(METADATA)
                .build();
        // The earlier request arrived second; its gauge-like sample has no start time; a tie at 3000.
        TimeSeries earlier = TimeSeries.builder(LABELS)
                .sample(1000, 1).sample(3000, 30, 100)
                .histogram(Histogram.integerHistogram().count(1).timestampMs(1000).build())
                .build();

        TimeSeries merged = SeriesReorder.merge(List.of(later, earlier));

        assertThat(merged.labels()).isEqualTo(LABELS);
        assertThat(merged.sampleCount()).isEqualTo(4);
        List<String> points = new ArrayList<>();
        for (int i = 0; i < merged.sampleCount(); i++) {
            points.add(merged.timestamp(i) + "=" + (long) merged.value(i) + " from " + merged.startTimestamp(i));
        }
        assertThat(points).as("timestamp=value from start; the tie keeps arrival order")
                .containsExactly("1000=1 from 0", "3000=3 from 100", "3000=30 from 100", "4000=4 from 100");
        assertThat(merged.histogramCount()).isEqualTo(2);
        assertThat(merged.histogram(0).timestampMs()).isEqualTo(1000);
        assertThat(merged.histogram(1).timestampMs()).isEqualTo(3000);
        assertThat(merged.exemplarCount()).isEqualTo(1);
        assertThat(merged.exemplar(0)).isEqualTo(exemplar);
        assertThat(merged.metadata()).isEqualTo(METADATA);
    }

    @Test
    void aSeriesWithoutStartTimestampsStaysWithout() {
        TimeSeries a = TimeSeries.builder(LABELS).sample(2000, 2).build();
        TimeSeries b = TimeSeries.builder(LABELS).sample(1000, 1).build();
        TimeSeries merged = SeriesReorder.merge(List.of(a, b));
        assertThat(merged.hasStartTimestamps()).isFalse();
        assertThat(merged.timestamp(0)).isEqualTo(1000);
        assertThat(merged.timestamp(1)).isEqualTo(2000);
    }

    @Test
    void distinctSeriesAreToldFromARepeatAnywhereAmongTheBatches() {
        // Enough series that the fingerprints' set probes past taken slots.
        List<SeriesBatch> batches = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            SeriesBatch batch = new SeriesBatch(0);
            for (int i = 0; i < 700; i++) {
                batch.add(TimeSeries.builder(Labels.of("__name__", "m", "i", b + "-" + i)).sample(1000, 1).build(), false);
            }
            batches.add(batch);
        }
        assertThat(SeriesReorder.hasDistinctSeries(batches)).isTrue();
        assertThat(SeriesReorder.hasDistinctSeries(List.of(new SeriesBatch(0)))).isTrue();

        for (int at : new int[] {0, 1, 2}) {
            SeriesBatch repeat = new SeriesBatch(0);
            repeat.add(TimeSeries.builder(Labels.of("__name__", "m", "i", at + "-" + (at * 300))).sample(2000, 2).build(), false);
            List<SeriesBatch> withRepeat = new ArrayList<>(batches);
            withRepeat.add(at, repeat);
            assertThat(SeriesReorder.hasDistinctSeries(withRepeat)).as("repeat before batch %d", at).isFalse();
        }
        SeriesBatch twice = new SeriesBatch(0);
        twice.add(TimeSeries.builder(LABELS).sample(1000, 1).build(), false);
        twice.add(TimeSeries.builder(LABELS).sample(2000, 2).build(), false);
        assertThat(SeriesReorder.hasDistinctSeries(List.of(twice))).as("twice in one batch").isFalse();
    }
}
