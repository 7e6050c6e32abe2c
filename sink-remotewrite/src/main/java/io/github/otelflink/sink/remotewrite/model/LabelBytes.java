package io.github.otelflink.sink.remotewrite.model;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The byte side of {@link Labels}: a label set as remote-write 1.0 {@code TimeSeries.labels}
 * fields (one length-delimited {@code Label} of name and value per pair), written, walked,
 * compared and hashed without decoding strings. Ranges come back packed in a long: start in the
 * high 32 bits, length (or value) in the low 32.
 */
final class LabelBytes {
    static final byte LABEL_TAG = 0x0a;
    static final byte NAME_TAG = 0x0a;
    static final byte VALUE_TAG = 0x12;


    private LabelBytes() {}

    /** Names and values as remote-write 1.0 {@code TimeSeries.labels} fields. */
    static byte[] encode(String[] names, String[] values) {
        byte[][] nameBytes = new byte[names.length][];
        byte[][] valueBytes = new byte[names.length][];
        int total = 0;
        for (int i = 0; i < names.length; i++) {
            nameBytes[i] = nameBytes(names[i]);
            // The metric name, too, is one of a few strings (the translator's names per metric).
            valueBytes[i] = names[i] == Labels.METRIC_NAME ? nameBytes(values[i])
                    : values[i].getBytes(StandardCharsets.UTF_8);
            int inner = 1 + varintSize(nameBytes[i].length) + nameBytes[i].length
                    + 1 + varintSize(valueBytes[i].length) + valueBytes[i].length;
            total += 1 + varintSize(inner) + inner;
        }
        byte[] out = new byte[total];
        int pos = 0;
        for (int i = 0; i < names.length; i++) {
            int inner = 1 + varintSize(nameBytes[i].length) + nameBytes[i].length
                    + 1 + varintSize(valueBytes[i].length) + valueBytes[i].length;
            out[pos++] = 0x0a; // TimeSeries.labels, field 1, length-delimited
            pos = writeVarint(out, pos, inner);
            out[pos++] = 0x0a; // Label.name
            pos = writeVarint(out, pos, nameBytes[i].length);
            System.arraycopy(nameBytes[i], 0, out, pos, nameBytes[i].length);
            pos += nameBytes[i].length;
            out[pos++] = 0x12; // Label.value
            pos = writeVarint(out, pos, valueBytes[i].length);
            System.arraycopy(valueBytes[i], 0, out, pos, valueBytes[i].length);
            pos += valueBytes[i].length;
        }
        return out;
    }

    /**
     * Label names' UTF-8 bytes by string, direct-mapped on the string's hash (which a string
     * computes once): a label name is nearly always one of a few string instances the
     * translator keeps (sanitized attribute keys, {@code __name__}, {@code job}), and encoding
     * them again for every series was about a tenth of the translating threads' CPU (JFR, bench
     * README eighth round). Entries are immutable, so threads may share the table without locks:
     * a thread sees an entry whole or not at all, and a miss only costs the encoding.
     */
    private static final NameBytes[] NAME_BYTES = new NameBytes[1024];

    private record NameBytes(String name, byte[] utf8) {}

    static byte[] nameBytes(String name) {
        int slot = name.hashCode() & (NAME_BYTES.length - 1);
        NameBytes cached = NAME_BYTES[slot];
        // By content when not the same instance: each translating subtask has its own copy of a
        // name, and by identity alone two subtasks evicted each other's entries on every label
        // (String.getBytes was a tenth of the translating threads with the blueprint's config).
        if (cached != null && (cached.name == name || cached.name.equals(name))) {
            return cached.utf8;
        }
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        NAME_BYTES[slot] = new NameBytes(name, utf8);
        return utf8;
    }

    /**
     * Label names decoded from encoded labels, by content: a relabeler reads every name of every
     * series, and the names are a few strings repeated (direct-mapped on the bytes' hash; entries
     * immutable, so threads share the table without locks, as {@link #NAME_BYTES}).
     */
    private static final NameBytes[] NAME_STRINGS = new NameBytes[1024];

    /** The name {@code e[from, from + length)} as a string, the same instance while it stays cached. */
    static String nameString(byte[] e, int from, int length) {
        int slot = (int) (hashBytes(e, from, from + length) >>> 54); // the top 10 bits: 1024 slots
        NameBytes cached = NAME_STRINGS[slot];
        if (cached != null && Arrays.equals(cached.utf8, 0, cached.utf8.length, e, from, from + length)) {
            return cached.name;
        }
        String name = new String(e, from, length, StandardCharsets.UTF_8);
        NAME_STRINGS[slot] = new NameBytes(name, Arrays.copyOfRange(e, from, from + length));
        return name;
    }

    static int varintSize(int v) {
        int size = 1;
        while ((v & ~0x7f) != 0) {
            v >>>= 7;
            size++;
        }
        return size;
    }

