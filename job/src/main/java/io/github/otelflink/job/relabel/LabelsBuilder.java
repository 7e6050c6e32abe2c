package io.github.otelflink.job.relabel;

import io.github.otelflink.job.pdata.NameLayout;
import io.github.otelflink.sink.remotewrite.model.LabelFields;
import io.github.otelflink.sink.remotewrite.model.Labels;

import java.util.Arrays;
import javax.annotation.Nullable;

/**
 * The labels being relabeled, in the order Prometheus' {@code labels.Builder.Range} visits
 * them: labels of the input (sorted by name) first, then labels set by rules, in the order
 * they were first set. Setting an input label moves it to the end, as Prometheus records it
 * among the added labels.
 *
 * <p>Works on the input's encoded bytes ({@link Labels#encodedV1()}): names come as cached
 * strings, an input label's value is decoded only when a rule reads it, and the result copies
 * the bytes of every label the rules left alone. Rules read a few labels and set one or two,
 * and decoding every value and encoding it again was a fifth of the translating threads' CPU
 * with the blueprint's rules (bench's EndToEndBenchmark, JFR). One per thread, reused: {@link
 * #reset} starts the next series.
 */
final class LabelsBuilder {
    String[] names = new String[16];
    /** The value, or null for an input label not read yet (then it is at {@link #fields}). */
    private String[] values = new String[16];
    /** Where an input label's field starts in {@link #encoded}, or -1 for a value set by a rule. */
    private int[] fields = new int[16];
    /** Where an input label's field ends (the next one's start). */
    private int[] ends = new int[16];
    /**
     * For a value set by a rule: the input field whose value it is (a rule that copies a label, as
     * {@code replace} with the defaults does), whose bytes are then copied; else -1.
     */
    private int[] valueFrom = new int[16];
    /** The value {@link #value(int)} returned last and the field its bytes are in (-1: none). */
    private String lastRead;
    private int lastReadField = -1;
    private boolean[] added = new boolean[16];
    int size;
    boolean changed;
    /** Whether the input's names were strictly increasing. */
    boolean sorted;
    private byte[] encoded;
    private final io.github.otelflink.sink.remotewrite.model.LabelsBuilder out =
            new io.github.otelflink.sink.remotewrite.model.LabelsBuilder();
    private int[] order = new int[16];
    /**
     * The names {@link #order} was computed for: it is sorted once per run of series with the same
     * names. Sorting every series was a quarter of the relabeling with the blueprint's rules (JFR:
     * the comparisons).
     */
    private final NameLayout ordered = new NameLayout();
    /** The input names last checked for order, and the answer. */
    private final NameLayout checked = new NameLayout();
    private boolean checkedSorted;

    /** Starts on the labels of {@code in}. */
    LabelsBuilder reset(Labels in) {
        return reset(in, null);
    }

    /**
     * Starts on the labels of {@code in}, taking their names and field positions from {@code
     * writer} when it wrote them ({@link io.github.otelflink.sink.remotewrite.model.LabelsBuilder#layoutOf})
     * instead of reading them from the bytes.
     */
    LabelsBuilder reset(Labels in, @Nullable io.github.otelflink.sink.remotewrite.model.LabelsBuilder writer) {
        Arrays.fill(names, 0, size, null);
        Arrays.fill(values, 0, size, null);
        byte[] e = in.encodedV1();
        encoded = e;
        changed = false;
        sorted = true;
        lastRead = null;
        size = writer == null ? 0 : writer.layoutOf(in, names, fields);
        if (size == 0) { // not told: the names and field starts read from the bytes
            for (int pos = 0; pos < e.length; pos = LabelFields.end(e, pos)) {
                if (size == names.length) {
                    grow();
                }
                names[size] = LabelFields.name(e, pos);
                fields[size++] = pos;
            }
        }
        for (int i = 0; i < size; i++) {
            ends[i] = i + 1 < size ? fields[i + 1] : e.length;
            valueFrom[i] = -1;
            added[i] = false;
        }
        if (checked.isSame(names, size)) {
            sorted = checkedSorted;
        } else {
            for (int i = 1; i < size && sorted; i++) {
                sorted = Labels.compareNames(names[i - 1], names[i]) < 0;
            }
            checked.remember(names, size);
            checkedSorted = sorted;
        }
        if (!sorted) {
            sortByName(size);
        }
        return this;
    }

    /** The value of the {@code i}-th label, for a rule: remembered as read ({@link #set} may copy its bytes). */
    String value(int i) {
        String v = valueAt(i);
        lastRead = v;
        lastReadField = fields[i] >= 0 ? fields[i] : valueFrom[i];
        return v;
    }

    /** The value of the {@code i}-th label, decoded the first time it is asked for. */
    private String valueAt(int i) {
        String v = values[i];
        if (v == null) {
            v = LabelFields.value(encoded, fields[i] >= 0 ? fields[i] : valueFrom[i]);
            values[i] = v;
        }
        return v;
    }

