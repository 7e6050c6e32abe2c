package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import io.github.otelflink.job.pdata.NameLayout;
import java.util.Arrays;

/**
 * The merge of a point's three sorted label lists (the resource's lower labels, the point's
 * attributes, the resource's upper labels; later lists win on equal names), worked out once per
 * run of points whose lists hold the very same name instances, as consecutive points of a metric
 * do: each point then only gathers its values in that order, instead of comparing names again
 * (two merges per point were 8% of the blueprint's translating thread, JFR). Not thread-safe.
 */
final class PointLayout {
    private final NameLayout planned = new NameLayout();
    private String[] names = new String[16];
    private long[] values = new long[16];
    /** Per merged label: its position in the three lists laid end to end. */
    private int[] order = new int[16];
    private int size;

    /**
     * Merges the three lists into {@code outNames} and {@code outValues} (each at least as long as
     * the three together); returns the merged size.
     */
    int merge(String[] lowerNames, long[] lowerValues, int lowerSize, String[] attributeNames, long[] attributeValues,
            int attributeSize, String[] upperNames, long[] upperValues, int upperSize, String[] outNames,
            long[] outValues) {
        int n = lowerSize + attributeSize + upperSize;
        if (names.length < n) {
            names = new String[n];
            values = new long[n];
            order = new int[n];
        }
        System.arraycopy(lowerNames, 0, names, 0, lowerSize);
        System.arraycopy(attributeNames, 0, names, lowerSize, attributeSize);
        System.arraycopy(upperNames, 0, names, lowerSize + attributeSize, upperSize);
        System.arraycopy(lowerValues, 0, values, 0, lowerSize);
        System.arraycopy(attributeValues, 0, values, lowerSize, attributeSize);
        System.arraycopy(upperValues, 0, values, lowerSize + attributeSize, upperSize);
        // The names laid end to end decide the merge: each list is sorted and has a name at most
        // once, and a name takes the value of its last occurrence, wherever the lists' bounds are.
        if (!planned.isSame(names, n)) {
            plan(lowerSize, attributeSize, upperSize, outNames, outValues);
            planned.remember(names, n);
        }
        for (int k = 0; k < size; k++) {
            int i = order[k];
            outNames[k] = names[i];
            outValues[k] = values[i];
        }
        return size;
    }

    /** The two merges {@link SeriesLabels#merge} does, on positions instead of values. */
    private void plan(int lowerSize, int attributeSize, int upperSize, String[] scratchNames, long[] scratchValues) {
        int n = lowerSize + attributeSize + upperSize;
        long[] positions = new long[n];
        for (int i = 0; i < n; i++) {
            positions[i] = i;
        }
        String[] lowerThenAttributes = new String[lowerSize + attributeSize];
        long[] lowerThenAttributePositions = new long[lowerSize + attributeSize];
        int m = SeriesLabels.merge(names, positions, lowerSize,
                Arrays.copyOfRange(names, lowerSize, lowerSize + attributeSize),
                Arrays.copyOfRange(positions, lowerSize, lowerSize + attributeSize), attributeSize,
                lowerThenAttributes, lowerThenAttributePositions);
        size = SeriesLabels.merge(lowerThenAttributes, lowerThenAttributePositions, m,
                Arrays.copyOfRange(names, lowerSize + attributeSize, n),
                Arrays.copyOfRange(positions, lowerSize + attributeSize, n), upperSize,
                scratchNames, scratchValues);
        for (int k = 0; k < size; k++) {
            order[k] = (int) scratchValues[k];
        }
    }
}
