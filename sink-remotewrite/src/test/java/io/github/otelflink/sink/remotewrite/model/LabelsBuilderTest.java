package io.github.otelflink.sink.remotewrite.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
                switch (random.nextInt(4)) {
                    case 0 -> {
                        byte[] utf8 = values[i].getBytes(StandardCharsets.UTF_8);
                        byte[] padded = new byte[utf8.length + 5]; // a slice inside a larger array
                        System.arraycopy(utf8, 0, padded, 3, utf8.length);
                        builder.add(names[i], padded, 3, utf8.length);
                    }
                    case 1 -> builder.add(names[i], values[i]);
                    case 2 -> builder.addUncached(names[i], values[i]);
                    default -> {
                        // The field in the middle of another label set's bytes.
                        byte[] other = new Labels(new String[] {"a", names[i], "zz"},
                                new String[] {"x", values[i], text(random, 3)}).encodedV1();
                        int field = LabelFields.end(other, 0);
                        builder.addFields(other, field, LabelFields.end(other, field));
                    }
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
    void keptStringsSharingACacheSlotEachKeepTheirOwnBytes() {
        // Six strings with one home slot in the builder's cache of kept strings: more than its
        // probes reach, so they are found past their slot and also evict one another.
        String[] same = {"Aa", "BB", "AaAa", "AaBB", "BBAa", "BBBB"};
        assertThat(Arrays.stream(same).mapToInt(s -> s.hashCode() & 63).distinct().count()).isEqualTo(1);
        LabelsBuilder builder = new LabelsBuilder();
        for (int round = 0; round < 4; round++) {
            for (int first = 0; first < same.length; first++) {
                String name = same[first];
                String value = same[(first + round + 1) % same.length];
                Labels built = builder.reset().add(name, value).build();
                assertThat(built).as("round %d, %s=%s", round, name, value).isEqualTo(Labels.of(name, value));
            }
        }
    }

    @Test
    void fieldsReadBackTheirNamesAndValues() {
        Labels labels = Labels.of("__name__", "größe", "a", "", "host", "ünï-😀");
        byte[] e = labels.encodedV1();
        int field = 0;
        for (int i = 0; i < labels.size(); i++) {
            assertThat(LabelFields.name(e, field)).isEqualTo(labels.name(i));
            assertThat(LabelFields.value(e, field)).isEqualTo(labels.value(i));
            long range = LabelFields.valueRange(e, field);
            assertThat(new String(e, (int) (range >>> 32), (int) range, StandardCharsets.UTF_8)).isEqualTo(labels.value(i));
            field = LabelFields.end(e, field);
        }
        assertThat(field).isEqualTo(e.length);
        // A name read twice is one string: a relabeler compares the names of every series.
        byte[] again = Labels.of("host", "other").encodedV1();
        assertThat(LabelFields.name(again, 0)).isSameAs(LabelFields.name(e, LabelFields.end(e, LabelFields.end(e, 0))));
    }

    @Test
    void describesTheLabelsItBuiltLast() {
        LabelsBuilder builder = new LabelsBuilder();
        String[] names = new String[4];
        int[] starts = new int[4];
        byte[] utf8 = "a€".getBytes(StandardCharsets.UTF_8);
        Labels notKept = builder.reset().add("__name__", "up").build();
        assertThat(builder.layoutOf(notKept, names, starts)).as("layouts not kept yet").isZero();
        builder.keepLayouts();
        Labels labels = builder.reset().add("__name__", "up").add("host", utf8, 0, utf8.length).addUncached("job", "x")
                .build();

        assertThat(builder.layoutOf(labels, names, starts)).isEqualTo(3);
        assertThat(names).containsExactly("__name__", "host", "job", null);
        byte[] e = labels.encodedV1();
        assertThat(starts[0]).isZero();
        assertThat(starts[1]).isEqualTo(LabelFields.end(e, 0));
        assertThat(starts[2]).isEqualTo(LabelFields.end(e, starts[1]));

        // Not for other labels, nor for fields copied without a name, nor for what it holds too little room.
        assertThat(builder.layoutOf(Labels.of("__name__", "up"), names, starts)).isZero();
        assertThat(builder.layoutOf(labels, new String[2], new int[2])).isZero();
        Labels copied = builder.reset().add("a", "1").addFields(e, 0, starts[1]).build();
        assertThat(builder.layoutOf(copied, names, starts)).isZero();
        assertThat(builder.layoutOf(labels, names, starts)).as("a build ago").isZero();
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
