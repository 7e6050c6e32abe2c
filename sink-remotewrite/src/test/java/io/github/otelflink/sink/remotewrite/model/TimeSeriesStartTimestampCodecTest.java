package io.github.otelflink.sink.remotewrite.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.HexFormat;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * Start timestamps in the codec (version 3): they round-trip on samples and histograms, a series
 * without them is written byte for byte as version 2 did, and version 2 bytes still read.
 */
class TimeSeriesStartTimestampCodecTest {
    private static final Labels LABELS = Labels.of("__name__", "requests_total", "job", "api");

    /**
     * {@link #oldLayoutSeries()} as the version 2 codec (the commit before start timestamps) wrote
     * it: two samples, an integer and a float histogram, metadata. Checked in because held batches
     * and the sink's buffer hold these bytes in checkpoints.
     */
    private static final String VERSION_2_BYTES = "fffffffe17937896b5cff5a0000000280a1a0a085f5f6e616d655f5f120e72657175657374735f746f74616c0a0a0a036a6f6212036170690000000200000000000003e83ff000000000000000000000000007d04000000000000000000000020000000000000000030000000000000000401200000000000000000001255bba08cf8c979d0000000000000000000000000000000000000000000000000000000000000000000000010000000100000001000000020000000200000000000000010000000000000001000000000100000000000007d001000000000000000040000000000000003ff800000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000100000000000000010000000100000000000000014000000000000000000000000000000bb80000000001010f72657175657374735f746f74616c0568656c7001";

    @Test
    void version2BytesStillReadWithoutStartTimestamps() throws IOException {
        TimeSeries back = TimeSeriesCodec.read(new DataInputDeserializer(HexFormat.of().parseHex(VERSION_2_BYTES)));

        assertThat(back).isEqualTo(oldLayoutSeries());
        assertThat(back.hasStartTimestamps()).isFalse();
        assertThat(back.histogram(0).startTimestampMs()).isZero();
        assertThat(back.histogram(1).isFloat()).isTrue();
    }

    @Test
    void aSeriesWithoutStartTimestampsIsWrittenAsVersion2Did() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TimeSeriesCodec.write(oldLayoutSeries(), out);

        assertThat(HexFormat.of().formatHex(out.getCopyOfBuffer())).isEqualTo(VERSION_2_BYTES);
    }

    @Test
    void startTimestampsRoundTripOnSamplesAndHistograms() throws IOException {
        Histogram h = Histogram.integerHistogram().timestampMs(3000).startTimestampMs(500).schema(0).count(1).sum(1)
                .positiveSpans(new int[] {1}, new int[] {1}).positiveDeltas(new long[] {1}).build();
        Histogram plain = Histogram.floatHistogram().timestampMs(4000).count(1.0).build();
        TimeSeries ts = new TimeSeries(LABELS, new long[] {1000, 2000}, new double[] {1, 2}, new long[] {900, 0},
                new Histogram[] {h, plain}, null, null);
        DataOutputSerializer out = new DataOutputSerializer(64);
        TimeSeriesCodec.write(ts, out);
        TimeSeriesCodec.write(TimeSeries.ofSample(LABELS, 5000, 5), out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());

        TimeSeries back = TimeSeriesCodec.read(in);
        TimeSeries gauge = TimeSeriesCodec.read(in);

        assertThat(back).isEqualTo(ts);
        assertThat(back.startTimestamp(0)).isEqualTo(900);
        assertThat(back.startTimestamp(1)).isZero();
        assertThat(back.histogram(0).startTimestampMs()).isEqualTo(500);
        assertThat(back.histogram(1).startTimestampMs()).isZero();
        assertThat(back.histogram(1).isFloat()).isTrue();
        assertThat(gauge.hasStartTimestamps()).isFalse();
        assertThat(in.available()).isZero();
    }

    @Test
    void slicesRetainedPointsAndMergesKeepEachSamplesStart() {
        TimeSeries ts = TimeSeries.builder(LABELS).sample(1000, 1, 100).sample(2000, 2, 0).sample(3000, 3, 300).build();

        TimeSeries slice = ts.slice(1, 3);
        TimeSeries kept = ts.retainPoints(new boolean[] {true, false, true});

        assertThat(slice.startTimestamp(0)).isZero();
        assertThat(slice.startTimestamp(1)).isEqualTo(300);
        assertThat(kept.startTimestamp(0)).isEqualTo(100);
        assertThat(kept.startTimestamp(1)).isEqualTo(300);
        assertThat(TimeSeries.builder(LABELS).sample(1000, 1).build().hasStartTimestamps()).isFalse();
        assertThat(ts).isNotEqualTo(TimeSeries.builder(LABELS).sample(1000, 1).sample(2000, 2).sample(3000, 3).build());
    }

    private static TimeSeries oldLayoutSeries() {
        Histogram h = Histogram.integerHistogram().timestampMs(2000).schema(1).count(3).sum(4.5).zeroThreshold(1e-128)
                .positiveSpans(new int[] {1}, new int[] {2}).positiveDeltas(new long[] {1, 1}).resetHint(Histogram.RESET_YES)
                .build();
        Histogram f = Histogram.floatHistogram().timestampMs(3000).schema(0).count(2.0).sum(1.5)
                .positiveSpans(new int[] {0}, new int[] {1}).positiveCounts(new double[] {2.0}).build();
        return new TimeSeries(LABELS, new long[] {1000, 2000}, new double[] {1, 2}, new Histogram[] {h, f}, null,
                new MetricMetadata(MetricType.COUNTER, "requests_total", "help", ""));
    }
}
