package io.github.otelflink.sink.remotewrite.deadletter;

import io.github.otelflink.sink.remotewrite.model.Histogram;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.StaleNaN;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import io.github.otelflink.sink.remotewrite.validate.DropReason;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterJsonTest {
    @Test
    void writesOneLineAUserCanRead() {
        TimeSeries ts = TimeSeries.builder(Labels.of("__name__", "up", "job", "a\"b\\c\nd"))
                .sample(1000, 1.0).sample(2000, 0.25).sample(3000, StaleNaN.VALUE)
                .sample(4000, Double.NaN).sample(5000, Double.NEGATIVE_INFINITY).build();
        String json = DeadLetterJson.encode(
                new DeadLetter(ts, DropReason.TOO_OLD, 400, "out of bounds\n", 1_733_338_800_123L));

        assertThat(json).isEqualTo("{\"time\":\"2024-12-04T19:00:00.123Z\",\"reason\":\"too_old\",\"status\":400,"
                + "\"message\":\"out of bounds\\n\",\"labels\":{\"__name__\":\"up\",\"job\":\"a\\\"b\\\\c\\nd\"},"
                + "\"samples\":[{\"timestamp\":1000,\"value\":\"1\"},{\"timestamp\":2000,\"value\":\"0.25\"},"
                + "{\"timestamp\":3000,\"value\":\"stale\"},{\"timestamp\":4000,\"value\":\"NaN\"},"
                + "{\"timestamp\":5000,\"value\":\"-Inf\"}]}");
        assertThat(json).doesNotContain("\n");
    }

    @Test
    void valueTextsReadBackToTheSameBits() {
        for (double v : new double[] {0, -0.0, 1, -17, 0.1, 1e300, 123456789012345678.0, Double.MIN_VALUE,
                Double.NaN, StaleNaN.VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThat(Double.doubleToRawLongBits(DeadLetterJson.parseValue(DeadLetterJson.valueText(v))))
                    .as("%s", v).isEqualTo(Double.doubleToRawLongBits(v));
        }
    }

    @Test
    void writesNativeHistogramsWithTheirBuckets() {
        Histogram h = Histogram.integerHistogram().count(5).sum(2.5).schema(1).zeroThreshold(0.001).zeroCount(1)
                .positiveSpans(new int[] {0}, new int[] {2}).positiveDeltas(new long[] {3, -2})
                .timestampMs(7000).build();
        TimeSeries ts = TimeSeries.builder(Labels.of("__name__", "latency")).histogram(h).build();
        String json = DeadLetterJson.encode(new DeadLetter(ts, DropReason.REJECTED, 0, "x", 0));

        assertThat(json).endsWith("\"samples\":[],\"histograms\":[{\"timestamp\":7000,\"count\":5,\"sum\":\"2.5\","
                + "\"schema\":1,\"zero_threshold\":\"0.001\",\"zero_count\":1,\"negative_spans\":[],"
                + "\"negative_deltas\":[],\"positive_spans\":[{\"offset\":0,\"length\":2}],"
                + "\"positive_deltas\":[3,-2],\"reset_hint\":0}]}");
    }

    @Test
    void aCountersStartTimestampIsKeptAndAnUnsetOneLeftOut() {
        Histogram h = Histogram.integerHistogram().count(1).timestampMs(7000).startTimestampMs(6000).build();
        TimeSeries ts = TimeSeries.builder(Labels.of("__name__", "requests_total"))
                .sample(1000, 1, 500).sample(2000, 2, 0).histogram(h).build();
        String json = DeadLetterJson.encode(new DeadLetter(ts, DropReason.REJECTED, 0, "x", 0));

        assertThat(json).contains("\"samples\":[{\"timestamp\":1000,\"start_timestamp\":500,\"value\":\"1\"},"
                + "{\"timestamp\":2000,\"value\":\"2\"}]");
        assertThat(json).contains("\"histograms\":[{\"timestamp\":7000,\"start_timestamp\":6000,");
    }

    @Test
    void cutsLongReceiverMessages() {
        TimeSeries ts = TimeSeries.ofSample(Labels.of("__name__", "up"), 1, 1);
        String json = DeadLetterJson.encode(new DeadLetter(ts, DropReason.REJECTED, 400, "x".repeat(5000), 0));

        assertThat(json).contains("\"message\":\"" + "x".repeat(DeadLetterJson.MAX_MESSAGE_CHARS) + "...\"");
    }
}
