package io.github.otelflink.sink.remotewrite.model;

import org.apache.flink.annotation.PublicEvolving;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The label set of one series: parallel arrays of names and values.
 *
 * <p>A {@code Labels} is immutable. It caches what the hot path needs once per series rather
 * than once per sample: its 64-bit fingerprint (used to route a series to one sink subtask) and
 * its encoded remote-write 1.0 bytes (the repeated {@code Label} fields of a {@code TimeSeries}).
 * {@link io.github.otelflink.sink.remotewrite.validate.SeriesValidator} sorts and checks labels
 * before anything is sent; the constructor does not.
 */
@PublicEvolving
public final class Labels implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String METRIC_NAME = "__name__";

    /**
     * Null until first asked for when the labels came as bytes ({@link #fromEncodedV1}): after the
     * shuffle the sink only needs the bytes and the fingerprint, and decoding every label into
     * strings there was a fifth of the job's allocations (bench's EndToEndBenchmark, JFR).
     * Volatile and written after {@link #values}, so a reader that sees the names sees the values.
     */
    private volatile String[] names;
    private String[] values;
    private transient long fingerprint;
    private transient boolean fingerprintComputed;
    private transient byte[] encoded;

    public Labels(String[] names, String[] values) {
        if (names.length != values.length) {
            throw new IllegalArgumentException(
                    "label names (" + names.length + ") and values (" + values.length + ") differ in length");
        }
        this.values = values;
        this.names = names;
    }

    /**
     * Labels carried as their remote-write 1.0 bytes (as {@link #encodedV1()} writes them), with
     * the fingerprint already known: both are kept, not computed again, and the strings are
     * decoded only when something asks for a name or value.
     */
    static Labels fromEncodedV1(byte[] encoded, long fingerprint) throws IOException {
        checkEncoded(encoded);
        Labels labels = new Labels();
        labels.encoded = encoded;
        labels.fingerprint = fingerprint;
        labels.fingerprintComputed = true;
        return labels;
    }

    private Labels() {
    }

    /**
     * Checks the framing of encoded labels (every field a {@code Label} of names and values), so a
     * corrupt record fails where it is read, not later where a name is asked for.
     */
    private static void checkEncoded(byte[] e) throws IOException {
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

    /** The names, decoded from the bytes first when the labels came as bytes. */
    private String[] names() {
        String[] n = names;
        if (n == null) {
            n = decode();
        }
        return n;
    }

    private String[] decode() {
        byte[] e = encoded;
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
        values = v;
        names = n;
        return n;
    }

    private static final byte LABEL_TAG = 0x0a;
    private static final byte NAME_TAG = 0x0a;
    private static final byte VALUE_TAG = 0x12;

    private static int skipField(byte[] encoded, int pos) {
        if (encoded[pos] != LABEL_TAG) {
            throw new IllegalStateException("unexpected field tag " + encoded[pos] + " in encoded labels");
        }
        long len = readVarint(encoded, pos + 1);
        return (int) (len >>> 32) + (int) len;
    }

    /** A varint at {@code pos}: the value in the low 32 bits, the position after it in the high 32. */
    private static long readVarint(byte[] in, int pos) {
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

    /** Labels from alternating name, value arguments: {@code Labels.of("__name__", "up", "job", "x")}. */
    public static Labels of(String... nameValuePairs) {
        if (nameValuePairs.length % 2 != 0) {
            throw new IllegalArgumentException("expected name/value pairs, got an odd count");
        }
        int n = nameValuePairs.length / 2;
        String[] names = new String[n];
        String[] values = new String[n];
        for (int i = 0; i < n; i++) {
            names[i] = nameValuePairs[2 * i];
            values[i] = nameValuePairs[2 * i + 1];
        }
        return new Labels(names, values);
    }

    public int size() {
        return names().length;
    }

    public String name(int i) {
        return names()[i];
    }

    public String value(int i) {
        if (names == null) {
            // One value without decoding the rest: the validator asks for the metric name when it
            // changes, and a shard's series change metric every few series.
            long range = valueRange(encodedV1(), i);
            return new String(encoded, (int) (range >>> 32), (int) range, StandardCharsets.UTF_8);
        }
        return values[i];
    }

    /**
     * True when both label sets have the same names in the same order and no empty value in this
     * one. Compares the encoded bytes, so labels that came as bytes are not decoded.
     */
    public boolean sameNamesNoEmptyValue(Labels other) {
        byte[] a = encodedV1();
        byte[] b = other.encodedV1();
        int pa = 0;
        int pb = 0;
        while (pa < a.length && pb < b.length) {
            long la = readVarint(a, pa + 1);
            long lb = readVarint(b, pb + 1);
            int endA = (int) (la >>> 32) + (int) la;
            int endB = (int) (lb >>> 32) + (int) lb;
            long na = nameRange(a, (int) (la >>> 32));
            long nb = nameRange(b, (int) (lb >>> 32));
            int nameA = (int) (na >>> 32);
            int nameB = (int) (nb >>> 32);
            if (!Arrays.equals(a, nameA, nameA + (int) na, b, nameB, nameB + (int) nb)) {
                return false;
            }
            int valueTag = nameA + (int) na;
            if (valueTag >= endA || a[valueTag] != VALUE_TAG || a[valueTag + 1] == 0) {
                return false; // no value field, or an empty one
            }
            pa = endA;
            pb = endB;
        }
        return pa == a.length && pb == b.length;
    }

    /** True when the {@code i}-th values of both label sets are equal; compares encoded bytes. */
    public boolean sameValue(int i, Labels other) {
        byte[] a = encodedV1();
        byte[] b = other.encodedV1();
        long ra = valueRange(a, i);
        long rb = valueRange(b, i);
        int from = (int) (ra >>> 32);
        int otherFrom = (int) (rb >>> 32);
        return Arrays.equals(a, from, from + (int) ra, b, otherFrom, otherFrom + (int) rb);
    }

    /** Where the name of the label whose fields start at {@code pos} is: start in the high 32 bits, length low. */
    private static long nameRange(byte[] e, int pos) {
        if (e[pos] != NAME_TAG) {
            return ((long) pos << 32); // left out: the empty name
        }
        return readVarint(e, pos + 1);
    }

    /** Where the {@code i}-th label's value is: start in the high 32 bits, length in the low. */
    private static long valueRange(byte[] e, int i) {
        int pos = 0;
        for (int k = 0; k < i; k++) {
            pos = skipField(e, pos);
        }
        long inner = readVarint(e, pos + 1);
        int end = (int) (inner >>> 32) + (int) inner;
        long name = nameRange(e, (int) (inner >>> 32));
        int valueTag = (int) (name >>> 32) + (int) name;
        if (valueTag >= end) {
            return ((long) end << 32); // left out: the empty value
        }
        return readVarint(e, valueTag + 1);
    }

    /** The value of a label, or null when the series has no such label. */
    public String get(String name) {
        String[] names = names();
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return values[i];
            }
        }
        return null;
    }

    /** The metric name ({@code __name__}), or null. */
    public String metricName() {
        return get(METRIC_NAME);
    }

    /** True when names are strictly increasing in byte order, as the protocol requires. */
    public boolean isSorted() {
        String[] names = names();
        for (int i = 1; i < names.length; i++) {
            if (compareNames(names[i - 1], names[i]) >= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Compares label names in the byte order of their UTF-8 encoding, which is the order
     * Prometheus uses. For names in the valid character set this equals {@code String.compareTo}.
     */
    public static int compareNames(String a, String b) {
        return a.compareTo(b);
    }

    /**
     * A stable 64-bit hash of the label set, the same in every JVM and for any label order (a sum
     * of mixed per-pair hashes), so it routes a series to the same subtask before and after
     * validation sorts its labels, and after a restore. Each pair is hashed from its encoded
     * bytes ({@link #encodedV1()}, which the sink needs anyway), eight bytes per multiply: it runs
     * once per series per request, and a per-char hash here cost 19% of the translating thread.
     */
    public long fingerprint() {
        if (!fingerprintComputed) {
            byte[] e = encodedV1();
            long h = 0;
            int pos = 0;
            while (pos < e.length) {
                long field = readVarint(e, pos + 1); // after the TimeSeries.labels tag
                int start = (int) (field >>> 32);
                int end = start + (int) field;
                h += mix(hashBytes(e, start, end));
                pos = end;
            }
            fingerprint = mix(h);
            fingerprintComputed = true;
        }
        return fingerprint;
    }

    private static final long SEED = 0xcbf29ce484222325L;
    private static final long MULTIPLIER = 0x9e3779b97f4a7c15L;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Bytes {@code [from, to)} folded eight at a time, then the length. */
    private static long hashBytes(byte[] b, int from, int to) {
        long h = SEED;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            h = Long.rotateLeft((h ^ (long) LONGS.get(b, i)) * MULTIPLIER, 31);
        }
        long tail = 0;
        for (int shift = 0; i < to; i++, shift += 8) {
            tail |= (b[i] & 0xffL) << shift;
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

    /**
     * The label set encoded as remote-write 1.0 {@code TimeSeries.labels} fields (field 1, one
     * length-delimited {@code Label} per pair), computed once and cached.
     */
    public byte[] encodedV1() {
        byte[] e = encoded;
        if (e == null) {
            e = encodeV1();
            encoded = e;
        }
        return e;
    }

    private byte[] encodeV1() {
        String[] names = this.names;
        byte[][] nameBytes = new byte[names.length][];
        byte[][] valueBytes = new byte[names.length][];
        int total = 0;
        for (int i = 0; i < names.length; i++) {
            nameBytes[i] = names[i].getBytes(StandardCharsets.UTF_8);
            valueBytes[i] = values[i].getBytes(StandardCharsets.UTF_8);
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

    private static int varintSize(int v) {
        int size = 1;
        while ((v & ~0x7f) != 0) {
            v >>>= 7;
            size++;
        }
        return size;
    }

    private static int writeVarint(byte[] out, int pos, int v) {
        while ((v & ~0x7f) != 0) {
            out[pos++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out[pos++] = (byte) v;
        return pos;
    }

    /** Java serialization writes the strings: the cached bytes and fingerprint are transient. */
    private void writeObject(java.io.ObjectOutputStream out) throws IOException {
        names();
        out.defaultWriteObject();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Labels)) {
            return false;
        }
        Labels that = (Labels) o;
        if (encoded != null && that.encoded != null) {
            // The encoding is one-to-one: equal bytes are equal names and values, in the same order.
            return Arrays.equals(encoded, that.encoded);
        }
        return Arrays.equals(names(), that.names()) && Arrays.equals(values, that.values);
    }

    /**
     * The fingerprint's low bits: it crosses the network shuffle with the labels, so a batch that
     * hashes every record's labels pays nothing after a shuffle (hashing the strings again cost 8%
     * of the job's CPU, measured by bench's EndToEndBenchmark). Equal label sets have equal
     * fingerprints.
     */
    @Override
    public int hashCode() {
        long f = fingerprint();
        return (int) (f ^ (f >>> 32));
    }

    @Override
    public String toString() {
        String[] names = names();
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < names.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(names[i]).append("=\"").append(values[i]).append('"');
        }
        return sb.append('}').toString();
    }
}
