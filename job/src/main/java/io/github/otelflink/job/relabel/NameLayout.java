package io.github.otelflink.job.relabel;

import java.util.Arrays;

/**
 * A list of label names remembered by identity, for answers that depend on the names alone (their
 * sort order, whether they are sorted): consecutive series of a metric carry the very same name
 * instances (the translator's and the rules'), so such an answer is worked out once per run of
 * them. Not thread-safe.
 */
final class NameLayout {
    private String[] names = new String[16];
    private int size = -1;

    /** Whether the first {@code n} of {@code current} are the very instances remembered. */
    boolean isSame(String[] current, int n) {
        if (n != size) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (current[i] != names[i]) {
                return false;
            }
        }
        return true;
    }

    /** Remembers the first {@code n} of {@code current}. */
    void remember(String[] current, int n) {
        if (n > names.length) {
            names = new String[Math.max(n, names.length * 2)];
        }
        System.arraycopy(current, 0, names, 0, n);
        Arrays.fill(names, n, names.length, null); // let go of older names
        size = n;
    }
}
