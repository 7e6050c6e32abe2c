package io.github.otelflink.job.relabel;

import io.github.otelflink.sink.remotewrite.model.Labels;

import java.util.Arrays;

/**
 * The labels being relabeled, in the order Prometheus' {@code labels.Builder.Range} visits
 * them: labels of the input (sorted by name) first, then labels set by rules, in the order
 * they were first set. Setting an input label moves it to the end, as Prometheus records it
 * among the added labels.
 */
final class LabelsBuilder {
    String[] names;
    String[] values;
    boolean[] added;
    int size;
    boolean changed;

    LabelsBuilder(Labels in) {
        int n = in.size();
        int capacity = n + 4;
        names = new String[capacity];
        values = new String[capacity];
        added = new boolean[capacity];
        for (int i = 0; i < n; i++) {
            names[i] = in.name(i);
            values[i] = in.value(i);
        }
        size = n;
        sortByName(names, values, n);
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
        return i < 0 ? "" : values[i];
    }

    /** The value of {@code name}, else of {@code fallback} (when not null), else "". */
    String get(String name, String fallback) {
        int i = indexOf(name);
        if (i < 0 && fallback != null) {
            i = indexOf(fallback);
        }
        return i < 0 ? "" : values[i];
    }

    void set(String name, String value) {
        if (value.isEmpty()) {
            delete(name);
            return;
        }
        int i = indexOf(name);
        if (i >= 0 && added[i]) {
            if (!values[i].equals(value)) {
                values[i] = value;
                changed = true;
            }
            return;
        }
        if (i >= 0) {
            if (!values[i].equals(value)) {
                changed = true;
            }
            removeAt(i);
        } else {
            changed = true;
        }
        append(name, value);
    }

    void delete(String name) {
        int i = indexOf(name);
        if (i >= 0) {
            removeAt(i);
            changed = true;
        }
    }

    private void append(String name, String value) {
        if (size == names.length) {
            int capacity = names.length * 2;
            names = Arrays.copyOf(names, capacity);
            values = Arrays.copyOf(values, capacity);
            added = Arrays.copyOf(added, capacity);
        }
        names[size] = name;
        values[size] = value;
        added[size] = true;
        size++;
    }

    void removeAt(int i) {
        int tail = size - i - 1;
        System.arraycopy(names, i + 1, names, i, tail);
        System.arraycopy(values, i + 1, values, i, tail);
        System.arraycopy(added, i + 1, added, i, tail);
        size--;
        names[size] = null;
        values[size] = null;
        added[size] = false;
    }

    Labels toSortedLabels() {
        String[] outNames = Arrays.copyOf(names, size);
        String[] outValues = Arrays.copyOf(values, size);
        sortByName(outNames, outValues, size);
        return new Labels(outNames, outValues);
    }

    /** Insertion sort of parallel arrays by name (label sets are small). */
    private static void sortByName(String[] names, String[] values, int n) {
        for (int i = 1; i < n; i++) {
            String name = names[i];
            String value = values[i];
            int j = i - 1;
            while (j >= 0 && Labels.compareNames(names[j], name) > 0) {
                names[j + 1] = names[j];
                values[j + 1] = values[j];
                j--;
            }
            names[j + 1] = name;
            values[j + 1] = value;
        }
    }
}
