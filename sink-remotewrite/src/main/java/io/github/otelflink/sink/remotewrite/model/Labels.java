package io.github.otelflink.sink.remotewrite.model;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;

import java.io.IOException;
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
    /** Set by {@link #markNamesChecked}: like the fingerprint, a memo of the content, not part of it. */
    private transient boolean namesChecked;

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
        LabelBytes.checkEncoded(encoded);
        Labels labels = new Labels();
        labels.encoded = encoded;
        labels.fingerprint = fingerprint;
        labels.fingerprintComputed = true;
        return labels;
    }

    /** Labels whose remote-write 1.0 bytes {@link LabelsBuilder} wrote; the fingerprint is computed when asked. */
    static Labels fromEncodedV1(byte[] encoded) {
        Labels labels = new Labels();
        labels.encoded = encoded;
        return labels;
    }

    private Labels() {
    }

    /** The names, decoded from the bytes first when the labels came as bytes. */
    private String[] names() {
        String[] n = names;
        if (n == null) {
            String[][] decoded = LabelBytes.decode(encoded);
            values = decoded[1];
            names = decoded[0];
            n = decoded[0];
        }
        return n;
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
            long range = LabelBytes.valueRange(encodedV1(), i);
            return new String(encoded, (int) (range >>> 32), (int) range, StandardCharsets.UTF_8);
        }
        return values[i];
    }

    /**
     * Where the {@code i}-th value is in {@link #encodedV1()}: its start in the high 32 bits and its
     * length in the low 32. For checks that read a value's bytes without making a string.
     */
    @Internal
    public long encodedValueRange(int i) {
        return LabelBytes.valueRange(encodedV1(), i);
    }

    /**
     * True when both label sets have the same names in the same order and no empty value in this
     * one. Compares the encoded bytes, so labels that came as bytes are not decoded.
     */
    public boolean sameNamesNoEmptyValue(Labels other) {
        return LabelBytes.sameNamesNoEmptyValue(encodedV1(), other.encodedV1());
    }

    /** True when the {@code i}-th values of both label sets are equal; compares encoded bytes. */
    public boolean sameValue(int i, Labels other) {
        return LabelBytes.sameValue(encodedV1(), other.encodedV1(), i);
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
            fingerprint = LabelBytes.fingerprint(encodedV1());
            fingerprintComputed = true;
        }
        return fingerprint;
    }

    /**
     * The label set encoded as remote-write 1.0 {@code TimeSeries.labels} fields (field 1, one
     * length-delimited {@code Label} per pair), computed once and cached.
     */
    public byte[] encodedV1() {
        byte[] e = encoded;
        if (e == null) {
            e = LabelBytes.encode(names, values);
            encoded = e;
        }
        return e;
    }

    /**
     * Where the label {@code utf8Name} is in {@link #encodedV1()}: its whole field, start in the
     * high 32 bits and end in the low 32, or -1 when the series has no such label. For a sender
     * that routes by a label and leaves it out of the request, without decoding strings. The
     * labels must be sorted by name (validated series are); the search stops past the name.
     */
    @Internal
    public long encodedFieldRange(byte[] utf8Name) {
        return LabelBytes.fieldRange(encodedV1(), utf8Name);
    }

    /**
     * Where the value of the field {@link #encodedFieldRange} found is in {@link #encodedV1()}:
     * start in the high 32 bits, length in the low 32 (0 for an empty value).
     */
    @Internal
    public long encodedValueRange(long fieldRange) {
        return LabelBytes.valueRangeInField(encodedV1(), fieldRange);
    }

    /**
     * Whether these labels were marked as passing {@link
     * io.github.otelflink.sink.remotewrite.validate.SeriesValidator}'s name checks, which the
     * validator then skips.
     */
    @Internal
    public boolean namesChecked() {
        return namesChecked;
    }

    /**
     * Marks these labels as passing the validator's name checks: for {@link
     * io.github.otelflink.sink.remotewrite.validate.SeriesValidator#markIfNamesValid}, and for a
     * caller that saw the same label bytes pass before.
     */
    @Internal
    public void markNamesChecked() {
        namesChecked = true;
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
