package io.github.otelflink.job.relabel;

import io.github.otelflink.job.pdata.NameLayout;
import io.github.otelflink.sink.remotewrite.model.Labels;
import java.util.Arrays;

/**
 * The rules of a {@link Relabeler} whose outcome depends on label names alone ({@link
 * Relabeler#dependsOnNamesOnly()}), worked out once per label layout: which labels a series of
 * that layout ends up with, sorted by name, and which input label each one's value comes from.
 * A translator that writes the series' labels can then write the result directly, instead of
 * writing the input labels and relabeling their bytes into a second label set (with the
 * blueprint's two copy rules that second set was a sixth of the translating thread, JFR).
 *
 * <p>The caller must only use a layout's result when every input label has a value: an input
 * label with an empty value does not exist for the rules (a source looked up then falls back to
 * its translated name), which the layout cannot know. Not thread-safe: one per translator.
 */
public final class LayoutRelabeling {
    private final Relabeler.Step[] steps;
    private final NameLayout planned = new NameLayout();
    private String[] names = new String[16];
    private int[] from = new int[16];
    private int size;

    LayoutRelabeling(Relabeler.Step[] steps) {
        this.steps = steps;
    }

    /**
     * Works out the result for the input labels {@code in[0, n)} (distinct names, in any order),
     * unless they are the very instances of the last call; then {@link #name} and {@link #from}
     * describe it.
     *
     * @return how many labels the result has
     */
    public int plan(String[] in, int n) {
        if (planned.isSame(in, n)) {
            return size;
        }
        if (names.length < n + steps.length) {
            names = new String[n + steps.length];
            from = new int[n + steps.length];
        }
        System.arraycopy(in, 0, names, 0, n);
        for (int i = 0; i < n; i++) {
            from[i] = i;
        }
        size = n;
        for (Relabeler.Step step : steps) {
            apply(step);
        }
        sortByName();
        planned.remember(in, n);
        return size;
    }

    /** The name of the {@code k}-th label of the result. */
    public String name(int k) {
        return names[k];
    }

    /** The input label whose value the {@code k}-th label of the result has. */
    public int from(int k) {
        return from[k];
    }

    private void apply(Relabeler.Step step) {
        switch (step.action) {
            case REPLACE: // a copy: see Relabeler.Step#copiesByName
                int source = indexOf(step.sources[0]);
                if (source < 0 && step.fallbacks[0] != null) {
                    source = indexOf(step.fallbacks[0]);
                }
                String target = step.target.constant();
                int existing = indexOf(target);
                if (source < 0) {
                    if (existing >= 0) { // an absent source sets "", which deletes the target
                        removeAt(existing);
                    }
                } else if (existing >= 0) {
                    from[existing] = from[source];
                } else {
                    names[size] = target;
                    from[size++] = from[source];
                }
                return;
            case LABELDROP:
            case LABELKEEP:
                boolean matching = step.action == RelabelAction.LABELDROP;
                for (int i = 0; i < size; ) {
                    if (step.matches(names[i]) == matching) {
                        removeAt(i);
                    } else {
                        i++;
                    }
                }
                return;
            default:
                throw new IllegalStateException("not a rule on names alone: " + step.action);
        }
    }

    private int indexOf(String name) {
        for (int i = 0; i < size; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private void removeAt(int i) {
        System.arraycopy(names, i + 1, names, i, size - i - 1);
        System.arraycopy(from, i + 1, from, i, size - i - 1);
        names[--size] = null;
    }

    /** Insertion sort: label sets are small, and only the labels the rules set are out of place. */
    private void sortByName() {
        for (int i = 1; i < size; i++) {
            String name = names[i];
            int source = from[i];
            int j = i - 1;
            while (j >= 0 && Labels.compareNames(names[j], name) > 0) {
                names[j + 1] = names[j];
                from[j + 1] = from[j];
                j--;
            }
            names[j + 1] = name;
            from[j + 1] = source;
        }
    }

    @Override
    public String toString() {
        return "LayoutRelabeling" + Arrays.toString(Arrays.copyOf(names, size));
    }
}
