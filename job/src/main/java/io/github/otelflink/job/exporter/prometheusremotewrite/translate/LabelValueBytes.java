package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The UTF-8 label values of the resource and the data point being translated, in one growable
 * array: the resource's values first, then the current point's, cut back to the resource's at
 * every point. A value is a packed reference, offset in the high 32 bits and length in the low
 * 32; {@link #EMPTY} is the empty value. Values read from request bytes are copied in as bytes,
 * so no string is made for them. Not thread-safe; one per translator.
 */
final class LabelValueBytes {
    /** The empty value: a label with it is left out. */
    static final long EMPTY = 0;

    private byte[] bytes = new byte[1024];
    private int size;

    byte[] bytes() {
        return bytes;
    }

    static int offset(long value) {
        return (int) (value >>> 32);
    }

    static int length(long value) {
        return (int) value;
    }

    /** How much is written: where {@link #truncate} can later cut back to. */
    int mark() {
        return size;
    }

    /** Forgets every value written after {@code mark}. */
    void truncate(int mark) {
        size = mark;
    }

    /** Copies in {@code b[from, from + length)}. */
    long add(byte[] b, int from, int length) {
        if (length == 0) {
            return EMPTY;
        }
        int at = reserve(length);
        System.arraycopy(b, from, bytes, at, length);
        return ref(at, length);
    }

    /** Writes {@code s} as UTF-8. */
    long add(String s) {
        int n = s.length();
        if (n == 0) {
            return EMPTY;
        }
        int at = reserve(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                size = at; // not ASCII: let the JDK encode it
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                return add(utf8, 0, utf8.length);
            }
            bytes[at + i] = (byte) c;
        }
        return ref(at, n);
    }

    /** {@code a;b}, the Collector's join of two attributes' values whose keys name the same label. */
    long join(long a, long b) {
        int la = length(a);
        int lb = length(b);
        int at = reserve(la + 1 + lb);
        System.arraycopy(bytes, offset(a), bytes, at, la);
        bytes[at + la] = ';';
        System.arraycopy(bytes, offset(b), bytes, at + la + 1, lb);
        return ref(at, la + 1 + lb);
    }

    boolean equal(long a, long b) {
        return Arrays.equals(bytes, offset(a), offset(a) + length(a), bytes, offset(b), offset(b) + length(b));
    }

    private int reserve(int length) {
        int at = size;
        if (at + length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(at + length, bytes.length * 2));
        }
        size = at + length;
        return at;
    }

    private static long ref(int offset, int length) {
        return ((long) offset << 32) | length;
    }
}
