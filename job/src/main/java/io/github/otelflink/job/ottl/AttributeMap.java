package io.github.otelflink.job.ottl;

import javax.annotation.Nullable;

/**
 * An ordered attribute map (OTLP {@code repeated KeyValue} with unique keys), as statements see
 * it. Implementations are views over the pipeline's own data and are reused from item to item.
 *
 * <p>Values are Java objects: {@link String}, {@link Long}, {@link Double}, {@link Boolean},
 * {@code byte[]}, {@link java.util.List} of values, {@link java.util.Map} from string to value,
 * or null for an empty value.
 */
public interface AttributeMap {

    int size();

    String keyAt(int index);

    @Nullable
    Object valueAt(int index);

    /** The position of {@code key}, or -1. */
    int indexOf(String key);

    /** The value of {@code key}, or null when absent (or empty). */
    @Nullable
    default Object get(String key) {
        int index = indexOf(key);
        return index < 0 ? null : valueAt(index);
    }

    /** Replaces the value of {@code key} where it is, or appends the entry. */
    void put(String key, @Nullable Object value);

    void setValueAt(int index, @Nullable Object value);

    void removeAt(int index);

    /** Removes {@code key}; false when it was absent. */
    default boolean remove(String key) {
        int index = indexOf(key);
        if (index < 0) {
            return false;
        }
        removeAt(index);
        return true;
    }

    void clear();
}
