package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import io.github.otelflink.job.pdata.AttributeValues;
import io.github.otelflink.job.pdata.GoStrings;
import io.github.otelflink.job.pdata.LabelNames;
import io.github.otelflink.job.pdata.NameLayout;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an attribute list into labels sorted by name, with the Collector's collision rule: keys
 * that sanitize to the same name ({@code a.b} and {@code a_b}) give one label whose value joins
 * theirs with {@code ;}, in the byte order of the original keys; a value equal to what has been
 * joined so far is not added again.
 *
 * <p>One instance per translator, reused for every data point: the result lives in
 * {@link #names}/{@link #values} until the next {@link #convert}; values are references into the
 * translator's {@link LabelValueBytes}. Sanitized names are cached per key (keys repeat on every
 * point), and the cache is cleared past {@value #MAX_CACHE} keys.
 */
final class AttributeLabels {
    static final int MAX_CACHE = 10_000;

    private final Map<String, String> nameCache = new HashMap<>();
    private final LabelValueBytes valueBytes;
    /** Keys are label names as they are (UTF-8 strategies), not sanitized. */
    private final boolean utf8Names;
    /**
     * The key and name last seen at each attribute position: points of one metric repeat their
     * keys in the same order, and {@code equals} on a fresh key (decoded anew for every point) is
     * far cheaper than hashing it for the map (3.8% of the job's CPU, end-to-end profile).
     */
    private String[] recentKeys = new String[16];
    private String[] recentNames = new String[16];

    AttributeLabels(boolean utf8Names, LabelValueBytes valueBytes) {
        this.utf8Names = utf8Names;
        this.valueBytes = valueBytes;
    }

    /** The labels of the last {@link #convert}: sorted by name, names unique. */
    String[] names = new String[16];
    long[] values = new long[16];
    int size;

    private String[] keys = new String[16];
    private String[] rawNames = new String[16];
    private long[] rawValues = new long[16];
    private int[] order = new int[16];
    /**
     * The keys {@link #order} was sorted for: the wire translator hands the same key strings for
     * every point of a metric, and sorting them again was 5% of the job's CPU (JFR); decoded keys
     * are new strings each time.
     */
    private final NameLayout sortedKeys = new NameLayout();

    /**
     * Converts {@code attributes}; keys {@code service.name}, {@code service.namespace} and
     * {@code service.instance.id} are skipped when {@code skipServiceIdentity}.
     */
    void convert(List<KeyValue> attributes, boolean skipServiceIdentity) {
        int n = attributes.size();
        ensureCapacity(n);
        int count = 0;
        for (int i = 0; i < n; i++) {
            KeyValue kv = attributes.get(i);
            String key = kv.getKey();
            if (skipServiceIdentity && ServiceIdentity.isIdentifyingKey(key)) {
                continue;
            }
            String name = nameAt(i, key);
            if (!name.isEmpty()) {
                count = add(count, key, name, valueBytes.add(AttributeValues.asString(kv.getValue())));
            }
        }
        finish(count);
    }

    /**
     * The label name of {@code key}, the attribute at {@code position} of its list: looked up by
     * position first (points of one metric repeat their keys in the same order), then by key.
     */
    String nameAt(int position, String key) {
        if (position < recentKeys.length && key.equals(recentKeys[position])) {
            return recentNames[position];
        }
        String name = labelName(key);
        if (position < recentKeys.length) {
            recentKeys[position] = key;
            recentNames[position] = name;
        }
        return name;
    }

    /**
     * Adds the attribute {@code key} (label {@code name}, not empty) with {@code value} (in the
     * translator's {@link LabelValueBytes}) as the {@code count}-th of a list being converted;
     * returns the new count. {@link #finish} ends the list.
     */
    int add(int count, String key, String name, long value) {
        if (count == keys.length) {
            grow(count + 1);
        }
        keys[count] = key;
        rawNames[count] = name;
        rawValues[count] = value;
        return count + 1;
    }

    /** Sorts the {@code count} attributes added and joins colliding names into {@link #names}/{@link #values}. */
    void finish(int count) {
        if (!sortedKeys.isSame(keys, count)) {
            for (int i = 0; i < count; i++) {
                order[i] = i;
            }
            sortOrder(count);
            sortedKeys.remember(keys, count);
        }
        size = 0;
        for (int i = 0; i < count; i++) {
            int idx = order[i];
            String name = rawNames[idx];
            long value = rawValues[idx];
            if (size > 0 && names[size - 1].equals(name)) {
                if (!valueBytes.equal(values[size - 1], value)) {
                    values[size - 1] = valueBytes.join(values[size - 1], value);
                }
            } else {
                names[size] = name;
                values[size] = value;
                size++;
            }
        }
    }

    private String labelName(String key) {
        if (utf8Names) {
            return utf8LabelName(key);
        }
        String name = nameCache.get(key);
        if (name == null) {
            name = LabelNames.sanitize(key);
            if (nameCache.size() >= MAX_CACHE) {
                nameCache.clear();
            }
            nameCache.put(key, name);
        }
        return name;
    }

    /**
     * The key itself, or empty (left out) when it is only underscores: otlptranslator's
     * LabelNamer refuses those with UTF-8 allowed.
     */
    static String utf8LabelName(String key) {
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) != '_') {
                return key;
            }
        }
        return "";
    }

    /** Sorts {@code order[0..count)} by (label name, original key). */
    private void sortOrder(int count) {
        if (count <= 32) {
            for (int i = 1; i < count; i++) {
                int cur = order[i];
                int j = i - 1;
                while (j >= 0 && compare(order[j], cur) > 0) {
                    order[j + 1] = order[j];
                    j--;
                }
                order[j + 1] = cur;
            }
        } else {
            Integer[] boxed = new Integer[count];
            for (int i = 0; i < count; i++) {
                boxed[i] = order[i];
            }
            Arrays.sort(boxed, this::compare);
            for (int i = 0; i < count; i++) {
                order[i] = boxed[i];
            }
        }
    }

    private int compare(int a, int b) {
        int c = rawNames[a].compareTo(rawNames[b]);
        return c != 0 ? c : GoStrings.compare(keys[a], keys[b]);
    }

    private void ensureCapacity(int n) {
        if (keys.length < n) {
            grow(n);
        }
    }

    private void grow(int n) {
        int cap = Math.max(n, keys.length * 2);
        keys = Arrays.copyOf(keys, cap);
        rawNames = Arrays.copyOf(rawNames, cap);
        rawValues = Arrays.copyOf(rawValues, cap);
        order = Arrays.copyOf(order, cap); // still the order of the keys sortedKeys holds
        names = new String[cap];
        values = new long[cap];
    }
}