    static int writeVarint(byte[] out, int pos, int v) {
        while ((v & ~0x7f) != 0) {
            out[pos++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out[pos++] = (byte) v;
        return pos;
    }

    /**
     * Checks the framing of encoded labels (every field a {@code Label} of names and values), so a
     * corrupt record fails where it is read, not later where a name is asked for.
     */
    static void checkEncoded(byte[] e) throws IOException {
        try {
            for (int pos = 0; pos < e.length; ) {
                int end = skipField(e, pos);
                long inner = readVarint(e, pos + 1);
                for (int p = (int) (inner >>> 32); p < end; ) {
                    if (e[p] != NAME_TAG && e[p] != VALUE_TAG) {
                        throw new IOException("unexpected field tag " + e[p] + " in an encoded label");
                    }
                    long len = readVarint(e, p + 1);
                    p = (int) (len >>> 32) + (int) len;
                    if (p > end) {
                        throw new IOException("an encoded label's field ends outside the label");
                    }
                }
                if (end > e.length) {
                    throw new IOException("encoded labels end inside a label");
                }
                pos = end;
            }
        } catch (IllegalStateException | ArrayIndexOutOfBoundsException ex) {
            throw new IOException("malformed encoded labels: " + ex.getMessage(), ex);
        }
    }

    /** Names at [0] and values at [1], decoded from encoded labels whose framing was checked. */
    static String[][] decode(byte[] e) {
        int count = 0;
        for (int pos = 0; pos < e.length; count++) {
            pos = skipField(e, pos);
        }
        String[] n = new String[count];
        String[] v = new String[count];
        int pos = 0;
        for (int i = 0; i < count; i++) {
            long inner = readVarint(e, pos + 1); // after the TimeSeries.labels tag
            pos = (int) (inner >>> 32);
            int end = pos + (int) inner;
            while (pos < end) {
                int tag = e[pos++];
                long len = readVarint(e, pos);
                pos = (int) (len >>> 32);
                String text = new String(e, pos, (int) len, StandardCharsets.UTF_8);
                pos += (int) len;
                if (tag == NAME_TAG) {
                    n[i] = text;
                } else {
                    v[i] = text;
                }
            }
            // Protobuf may leave out an empty string.
            n[i] = n[i] == null ? "" : n[i];
            v[i] = v[i] == null ? "" : v[i];
        }
        return new String[][] {n, v};
    }

    static int skipField(byte[] encoded, int pos) {
        if (encoded[pos] != LABEL_TAG) {
            throw new IllegalStateException("unexpected field tag " + encoded[pos] + " in encoded labels");
        }
        long len = readVarint(encoded, pos + 1);
        return (int) (len >>> 32) + (int) len;
    }

    /** A varint at {@code pos}: the value in the low 32 bits, the position after it in the high 32. */
    static long readVarint(byte[] in, int pos) {
        int value = 0;
        int shift = 0;
        while (true) {
            byte b = in[pos++];
            value |= (b & 0x7f) << shift;
            if (b >= 0) {
                return ((long) pos << 32) | (value & 0xffffffffL);
            }
            shift += 7;
        }
    }

    /**
     * True when both encoded label sets have the same names in the same order and {@code a} has
     * no empty value.
     */
    static boolean sameNamesNoEmptyValue(byte[] a, byte[] b) {
        int pa = 0;
        int pb = 0;
        while (pa < a.length && pb < b.length) {
            int endA;
            int endB;
            int nameA;
            int nameB;
            int lengthA;
            int lengthB;
            int fieldA = a[pa + 1];
            int fieldB = b[pb + 1];
            // Nearly every label: a field shorter than 128 bytes (so its length, and its name's,
            // is one varint byte) that starts with its name. Read here directly, as the general
            // varint reads cost several times as much: the sink's validator runs this for every
            // series (15% of its thread with the blueprint's 14 labels per series, JFR).
            if (fieldA >= 2 && fieldB >= 2 && a[pa + 2] == NAME_TAG && b[pb + 2] == NAME_TAG) {
                endA = pa + 2 + fieldA;
                endB = pb + 2 + fieldB;
                nameA = pa + 4;
                nameB = pb + 4;
                lengthA = a[pa + 3];
                lengthB = b[pb + 3];
            } else {
                long la = readVarint(a, pa + 1);
                long lb = readVarint(b, pb + 1);
                endA = (int) (la >>> 32) + (int) la;
                endB = (int) (lb >>> 32) + (int) lb;
                long na = nameRange(a, (int) (la >>> 32), endA);
                long nb = nameRange(b, (int) (lb >>> 32), endB);
                nameA = (int) (na >>> 32);
                nameB = (int) (nb >>> 32);
                lengthA = (int) na;
                lengthB = (int) nb;
            }
            if (lengthA != lengthB || !Arrays.equals(a, nameA, nameA + lengthA, b, nameB, nameB + lengthB)) {
                return false;
            }
            int valueTag = nameA + lengthA;
            if (valueTag >= endA || a[valueTag] != VALUE_TAG || a[valueTag + 1] == 0) {
                return false; // no value field, or an empty one
            }
            pa = endA;
            pb = endB;
        }
        return pa == a.length && pb == b.length;
    }

    /** True when the {@code i}-th values of both encoded label sets are equal. */
    static boolean sameValue(byte[] a, byte[] b, int i) {
        long ra = valueRange(a, i);
        long rb = valueRange(b, i);
        int from = (int) (ra >>> 32);
        int otherFrom = (int) (rb >>> 32);
        return Arrays.equals(a, from, from + (int) ra, b, otherFrom, otherFrom + (int) rb);
    }

    /**
     * Where the name of the label whose fields are {@code e[pos, end)} is: start in the high 32
     * bits, length low.
     */
    static long nameRange(byte[] e, int pos, int end) {
        if (pos >= end || e[pos] != NAME_TAG) {
            return ((long) pos << 32); // left out: the empty name
        }
        return readVarint(e, pos + 1);
    }

    /** Where the {@code i}-th label's value is: start in the high 32 bits, length in the low. */
    static long valueRange(byte[] e, int i) {
        int pos = 0;
        for (int k = 0; k < i; k++) {
            pos = skipField(e, pos);
        }
        long inner = readVarint(e, pos + 1);
        int end = (int) (inner >>> 32) + (int) inner;
        long name = nameRange(e, (int) (inner >>> 32), end);
        int valueTag = (int) (name >>> 32) + (int) name;
        if (valueTag >= end) {
            return ((long) end << 32); // left out: the empty value
        }
        return readVarint(e, valueTag + 1);
    }

    /**
     * Where the label named {@code name} (UTF-8) is: its whole {@code TimeSeries.labels} field,
     * start in the high 32 bits and end in the low 32; -1 when there is none. The labels must be
     * sorted by name, as the protocol requires and the sink's validator makes them: the search
     * stops at the first name after {@code name}, so looking for a label a series does not have
     * (the sink does it for every series of every request) reads one or two names, not all.
     */
    static long fieldRange(byte[] e, byte[] name) {
        int pos = 0;
        while (pos < e.length) {
            long inner = readVarint(e, pos + 1);
            int start = (int) (inner >>> 32);
            int end = start + (int) inner;
            long n = nameRange(e, start, end);
            int from = (int) (n >>> 32);
            // Byte order; it agrees with the validator's String order whenever one side is ASCII.
            int order = Arrays.compareUnsigned(e, from, from + (int) n, name, 0, name.length);
            if (order == 0) {
                return ((long) pos << 32) | end;
            }
            if (order > 0) {
                return -1;
            }
            pos = end;
        }
        return -1;
    }

    /** Where the value of the label field {@link #fieldRange} found is: start high, length low. */
    static long valueRangeInField(byte[] e, long field) {
        int end = (int) field;
        long inner = readVarint(e, (int) (field >>> 32) + 1);
        long name = nameRange(e, (int) (inner >>> 32), end);
        int valueTag = (int) (name >>> 32) + (int) name;
        if (valueTag >= end) {
            return ((long) end << 32); // left out: the empty value
        }
        return readVarint(e, valueTag + 1);
    }

    /** The fingerprint of encoded labels: the per-pair hashes summed (order-free), then mixed. */
    static long fingerprint(byte[] e) {
        long h = 0;
        int pos = 0;
        while (pos < e.length) {
            long field = readVarint(e, pos + 1); // after the TimeSeries.labels tag
            int start = (int) (field >>> 32);
            int end = start + (int) field;
            h += mix(hashBytes(e, start, end));
            pos = end;
        }
        return mix(h);
    }

    private static final long SEED = 0xcbf29ce484222325L;
    private static final long MULTIPLIER = 0x9e3779b97f4a7c15L;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Bytes {@code [from, to)} folded eight at a time, then the length. */
    static long hashBytes(byte[] b, int from, int to) {
        long h = SEED;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            h = Long.rotateLeft((h ^ (long) LONGS.get(b, i)) * MULTIPLIER, 31);
        }
        int rest = to - i;
        long tail = 0;
        if (rest > 0 && to >= 8) {
            // The last eight bytes in one read, shifted down to the rest: what the byte loop below
            // gathers, without its per-byte loads (the loop was most of a label's hash).
            tail = (long) LONGS.get(b, to - 8) >>> ((8 - rest) * 8);
        } else {
            for (int shift = 0; i < to; i++, shift += 8) {
                tail |= (b[i] & 0xffL) << shift;
            }
        }
        h = Long.rotateLeft((h ^ tail) * MULTIPLIER, 31);
        return (h ^ (to - from)) * MULTIPLIER;
    }

    /** The finalizer of SplitMix64: spreads every input bit over the output. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
