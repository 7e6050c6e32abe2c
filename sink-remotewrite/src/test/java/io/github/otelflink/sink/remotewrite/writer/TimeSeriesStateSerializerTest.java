package io.github.otelflink.sink.remotewrite.writer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.sink.remotewrite.model.Exemplar;
import io.github.otelflink.sink.remotewrite.model.Histogram;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.MetricMetadata;
import io.github.otelflink.sink.remotewrite.model.MetricType;
import io.github.otelflink.sink.remotewrite.model.StaleNaN;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import io.github.otelflink.sink.remotewrite.model.TimeSeriesCodec;

import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.RequestEntryWrapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

class TimeSeriesStateSerializerTest {

    private final TimeSeriesStateSerializer serializer = new TimeSeriesStateSerializer();

    private static TimeSeries full() {
        return TimeSeries.builder(Labels.of("__name__", "req_seconds", "path", "/ä/日本"))
                .sample(-5, StaleNaN.VALUE)
                .sample(0, -0.0)
                .sample(10, 1.5)
                .histogram(Histogram.integerHistogram().count(3L).sum(2.5).schema(-1).zeroCount(1L)
                        .positiveSpans(new int[] {0, 2}, new int[] {1, 1}).positiveDeltas(new long[] {1, 1})
                        .resetHint(Histogram.RESET_NO).timestampMs(11).build())
                .histogram(Histogram.floatHistogram().sum(StaleNaN.VALUE).timestampMs(12).build())
                .exemplar(new Exemplar(new String[] {"trace_id"}, new String[] {"abc"}, 1.25, 9))
                .metadata(new MetricMetadata(MetricType.HISTOGRAM, "req_seconds", "Request time.", "seconds"))
                .build();
    }

    private BufferedRequestState<TimeSeries> roundTrip(BufferedRequestState<TimeSeries> state) throws IOException {
        byte[] bytes = serializer.serialize(state);
        return serializer.deserialize(serializer.getVersion(), bytes);
    }

    @Test
    void versionIsTheCodecVersion() {
        // 3: start timestamps (a series without them is written as version 2 did).
        assertThat(serializer.getVersion()).isEqualTo(TimeSeriesCodec.VERSION).isEqualTo(3);
    }

    @Test
    void aVersion2CheckpointStillRestoresAndStartTimestampsRoundTrip() throws IOException {
        TimeSeries counter = TimeSeries.builder(Labels.of("__name__", "requests_total"))
                .sample(1000, 1, 500).sample(2000, 2, 500).build();
        // full() has no start timestamps: its bytes are the version 2 layout (TimeSeriesStartTimestampCodecTest).
        byte[] version2 = serializer.serialize(new BufferedRequestState<>(List.of(new RequestEntryWrapper<>(full(), 100))));
        byte[] version3 = serializer.serialize(new BufferedRequestState<>(List.of(new RequestEntryWrapper<>(counter, 60))));

        assertThat(serializer.deserialize(2, version2).getBufferedRequestEntries().get(0).getRequestEntry()).isEqualTo(full());
        TimeSeries back = serializer.deserialize(3, version3).getBufferedRequestEntries().get(0).getRequestEntry();
        assertThat(back).isEqualTo(counter);
        assertThat(back.startTimestamp(1)).isEqualTo(500);
    }

    @Test
    void bufferedEntriesRoundTripWithTheirSizesInOrder() throws IOException {
        TimeSeries a = full();
        TimeSeries b = TimeSeries.ofSample(Labels.of("__name__", "up"), 1_700_000_000_000L, 1);
        TimeSeries c = TimeSeries.builder(Labels.of("__name__", "empty")).build();
        BufferedRequestState<TimeSeries> state = new BufferedRequestState<>(List.of(
                new RequestEntryWrapper<>(a, 512), new RequestEntryWrapper<>(b, 40), new RequestEntryWrapper<>(c, 7)));

        List<RequestEntryWrapper<TimeSeries>> back = roundTrip(state).getBufferedRequestEntries();

        assertThat(back).hasSize(3);
        assertThat(back).extracting(RequestEntryWrapper::getRequestEntry).containsExactly(a, b, c);
        assertThat(back).extracting(RequestEntryWrapper::getSize).containsExactly(512L, 40L, 7L);
    }

    @Test
    void staleMarkerBitsSurviveTheCheckpoint() throws IOException {
        BufferedRequestState<TimeSeries> state =
                new BufferedRequestState<>(List.of(new RequestEntryWrapper<>(full(), 100)));

        TimeSeries back = roundTrip(state).getBufferedRequestEntries().get(0).getRequestEntry();

        assertThat(Double.doubleToRawLongBits(back.value(0))).isEqualTo(StaleNaN.BITS);
        assertThat(Double.doubleToRawLongBits(back.value(1))).isEqualTo(0x8000000000000000L);
        assertThat(back.histogram(1).isStaleMarker()).isTrue();
        assertThat(back.metadata()).isEqualTo(full().metadata());
        assertThat(back.exemplar(0)).isEqualTo(full().exemplar(0));
    }

    @Test
    void emptyStateRoundTrips() throws IOException {
        BufferedRequestState<TimeSeries> back = roundTrip(BufferedRequestState.emptyState());

        assertThat(back.getBufferedRequestEntries()).isEmpty();
    }

    @Test
    void manyEntriesRoundTrip() throws IOException {
        List<RequestEntryWrapper<TimeSeries>> entries = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            TimeSeries ts = TimeSeries.builder(Labels.of("__name__", "m", "i", Integer.toString(i)))
                    .sample(i, i * 0.5).sample(i + 1L, -i).build();
            entries.add(new RequestEntryWrapper<>(ts, 30 + i));
        }

        List<RequestEntryWrapper<TimeSeries>> back =
                roundTrip(new BufferedRequestState<>(entries)).getBufferedRequestEntries();

        assertThat(back).hasSize(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            assertThat(back.get(i).getRequestEntry()).isEqualTo(entries.get(i).getRequestEntry());
            assertThat(back.get(i).getSize()).isEqualTo(entries.get(i).getSize());
        }
    }
}
