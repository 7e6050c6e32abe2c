package io.github.otelflink.sink.remotewrite.model;

import org.apache.flink.annotation.Internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a label set as its remote-write 1.0 bytes (what {@link Labels#encodedV1()} holds) from
 * names and UTF-8 values, for a translator that reads values from request bytes: no value string
 * is made, and the {@link Labels} built decodes names and values only when something asks for
 * them. Making a string of every value and encoding it again was a third of the translating
 * threads' CPU and a third of the job's allocations (bench's EndToEndBenchmark, JFR).
 *
 * <p>The caller adds labels in the order they are to be sent (sorted by name) and leaves out
 * empty values, as {@link Labels} expects. Names and string values are encoded through a cache
 * keyed by string identity, so they should be strings the caller keeps (label names, metric
 * names). Not thread-safe: one per translating thread, reused.
 */
@Internal
public final class LabelsBuilder {
    private byte[] buf = new byte[256];
    private int size;
    /**
     * Names' bytes by string identity, open addressing on the string's hash: this builder's own
     * front of the shared {@link LabelBytes#nameBytes} cache. The shared one must compare by
     * content, since every translating subtask has its own instance of each name, and that
     * comparison was 14% of the translating threads (JFR); here a name is one of this thread's
     * instances, so identity finds it.
     */
    private final String[] names = new String[64];
    private final byte[][] nameBytes = new byte[64][];
    /** Whether labels' layouts are kept for {@link #layoutOf} ({@link #keepLayouts}). */
    private boolean keepLayouts;
    /**
     * The names of the labels added since {@link #reset} and where each one's field starts, while
     * every label was added by name ({@code laidOut}); kept with the {@link Labels} {@link #build}
     * made last, for {@link #layoutOf}.
     */
    private String[] fieldNames = new String[16];
    private int[] fieldStarts = new int[16];
    private int fieldCount;
    private boolean laidOut;
    private Labels built;

    /** Starts a new label set. */
    public LabelsBuilder reset() {
        size = 0;
        fieldCount = 0;
        laidOut = true;
        built = null;
        return this;
    }

    /** Adds the label {@code name} whose value is the UTF-8 bytes {@code value[offset, offset + length)}. */
    public LabelsBuilder add(String name, byte[] value, int offset, int length) {
        int pos = header(name, length);
        System.arraycopy(value, offset, buf, pos, length);
        size = pos + length;
        return this;
    }

    /** Writes a label's field up to its value, which is {@code valueLength} bytes; returns where the value goes. */
    private int header(String name, int valueLength) {
        if (keepLayouts) {
            if (fieldCount == fieldNames.length) {
                fieldNames = Arrays.copyOf(fieldNames, fieldCount * 2);
                fieldStarts = Arrays.copyOf(fieldStarts, fieldCount * 2);
            }
            fieldNames[fieldCount] = name;
            fieldStarts[fieldCount++] = size;
        }
        byte[] n = nameBytes(name);
        int inner = 1 + LabelBytes.varintSize(n.length) + n.length + 1 + LabelBytes.varintSize(valueLength) + valueLength;
        ensure(size + 1 + LabelBytes.varintSize(inner) + inner);
        byte[] b = buf;
        int pos = size;
        b[pos++] = LabelBytes.LABEL_TAG;
        pos = LabelBytes.writeVarint(b, pos, inner);
        b[pos++] = LabelBytes.NAME_TAG;
        pos = LabelBytes.writeVarint(b, pos, n.length);
        System.arraycopy(n, 0, b, pos, n.length);
        pos += n.length;
        b[pos++] = LabelBytes.VALUE_TAG;
        return LabelBytes.writeVarint(b, pos, valueLength);
    }

    private byte[] nameBytes(String name) {
        int mask = names.length - 1;
        int home = name.hashCode() & mask;
        // Up to four slots from the string's own. Direct-mapped, two strings of one request (a
        // label name and a metric name) shared a slot and evicted each other at every point,
        // sending both to the shared cache (translate 400 -> 386 ns per sample with probing,
        // bench's PipelineStagesBenchmark).
        for (int i = 0; i < 4; i++) {
            int slot = (home + i) & mask;
            String cached = names[slot];
            if (cached == name) {
                return nameBytes[slot];
            }
            if (cached == null) {
                return remember(slot, name);
            }
        }
        return remember(home, name);
    }

    private byte[] remember(int slot, String name) {
        byte[] utf8 = LabelBytes.nameBytes(name);
        names[slot] = name;
        nameBytes[slot] = utf8;
        return utf8;
    }

    private void ensure(int need) {
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
        }
    }

    /** Adds the label {@code name} with the value {@code value}, a string the caller keeps (its bytes are cached). */
    public LabelsBuilder add(String name, String value) {
        byte[] v = nameBytes(value);
        return add(name, v, 0, v.length);
    }

    /**
     * Adds the label {@code name} with {@code value}, a string made for this label set (not
     * cached): an ASCII value's chars are written as its bytes, with no array made for them.
     */
    public LabelsBuilder addUncached(String name, String value) {
        int length = value.length();
        for (int i = 0; i < length; i++) {
            if (value.charAt(i) >= 0x80) {
                byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
                return add(name, utf8, 0, utf8.length);
            }
        }
        int pos = header(name, length);
        byte[] b = buf;
        for (int i = 0; i < length; i++) {
            b[pos + i] = (byte) value.charAt(i);
        }
        size = pos + length;
        return this;
    }

    /**
     * Adds labels as they are in other encoded labels: the {@code Label} fields of {@code encoded}
     * from {@code from} to {@code to} (field boundaries, see {@link LabelFields}), bytes copied.
     */
    public LabelsBuilder addFields(byte[] encoded, int from, int to) {
        int length = to - from;
        laidOut = false; // fields whose names this builder does not know
        ensure(size + length);
        System.arraycopy(encoded, from, buf, size, length);
        size += length;
        return this;
    }

    /** The labels added since {@link #reset}. */
    public Labels build() {
        Labels labels = Labels.fromEncodedV1(Arrays.copyOf(buf, size));
        built = labels;
        return labels;
    }

    /**
     * Keeps the names and field starts of the labels written from now on, for {@link #layoutOf}
     * (off by default: a writer whose labels nobody relabels pays nothing per label for it).
     */
    public void keepLayouts() {
        keepLayouts = true;
    }

    /**
     * The names of {@code labels}' fields and where each starts in its {@link Labels#encodedV1()}
     * (in the order added, the last field ending at the end), when {@code labels} is what {@link
     * #build} returned last, layouts are kept ({@link #keepLayouts}) and every label was added by
     * name; else 0, and nothing is copied. For a relabeler that works on the series this builder
     * just wrote: it need not read the names from the bytes again (a tenth of the translating
     * threads with the blueprint's rules, JFR).
     *
     * @return how many fields were copied into {@code names} and {@code starts}
     */
    public int layoutOf(Labels labels, String[] names, int[] starts) {
        if (labels != built || !keepLayouts || !laidOut || names.length < fieldCount || starts.length < fieldCount) {
            return 0;
        }
        System.arraycopy(fieldNames, 0, names, 0, fieldCount);
        System.arraycopy(fieldStarts, 0, starts, 0, fieldCount);
        return fieldCount;
    }
}
