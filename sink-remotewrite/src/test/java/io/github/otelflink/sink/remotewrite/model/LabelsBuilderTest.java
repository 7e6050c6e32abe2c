package io.github.otelflink.sink.remotewrite.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Labels written from UTF-8 slices are the labels the strings make: same bytes, fingerprint, strings. */
class LabelsBuilderTest {
    private static final String[] PIECES = {"a", "Z", "_", "0", "ä", "€", "😀", " ", ";", "\u007f", "\u0080"};

    @Test
    void writesWhatTheStringsEncodeTo() {
        Random random = new Random(7);
        LabelsBuilder builder = new LabelsBuilder();
        for (int round = 0; round < 2_000; round++) {
            int n = random.nextInt(6);
            String[] names = new String[n];
            String[] values = new String[n];
            builder.reset();
            for (int i = 0; i < n; i++) {
                names[i] = "n" + i + text(random, random.nextInt(3));
                // Long values too, so that lengths take more than one varint byte.
                values[i] = text(random, 1 + random.nextInt(random.nextBoolean() ? 4 : 200));
                if (random.nextBoolean()) {
                    byte[] utf8 = values[i].getBytes(StandardCharsets.UTF_8);
                    byte[] padded = new byte[utf8.length + 5]; // a slice inside a larger array
                    System.arraycopy(utf8, 0, padded, 3, utf8.length);
                    builder.add(names[i], padded, 3, utf8.length);
                } else {
                    builder.add(names[i], values[i]);
                }
            }
            Labels expected = new Labels(names, values);
            Labels built = builder.build();
            assertThat(built.encodedV1()).as("round %d", round).isEqualTo(expected.encodedV1());
            assertThat(built.fingerprint()).isEqualTo(expected.fingerprint());
            assertThat(built.toString()).isEqualTo(expected.toString());
            assertThat(built).isEqualTo(expected);
        }
    }

    @Test
    void eachBuildIsItsOwnCopy() {
        LabelsBuilder builder = new LabelsBuilder();
        Labels first = builder.reset().add("__name__", "up").add("job", "a").build();
        Labels second = builder.reset().add("__name__", "up").add("job", "b").build();
        assertThat(first.get("job")).isEqualTo("a");
        assertThat(second.get("job")).isEqualTo("b");
        assertThat(builder.reset().build().size()).isZero();
    }

    private static String text(Random random, int pieces) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            sb.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return sb.toString();
    }
}
