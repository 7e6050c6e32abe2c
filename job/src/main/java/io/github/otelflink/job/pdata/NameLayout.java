package io.github.otelflink.job.pdata;

/**
 * A list of label names or attribute keys remembered by identity, for answers that depend on the
 * names alone (their sort order, whether they are sorted): consecutive points and series of a
 * metric carry the very same instances (the wire translator hands the same key strings for every
 * point of a metric; relabeling gets the translator's and its rules' names), so such an answer is
 * worked out once per run of them. Not thread-safe.
 */
public final class NameLayout {
    private String[] names = new String[16];
    private int size = -1;

    /** Whether the first {@code n} of {@code current} are the very instances remembered. */
    public boolean isSame(String[] current, int n) {
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
    public void remember(String[] current, int n) {
        if (n > names.length) {
            names = new String[Math.max(n, names.length * 2)];
        }
        System.arraycopy(current, 0, names, 0, n);
        size = n;
    }
}
