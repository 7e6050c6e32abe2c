package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import io.github.otelflink.job.pdata.AttributeValues;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The attributes a pipeline's processors set on every data point ({@link
 * WireEdits#pointAttributes()}), merged into each point's as {@code set(attributes["k"], v)} leaves
 * them: each replaces the point's first attribute of its key, the others follow the point's own.
 * Which ones a point had is a bit mask ({@link WireEdits#MAX_POINT_ATTRIBUTES}). One per wire translator.
 */
final class PointAttributeEdits {
    private List<KeyValue> taken = List.of();
    private String[] keys = new String[0];
    /**
     * The label values as UTF-8, encoded once, not for every point ({@code addMissing} held 12%
     * of the blueprint's translating thread, JFR).
     */
    private byte[][] values = new byte[0][];

    /** Uses {@code set}; its keys and label values are worked out again only when it is another list. */
    void use(List<KeyValue> set) {
        if (set == taken) {
            return;
        }
        if (set.size() > WireEdits.MAX_POINT_ATTRIBUTES) {
            throw new IllegalArgumentException("at most " + WireEdits.MAX_POINT_ATTRIBUTES
                    + " attributes can be set on every point, not " + set.size());
        }
        taken = set;
        keys = new String[set.size()];
        values = new byte[set.size()][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = set.get(i).getKey();
            values[i] = AttributeValues.asString(set.get(i).getValue()).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The edit of {@code key} when no earlier attribute of the point took it ({@code met}: bit i, edit i was taken), or -1. */
    int indexOf(String key, long met) {
        for (int i = 0; i < keys.length; i++) {
            if ((met & 1L << i) == 0 && keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /** The label value of edit {@code i}, in {@code values}. */
    long value(int i, LabelValueBytes labelValues) {
        return labelValues.add(values[i], 0, values[i].length);
    }

    /**
     * Adds the edits no attribute of the point took, at positions from {@code position} on, after
     * the {@code added} labels converted so far; returns the new count.
     */
    int addMissing(AttributeLabels converted, LabelValueBytes labelValues, int added, int position, long met) {
        int count = added;
        int at = position;
        for (int i = 0; i < keys.length; i++) {
            if ((met & 1L << i) == 0) {
                String name = converted.nameAt(at++, keys[i]);
                if (!name.isEmpty()) {
                    count = converted.add(count, keys[i], name, labelValues.add(values[i], 0, values[i].length));
                }
            }
        }
        return count;
    }
}
