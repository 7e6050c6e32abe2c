package io.github.otelflink.sink.remotewrite.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The byte-level comparisons the sink's validator relies on, against what the fields say. */
class LabelBytesTest {
    /** A label field as protobuf writes it; a null name or value is a field left out. */
    private record Field(String name, String value) {}

    @Test
    void sameNamesNoEmptyValueAgreesWithTheDecodedFields() throws IOException {
        Random random = new Random(11);
        int same = 0;
        for (int round = 0; round < 20_000; round++) {
            List<Field> a = fields(random);
            List<Field> b = random.nextInt(4) == 0 ? fields(random) : variant(random, a);
            boolean expected = namesOf(a).equals(namesOf(b))
                    && a.stream().allMatch(f -> f.value() != null && !f.value().isEmpty());
            same += expected ? 1 : 0;
            assertThat(LabelBytes.sameNamesNoEmptyValue(encode(a), encode(b))).as("%s vs %s", a, b).isEqualTo(expected);
        }
        assertThat(same).as("both outcomes are tried").isBetween(2_000, 18_000);
    }

    private static List<Field> fields(Random random) {
        List<Field> out = new ArrayList<>();
        int n = random.nextInt(6);
        for (int i = 0; i < n; i++) {
            out.add(new Field(random.nextInt(30) == 0 ? null : text(random, "n"), value(random)));
        }
        return out;
    }

    /** {@code a} with other values, and now and then one name changed, left out or added. */
    private static List<Field> variant(Random random, List<Field> a) {
        List<Field> out = new ArrayList<>();
        for (Field f : a) {
            out.add(new Field(f.name(), value(random)));
        }
        switch (random.nextInt(8)) {
            case 0 -> out.add(random.nextInt(out.size() + 1), new Field(text(random, "n"), value(random)));
            case 1 -> {
                if (!out.isEmpty()) {
                    out.remove(random.nextInt(out.size()));
                }
            }
            case 2 -> {
                if (!out.isEmpty()) {
                    int i = random.nextInt(out.size());
                    String name = Objects.requireNonNullElse(out.get(i).name(), "x");
                    // The same length, one byte different: only a byte comparison tells.
                    out.set(i, new Field(name.substring(0, name.length() - 1) + "#", out.get(i).value()));
                }
            }
            default -> { }
        }
        return out;
    }

    private static String value(Random random) {
        int kind = random.nextInt(20);
        return kind == 0 ? null : kind == 1 ? "" : text(random, "v");
    }

    /** Mostly short, sometimes over 127 bytes, so that lengths take two varint bytes. */
    private static String text(Random random, String prefix) {
        int length = random.nextInt(6) == 0 ? 120 + random.nextInt(150) : 1 + random.nextInt(12);
        StringBuilder s = new StringBuilder(prefix);
        for (int i = 0; i < length; i++) {
            s.append(random.nextInt(10) == 0 ? 'é' : (char) ('a' + random.nextInt(3)));
        }
        return s.toString();
    }

    private static List<String> namesOf(List<Field> fields) {
        List<String> names = new ArrayList<>();
        for (Field f : fields) {
            names.add(f.name() == null ? "" : f.name());
        }
        return names;
    }

    private static byte[] encode(List<Field> fields) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CodedOutputStream labels = CodedOutputStream.newInstance(out);
        for (Field f : fields) {
            ByteArrayOutputStream inner = new ByteArrayOutputStream();
            CodedOutputStream label = CodedOutputStream.newInstance(inner);
            if (f.name() != null) {
                label.writeString(1, f.name());
            }
            if (f.value() != null) {
                label.writeString(2, f.value());
            }
            label.flush();
            labels.writeByteArray(1, inner.toByteArray());
        }
        labels.flush();
        return out.toByteArray();
    }
}
