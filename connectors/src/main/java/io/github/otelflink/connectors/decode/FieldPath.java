package io.github.otelflink.connectors.decode;

import java.util.Arrays;

/**
 * The path of the JSON field being decoded, such as {@code resourceMetrics[0].scopeMetrics[1]},
 * kept as two parallel arrays so that following it costs no allocation; the text is built only
 * for an error message.
 */
final class FieldPath {
    private String[] names = new String[16];
    private int[] indexes = new int[16];
    private int depth;

    void push(String name) {
        if (depth == names.length) {
            names = Arrays.copyOf(names, depth * 2);
            indexes = Arrays.copyOf(indexes, depth * 2);
        }
        names[depth] = name;
        indexes[depth] = -1;
        depth++;
    }

    /** Sets the array index of the innermost field, or -1 for none. */
    void index(int index) {
        indexes[depth - 1] = index;
    }

    void pop() {
        depth--;
    }

    boolean isEmpty() {
        return depth == 0;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            if (i > 0) {
                text.append('.');
            }
            text.append(names[i]);
            if (indexes[i] >= 0) {
                text.append('[').append(indexes[i]).append(']');
            }
        }
        return text.toString();
    }
}
