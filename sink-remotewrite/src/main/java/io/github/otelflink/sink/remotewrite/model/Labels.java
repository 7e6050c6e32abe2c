package io.github.otelflink.sink.remotewrite.model;

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
public final class Labels implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String METRIC_NAME = "__name__";

    private final String[] names;
    private final String[] values;
    private transient long fingerprint;
    private transient boolean fingerprintComputed;
    private transient byte[] encoded;

    public Labels(String[] names, String[] values) {
        if (names.length != values.length) {
            throw new IllegalArgumentException(
                    "label names (" + names.length + ") and values (" + values.length + ") differ in length");
        }
        this.names = names;
        this.values = values;
    }

    /**
     * Labels decoded from their remote-write 1.0 bytes (as {@link #encodedV1()} writes them), with
     * the fingerprint already known: both are kept, not computed again.
     */
    static Labels fromEncodedV1(byte[] encoded, long fingerprint) throws IOException {
        int count = 0;
        for (int pos = 0; pos < encoded.length; count++) {
            pos = skipField(encoded, pos);
        }
        String[] names = new String[count];
        String[] values = new String[count];
        int pos = 0;
        for (int i = 0; i < count; i++) {
            pos++; // TimeSeries.labels tag
            long inner = readVarint(encoded, pos);
            pos = (int) (inner >>> 32);
            int end = pos + (int) inner;
            while (pos < end) {
                int tag = encoded[pos++];
                long len = readVarint(encoded, pos);
                pos = (int) (len >>> 32);
                String text = new String(encoded, pos, (int) len, StandardCharsets.UTF_8);
                pos += (int) len;
                if (tag == 0x0a) {
                    names[i] = text;
                } else if (tag == 0x12) {
                    values[i] = text;
                } else {
                    throw new IOException("unexpected field tag " + tag + " in encoded labels");
                }
            }
            // Protobuf may leave out an empty string.
            if (names[i] == null) {
                names[i] = "";
            }
            if (values[i] == null) {
                values[i] = "";
            }
        }
        Labels labels = new Labels(names, values);
        labels.encoded = encoded;
        labels.fingerprint = fingerprint;
        labels.fingerprintComputed = true;
        return labels;
    }

    private static int skipField(byte[] encoded, int pos) throws IOException {
        if (encoded[pos] != 0x0a) {
            throw new IOException("unexpected field tag " + encoded[pos] + " in encoded labels");
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
        return names.length;
    }

    public String name(int i) {
        return names[i];
    }

    public String value(int i) {
        return values[i];
    }

    /** The value of a label, or null when the series has no such label. */
    public String get(String name) {
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

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Labels)) {
            return false;
        }
        Labels that = (Labels) o;
        return Arrays.equals(names, that.names) && Arrays.equals(values, that.values);
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
