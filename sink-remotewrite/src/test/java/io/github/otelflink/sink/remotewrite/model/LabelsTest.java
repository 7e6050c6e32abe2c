package io.github.otelflink.sink.remotewrite.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Labels that came as bytes behave as the strings they encode, and compare without decoding. */
class LabelsTest {

    private static Labels asBytes(Labels labels) throws IOException {
        return Labels.fromEncodedV1(labels.encodedV1().clone(), labels.fingerprint());
    }

    /** Names' bytes are cached by string identity: names whose hashes collide, equal names in other strings, metric names. */
    @Test
    void encodesNamesRightWhateverTheNameCacheHolds() throws Exception {
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        for (int round = 0; round < 3; round++) {
            for (String[] pair : new String[][] {{"Aa", "BB"}, {new String("Aa"), new String("BB")}, {"ünï", "__name__"}}) {
                Labels labels = new Labels(new String[] {Labels.METRIC_NAME, pair[0], pair[1]},
                        new String[] {pair[round % 2], "v1", "v2"});
                Labels back = Labels.fromEncodedV1(labels.encodedV1().clone(), labels.fingerprint());
                assertThat(back.toString()).isEqualTo(labels.toString());
                assertThat(back.fingerprint()).isEqualTo(LabelBytes.fingerprint(LabelBytes.encode(
                        new String[] {"__name__", pair[0], pair[1]}, new String[] {pair[round % 2], "v1", "v2"})));
            }
        }
    }

    @Test
    void labelsFromBytesReadAsTheirStrings() throws IOException {
        Labels strings = Labels.of("__name__", "http_requests_total", "path", "/ä/😀", "empty", "", "z", "1");
        // A value asked for first decodes that value alone; everything else still reads right after it.
        Labels bytes = asBytes(strings);
        assertThat(bytes.value(1)).isEqualTo("/ä/😀");
        assertThat(bytes.value(2)).isEmpty();
        assertThat(bytes.size()).isEqualTo(4);
        for (int i = 0; i < strings.size(); i++) {
            assertThat(bytes.name(i)).isEqualTo(strings.name(i));
            assertThat(bytes.value(i)).isEqualTo(strings.value(i));
        }
        assertThat(asBytes(strings).get("z")).isEqualTo("1");
        assertThat(asBytes(strings).metricName()).isEqualTo("http_requests_total");
        assertThat(asBytes(strings).toString()).isEqualTo(strings.toString());
        assertThat(asBytes(strings)).isEqualTo(strings).hasSameHashCodeAs(strings);
        assertThat(strings).isEqualTo(asBytes(strings));
        assertThat(asBytes(strings)).isNotEqualTo(asBytes(Labels.of("__name__", "http_requests_total")));
    }

    @Test
    void sameNamesComparesNamesOnlyAndRefusesEmptyValues() throws IOException {
        Labels good = Labels.of("__name__", "a", "instance", "i1", "job", "j");
        assertThat(asBytes(Labels.of("__name__", "b", "instance", "i2", "job", "k")).sameNamesNoEmptyValue(good)).isTrue();
        assertThat(Labels.of("__name__", "b", "instance", "i2", "job", "k").sameNamesNoEmptyValue(asBytes(good))).isTrue();
        assertThat(asBytes(Labels.of("__name__", "b", "instance", "", "job", "k")).sameNamesNoEmptyValue(good))
                .as("an empty value").isFalse();
        assertThat(asBytes(Labels.of("__name__", "b", "instancf", "i2", "job", "k")).sameNamesNoEmptyValue(good))
                .as("one name differs").isFalse();
        assertThat(asBytes(Labels.of("__name__", "b", "instance", "i2")).sameNamesNoEmptyValue(good))
                .as("fewer labels").isFalse();
        assertThat(asBytes(Labels.of("__name__", "b", "instance", "i2", "job", "k", "zone", "z")).sameNamesNoEmptyValue(good))
                .as("more labels").isFalse();
        assertThat(asBytes(Labels.of("", "b", "instance", "i2", "job", "k")).sameNamesNoEmptyValue(good))
                .as("an empty name").isFalse();
    }

    @Test
    void sameValueComparesOneValue() throws IOException {
        Labels good = Labels.of("__name__", "a", "instance", "i1");
        assertThat(asBytes(Labels.of("__name__", "a", "instance", "other")).sameValue(0, good)).isTrue();
        assertThat(asBytes(Labels.of("__name__", "ab", "instance", "i1")).sameValue(0, good)).isFalse();
        assertThat(asBytes(Labels.of("__name__", "", "instance", "i1")).sameValue(0, good)).isFalse();
        assertThat(asBytes(Labels.of("__name__", "a", "instance", "i1")).sameValue(1, good)).isTrue();
    }

    @Test
    void corruptBytesFailWhereTheyAreRead() {
        byte[] encoded = Labels.of("__name__", "up", "job", "x").encodedV1();
        byte[] badTag = encoded.clone();
        badTag[2] = 0x1a; // Label field 3 does not exist
        assertThatThrownBy(() -> Labels.fromEncodedV1(badTag, 1)).isInstanceOf(IOException.class);
        byte[] cut = Arrays.copyOf(encoded, encoded.length - 1);
        assertThatThrownBy(() -> Labels.fromEncodedV1(cut, 1)).isInstanceOf(IOException.class);
        byte[] outerTag = encoded.clone();
        outerTag[0] = 0x12;
        assertThatThrownBy(() -> Labels.fromEncodedV1(outerTag, 1)).isInstanceOf(IOException.class);
    }

    @Test
    void javaSerializationKeepsLabelsThatCameAsBytes() throws Exception {
        Labels bytes = asBytes(Labels.of("__name__", "up", "job", "x"));
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
            out.writeObject(bytes);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(buffer.toByteArray()))) {
            Labels back = (Labels) in.readObject();
            assertThat(back).isEqualTo(Labels.of("__name__", "up", "job", "x"));
            assertThat(back.fingerprint()).isEqualTo(bytes.fingerprint());
        }
    }
}
