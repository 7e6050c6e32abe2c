package io.github.otelflink.sink.remotewrite.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.StringValue;
import org.junit.jupiter.api.Test;

/** Label sets cross the wire as their remote-write bytes and fingerprint; the version 1 layout still reads. */
class TimeSeriesCodecTest {

    @Test
    void labelsArriveWithTheirBytesAndFingerprintIntact() throws IOException {
        Labels labels = Labels.of("__name__", "http_requests_total", "path", "/ä/😀", "empty", "", "z", "1");
        DataOutputSerializer out = new DataOutputSerializer(64);
        TimeSeriesCodec.write(TimeSeries.ofSample(labels, 1000, 1), out);
        TimeSeries back = TimeSeriesCodec.read(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(back.labels()).isEqualTo(labels);
        assertThat(back.labels().encodedV1()).isEqualTo(labels.encodedV1());
        assertThat(back.labels().fingerprint()).isEqualTo(labels.fingerprint());
        // The carried fingerprint is the one the strings give.
        assertThat(new Labels(names(back.labels()), values(back.labels())).fingerprint()).isEqualTo(labels.fingerprint());
    }

    @Test
    void encodedBytesAreStandardUtf8ForEveryKindOfChar() {
        String[] texts = {"plain", "ä", "€uro", "😀 emoji", "lone \ud800 high", "lone \udc00 low", "end \ud83d"};
        for (String text : texts) {
            Labels labels = Labels.of("__name__", "m", "v", text);
            byte[] expected = remote(labels);
            assertThat(labels.encodedV1()).as(text).isEqualTo(expected);
        }
    }

    /**
     * The label fields as protobuf-java writes them (the reference). Non-empty strings only:
     * protobuf-java leaves an empty string out, the sink never sends one (the validator removes
     * empty values).
     */
    private static byte[] remote(Labels labels) {
        io.github.otelflink.sink.remotewrite.proto.Types.TimeSeries.Builder b = io.github.otelflink.sink.remotewrite.proto.Types.TimeSeries.newBuilder();
        for (int i = 0; i < labels.size(); i++) {
            b.addLabels(io.github.otelflink.sink.remotewrite.proto.Types.Label.newBuilder().setName(labels.name(i)).setValue(labels.value(i)));
        }
        return b.build().toByteArray();
    }

    @Test
    void labelSetsWithLongValuesRoundTrip() throws IOException {
        String longValue = "v".repeat(70_000); // a length varint of three bytes
        Labels labels = Labels.of("__name__", "m", "big", longValue);
        DataOutputSerializer out = new DataOutputSerializer(64);
        TimeSeriesCodec.write(TimeSeries.ofSample(labels, 1, 1), out);
        assertThat(TimeSeriesCodec.read(new DataInputDeserializer(out.getCopyOfBuffer())).labels().value(1))
                .isEqualTo(longValue);
    }

    @Test
    void versionOneLabelsStillRead() throws IOException {
        // The version 1 layout: count, then name and value as Flink strings, then the samples.
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeInt(2);
        StringValue.writeString("__name__", out);
        StringValue.writeString("up", out);
        StringValue.writeString("job", out);
        StringValue.writeString("node", out);
        out.writeInt(1);
        out.writeLong(5000);
        out.writeLong(Double.doubleToRawLongBits(1.0));
        out.writeInt(0);
        out.writeInt(0);
        out.writeBoolean(false);
        TimeSeries back = TimeSeriesCodec.read(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back).isEqualTo(TimeSeries.ofSample(Labels.of("__name__", "up", "job", "node"), 5000, 1.0));
    }

    private static String[] names(Labels l) {
        String[] a = new String[l.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = l.name(i);
        }
        return a;
    }

    private static String[] values(Labels l) {
        String[] a = new String[l.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = l.value(i);
        }
        return a;
    }
}
