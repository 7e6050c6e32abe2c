package io.github.otelflink.sink.remotewrite.model;

import org.apache.flink.annotation.Internal;

import java.nio.charset.StandardCharsets;

/**
 * Reads encoded labels ({@link Labels#encodedV1()}) one {@code Label} field at a time, for a
 * relabeler that rewrites a few labels of a series and copies the rest as they are: names come
 * back as cached strings, values are decoded only when asked for, and {@link LabelsBuilder#addFields}
 * copies unchanged labels' bytes into the new set. A field is named by the position of its
 * first byte.
 */
@Internal
public final class LabelFields {
    private LabelFields() {}

    /** Where the field starting at {@code field} ends: the start of the next one, or {@code encoded.length}. */
    public static int end(byte[] encoded, int field) {
        return LabelBytes.skipField(encoded, field);
    }

    /** The field's name, one string instance per name while it stays in a small shared cache. */
    public static String name(byte[] encoded, int field) {
        long inner = LabelBytes.readVarint(encoded, field + 1); // after the TimeSeries.labels tag
        int start = (int) (inner >>> 32);
        long name = LabelBytes.nameRange(encoded, start, start + (int) inner);
        return LabelBytes.nameString(encoded, (int) (name >>> 32), (int) name);
    }

    /** The field's value, decoded. */
    public static String value(byte[] encoded, int field) {
        long value = valueRange(encoded, field);
        return new String(encoded, (int) (value >>> 32), (int) value, StandardCharsets.UTF_8);
    }

    /** Where the field's value bytes are: start in the high 32 bits, length in the low 32. */
    public static long valueRange(byte[] encoded, int field) {
        return LabelBytes.valueRangeInField(encoded, ((long) field << 32) | end(encoded, field));
    }
}
