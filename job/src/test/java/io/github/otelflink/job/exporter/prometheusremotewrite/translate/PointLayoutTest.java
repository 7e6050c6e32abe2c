package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@link PointLayout} against the two plain merges it replaces, over random lists whose names
 * repeat from one call to the next as the same instances (its cache) or not, and where the same
 * names are split differently between the lists.
 */
class PointLayoutTest {
    private static final String[] POOL = {"a", "b", "cluster", "host", "instance", "job", "le", "zone", "__name__"};

    @Test
    void mergesAsTheTwoMergesDo() {
        Random random = new Random(11);
        PointLayout layout = new PointLayout();
        String[][] lists = {sortedSubset(random), sortedSubset(random), sortedSubset(random)};
        long next = 1;
        for (int round = 0; round < 5_000; round++) {
            switch (random.nextInt(6)) {
                case 0 -> lists[random.nextInt(3)] = sortedSubset(random); // new names
                case 1 -> { // the same names split differently between the first two lists
                    String[] joined = new TreeSet<>(Arrays.asList(concat(lists[0], lists[1]))).toArray(new String[0]);
                    int cut = random.nextInt(joined.length + 1);
                    lists[0] = Arrays.copyOfRange(joined, 0, cut);
                    lists[1] = Arrays.copyOfRange(joined, cut, joined.length);
                }
                default -> { } // the very same names again: the cached order
            }
            long[][] values = new long[3][];
            for (int l = 0; l < 3; l++) {
                values[l] = new long[lists[l].length];
                for (int i = 0; i < values[l].length; i++) {
                    values[l][i] = next++;
                }
            }
            int max = lists[0].length + lists[1].length + lists[2].length;
            String[] tmpNames = new String[max];
            long[] tmpValues = new long[max];
            String[] expectedNames = new String[max];
            long[] expectedValues = new long[max];
            int m = SeriesLabels.merge(lists[0], values[0], lists[0].length, lists[1], values[1], lists[1].length,
                    tmpNames, tmpValues);
            int expected = SeriesLabels.merge(tmpNames, tmpValues, m, lists[2], values[2], lists[2].length,
                    expectedNames, expectedValues);

            String[] names = new String[max];
            long[] merged = new long[max];
            int size = layout.merge(lists[0], values[0], lists[0].length, lists[1], values[1], lists[1].length,
                    lists[2], values[2], lists[2].length, names, merged);
            assertThat(size).as("round %d", round).isEqualTo(expected);
            assertThat(Arrays.copyOf(names, size)).as("round %d", round).isEqualTo(Arrays.copyOf(expectedNames, expected));
            assertThat(Arrays.copyOf(merged, size)).as("round %d", round).isEqualTo(Arrays.copyOf(expectedValues, expected));
        }
    }

    private static String[] sortedSubset(Random random) {
        TreeSet<String> names = new TreeSet<>();
        for (int i = random.nextInt(5); i > 0; i--) {
            names.add(POOL[random.nextInt(POOL.length)]);
        }
        return names.toArray(new String[0]);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