    int indexOf(String name) {
        for (int i = 0; i < size; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The value, or "" when absent (as Prometheus' Builder.Get). */
    String get(String name) {
        int i = indexOf(name);
        return i < 0 ? "" : value(i);
    }

    /** The value of {@code name}, else of {@code fallback} (when not null), else "". */
    String get(String name, String fallback) {
        int i = indexOf(name);
        if (i < 0 && fallback != null) {
            i = indexOf(fallback);
        }
        return i < 0 ? "" : value(i);
    }

    void set(String name, String value) {
        if (value.isEmpty()) {
            delete(name);
            return;
        }
        // A value read from a label keeps that label's bytes (identity: the very string read).
        int from = value == lastRead ? lastReadField : -1;
        int i = indexOf(name);
        if (i >= 0 && added[i]) {
            if (!valueAt(i).equals(value)) {
                values[i] = value;
                fields[i] = -1;
                valueFrom[i] = from;
                changed = true;
            }
            return;
        }
        int field = -1;
        int end = 0;
        if (i >= 0) {
            if (valueAt(i).equals(value)) {
                field = fields[i]; // the same bytes, moved among the added labels
                end = ends[i];
                from = valueFrom[i];
            } else {
                changed = true;
            }
            removeAt(i);
        } else {
            changed = true;
        }
        if (size == names.length) {
            grow();
        }
        names[size] = name;
        values[size] = value;
        fields[size] = field;
        ends[size] = end;
        valueFrom[size] = from;
        added[size] = true;
        size++;
    }

    /**
     * {@code set(name, get(source, fallback))} without decoding the value when {@code name} is a
     * new label and the source an input label: the new label takes the source's value bytes
     * ({@code replace} with the default regex and replacement copies a label; decoding the value
     * was 7.5% of the translating thread with the blueprint's rules, JFR).
     */
    void setCopy(String name, String source, @Nullable String fallback) {
        int i = indexOf(source);
        if (i < 0 && fallback != null) {
            i = indexOf(fallback);
        }
        if (i < 0 || fields[i] < 0 || values[i] != null || indexOf(name) >= 0) {
            set(name, i < 0 ? "" : value(i));
            return;
        }
        long range = LabelFields.valueRange(encoded, fields[i]);
        if ((int) range == 0) {
            return; // an empty value: set would delete name, which is absent
        }
        if (size == names.length) {
            grow();
        }
        names[size] = name;
        values[size] = null;
        fields[size] = -1;
        ends[size] = 0;
        valueFrom[size] = fields[i];
        added[size] = true;
        size++;
        changed = true;
    }

    void delete(String name) {
        int i = indexOf(name);
        if (i >= 0) {
            removeAt(i);
            changed = true;
        }
    }

    void removeAt(int i) {
        int tail = size - i - 1;
        System.arraycopy(names, i + 1, names, i, tail);
        System.arraycopy(values, i + 1, values, i, tail);
        System.arraycopy(fields, i + 1, fields, i, tail);
        System.arraycopy(ends, i + 1, ends, i, tail);
        System.arraycopy(valueFrom, i + 1, valueFrom, i, tail);
        System.arraycopy(added, i + 1, added, i, tail);
        size--;
        names[size] = null;
        values[size] = null;
        added[size] = false;
    }

    /**
     * The labels sorted by name: unchanged labels as their input bytes (a run of adjacent ones in
     * one copy), values copied from a label as that label's value bytes, other set ones encoded.
     */
    Labels toSortedLabels() {
        if (!ordered.isSame(names, size)) {
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            ordered.remember(names, size);
            // Insertion sort: label sets are small, and only the labels rules set are out of place.
            for (int i = 1; i < size; i++) {
                int cur = order[i];
                int j = i - 1;
                while (j >= 0 && Labels.compareNames(names[order[j]], names[cur]) > 0) {
                    order[j + 1] = order[j];
                    j--;
                }
                order[j + 1] = cur;
            }
        }
        out.reset();
        for (int k = 0; k < size; k++) {
            int i = order[k];
            if (fields[i] >= 0) {
                int to = ends[i];
                while (k + 1 < size && fields[order[k + 1]] == to) {
                    to = ends[order[++k]];
                }
                out.addFields(encoded, fields[i], to);
            } else if (valueFrom[i] >= 0) {
                long range = LabelFields.valueRange(encoded, valueFrom[i]);
                out.add(names[i], encoded, (int) (range >>> 32), (int) range);
            } else {
                out.addUncached(names[i], values[i]);
            }
        }
        return out.build();
    }

    /** Every label's value, decoded, as a copy (for a rule that reads them all while it sets labels). */
    String[] valuesCopy() {
        for (int i = 0; i < size; i++) {
            valueAt(i);
        }
        return Arrays.copyOf(values, size);
    }

    private void grow() {
        int capacity = names.length * 2;
        names = Arrays.copyOf(names, capacity);
        values = Arrays.copyOf(values, capacity);
        fields = Arrays.copyOf(fields, capacity);
        ends = Arrays.copyOf(ends, capacity);
        valueFrom = Arrays.copyOf(valueFrom, capacity);
        added = Arrays.copyOf(added, capacity);
        order = Arrays.copyOf(order, capacity); // still the order of the names ordered holds
    }

    /** Insertion sort of the input labels by name (label sets are small). */
    private void sortByName(int n) {
        for (int i = 1; i < n; i++) {
            String name = names[i];
            int field = fields[i];
            int end = ends[i];
            int j = i - 1;
            while (j >= 0 && Labels.compareNames(names[j], name) > 0) {
                names[j + 1] = names[j];
                fields[j + 1] = fields[j];
                ends[j + 1] = ends[j];
                j--;
            }
            names[j + 1] = name;
            fields[j + 1] = field;
            ends[j + 1] = end;
        }
    }
}
