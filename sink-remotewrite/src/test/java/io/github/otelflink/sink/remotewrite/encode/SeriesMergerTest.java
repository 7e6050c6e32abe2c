package io.github.otelflink.sink.remotewrite.encode;

import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import io.github.otelflink.sink.remotewrite.proto.Remote;
import io.github.otelflink.sink.remotewrite.proto.Types;
import io.github.otelflink.sink.remotewrite.proto.v2.WriteV2;

import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Records of one series in a batch go on the wire as one TimeSeries, points in order. */
class SeriesMergerTest {
    private static final Labels A = Labels.of("__name__", "a", "job", "x");
    private static final Labels B = Labels.of("__name__", "b", "job", "x");

    private static List<TimeSeries> batch() {
        return List.of(
                TimeSeries.ofSample(A, 1000, 1),
                TimeSeries.ofSample(B, 1000, 10),
                // an equal but distinct Labels instance, as separate translations produce
                TimeSeries.ofSample(Labels.of("__name__", "a", "job", "x"), 2000, 2),
                TimeSeries.ofSample(A, 3000, 3));
    }

    @Test
    void mergesRecordsOfTheSameSeriesInRemoteWrite1() throws Exception {
        EncodedRequest r = new WriteRequestEncoder(false).encode(batch());
        Remote.WriteRequest w = Remote.WriteRequest.parseFrom(Snappy.uncompress(r.body()));

        assertThat(w.getTimeseriesCount()).isEqualTo(2);
        assertThat(w.getTimeseries(0).getLabels(1).getValue()).isEqualTo("x");
        assertThat(w.getTimeseries(0).getSamplesList()).extracting(Types.Sample::getTimestamp).containsExactly(1000L, 2000L, 3000L);
        assertThat(w.getTimeseries(0).getSamplesList()).extracting(Types.Sample::getValue).containsExactly(1.0, 2.0, 3.0);
        assertThat(w.getTimeseries(1).getSamplesList()).extracting(Types.Sample::getValue).containsExactly(10.0);
        assertThat(r.samples()).isEqualTo(4);
    }

    @Test
    void mergesRecordsOfTheSameSeriesInRemoteWrite2() throws Exception {
        EncodedRequest r = new WriteRequestV2Encoder().encode(batch());
        WriteV2.Request w = WriteV2.Request.parseFrom(Snappy.uncompress(r.body()));

        assertThat(w.getTimeseriesCount()).isEqualTo(2);
        assertThat(w.getTimeseries(0).getSamplesList()).extracting(WriteV2.Sample::getTimestamp).containsExactly(1000L, 2000L, 3000L);
    }

    /** Many series, some repeated in other {@code Labels} instances: grouped as a map of labels would group them. */
    @Test
    void groupsAsAMapOfLabelsWould() {
        java.util.Random random = new java.util.Random(3);
        List<TimeSeries> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            int series = random.nextInt(2500);
            batch.add(TimeSeries.ofSample(Labels.of("__name__", "m", "id", Integer.toString(series)), i, series));
        }
        java.util.Map<Labels, List<Long>> expected = new java.util.LinkedHashMap<>();
        for (TimeSeries ts : batch) {
            expected.computeIfAbsent(ts.labels(), k -> new java.util.ArrayList<>()).add(ts.timestamp(0));
        }

        List<TimeSeries> merged = SeriesMerger.merge(batch);

        assertThat(merged).hasSize(expected.size());
        int i = 0;
        for (java.util.Map.Entry<Labels, List<Long>> e : expected.entrySet()) {
            TimeSeries ts = merged.get(i++);
            assertThat(ts.labels()).isEqualTo(e.getKey());
            List<Long> timestamps = new java.util.ArrayList<>();
            for (int s = 0; s < ts.sampleCount(); s++) {
                timestamps.add(ts.timestamp(s));
            }
            assertThat(timestamps).isEqualTo(e.getValue());
        }
    }

    @Test
    void leavesABatchWithoutRepeatsAsItIs() {
        List<TimeSeries> distinct = List.of(TimeSeries.ofSample(A, 1, 1), TimeSeries.ofSample(B, 1, 1));
        assertThat(SeriesMerger.merge(distinct)).isSameAs(distinct);
    }
}
