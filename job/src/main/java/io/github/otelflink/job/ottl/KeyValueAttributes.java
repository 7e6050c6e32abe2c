package io.github.otelflink.job.ottl;

import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;

/**
 * {@link AttributeMap} over the {@code repeated KeyValue attributes} of an OTLP builder,
 * edited in place (no copy, no write-back). One subclass per builder type, each rebound to
 * the current item with {@code bind}.
 *
 * <p>Entries put with the same key and value objects (a literal in a statement, hence the
 * same instances on every data point) reuse the {@link KeyValue} built the first time: it is
 * immutable, and this saves two allocations per point for {@code set(attributes["k"], "v")}.
 */
abstract class KeyValueAttributes implements AttributeMap {

    private static final int CACHE_SIZE = 8;

    private final String[] cachedKeys = new String[CACHE_SIZE];
    private final Object[] cachedValues = new Object[CACHE_SIZE];
    private final KeyValue[] cachedEntries = new KeyValue[CACHE_SIZE];
    private int nextCacheSlot;

    abstract int count();

    abstract KeyValue entry(int index);

    abstract void setEntry(int index, KeyValue entry);

    abstract void addEntry(KeyValue entry);

    abstract void removeEntry(int index);

    abstract void clearEntries();

    @Override
    public int size() {
        return count();
    }

    @Override
    public String keyAt(int index) {
        return entry(index).getKey();
    }

    @Override
    public Object valueAt(int index) {
        return AnyValues.toJava(entry(index).getValue());
    }

    @Override
    public int indexOf(String key) {
        int n = count();
        for (int i = 0; i < n; i++) {
            if (entry(i).getKey().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void put(String key, Object value) {
        KeyValue entry = keyValue(key, value);
        int index = indexOf(key);
        if (index < 0) {
            addEntry(entry);
        } else {
            setEntry(index, entry);
        }
    }

    @Override
    public void setValueAt(int index, Object value) {
        setEntry(index, keyValue(keyAt(index), value));
    }

    @Override
    public void removeAt(int index) {
        removeEntry(index);
    }

    @Override
    public void clear() {
        clearEntries();
    }

    private KeyValue keyValue(String key, Object value) {
        boolean cacheable = value instanceof String || value instanceof Long || value instanceof Double
                || value instanceof Boolean;
        if (cacheable) {
            for (int i = 0; i < CACHE_SIZE; i++) {
                if (cachedKeys[i] == key && cachedValues[i] == value) {
                    return cachedEntries[i];
                }
            }
        }
        KeyValue entry = KeyValue.newBuilder().setKey(key).setValue(AnyValues.toAnyValue(value)).build();
        if (cacheable) {
            int slot = nextCacheSlot;
            nextCacheSlot = (slot + 1) % CACHE_SIZE;
            cachedKeys[slot] = key;
            cachedValues[slot] = value;
            cachedEntries[slot] = entry;
        }
        return entry;
    }

    static final class OfResource extends KeyValueAttributes {
        private Resource.Builder b;

        void bind(Resource.Builder builder) {
            b = builder;
        }

        @Override int count() { return b.getAttributesCount(); }
        @Override KeyValue entry(int index) { return b.getAttributes(index); }
        @Override void setEntry(int index, KeyValue entry) { b.setAttributes(index, entry); }
        @Override void addEntry(KeyValue entry) { b.addAttributes(entry); }
        @Override void removeEntry(int index) { b.removeAttributes(index); }
        @Override void clearEntries() { b.clearAttributes(); }
    }

    static final class OfScope extends KeyValueAttributes {
        private InstrumentationScope.Builder b;

        void bind(InstrumentationScope.Builder builder) {
            b = builder;
        }

        @Override int count() { return b.getAttributesCount(); }
        @Override KeyValue entry(int index) { return b.getAttributes(index); }
        @Override void setEntry(int index, KeyValue entry) { b.setAttributes(index, entry); }
        @Override void addEntry(KeyValue entry) { b.addAttributes(entry); }
        @Override void removeEntry(int index) { b.removeAttributes(index); }
        @Override void clearEntries() { b.clearAttributes(); }
    }

    static final class OfNumberPoint extends KeyValueAttributes {
        private NumberDataPoint.Builder b;

        void bind(NumberDataPoint.Builder builder) {
            b = builder;
        }

        @Override int count() { return b.getAttributesCount(); }
        @Override KeyValue entry(int index) { return b.getAttributes(index); }
        @Override void setEntry(int index, KeyValue entry) { b.setAttributes(index, entry); }
        @Override void addEntry(KeyValue entry) { b.addAttributes(entry); }
        @Override void removeEntry(int index) { b.removeAttributes(index); }
        @Override void clearEntries() { b.clearAttributes(); }
    }

    static final class OfHistogramPoint extends KeyValueAttributes {
        private HistogramDataPoint.Builder b;

        void bind(HistogramDataPoint.Builder builder) {
            b = builder;
        }

        @Override int count() { return b.getAttributesCount(); }
        @Override KeyValue entry(int index) { return b.getAttributes(index); }
        @Override void setEntry(int index, KeyValue entry) { b.setAttributes(index, entry); }
        @Override void addEntry(KeyValue entry) { b.addAttributes(entry); }
        @Override void removeEntry(int index) { b.removeAttributes(index); }
        @Override void clearEntries() { b.clearAttributes(); }
    }

    static final class OfExponentialHistogramPoint extends KeyValueAttributes {
        private ExponentialHistogramDataPoint.Builder b;

        void bind(ExponentialHistogramDataPoint.Builder builder) {
            b = builder;
        }

        @Override int count() { return b.getAttributesCount(); }
        @Override KeyValue entry(int index) { return b.getAttributes(index); }
        @Override void setEntry(int index, KeyValue entry) { b.setAttributes(index, entry); }
        @Override void addEntry(KeyValue entry) { b.addAttributes(entry); }
        @Override void removeEntry(int index) { b.removeAttributes(index); }
        @Override void clearEntries() { b.clearAttributes(); }
    }

    static final class OfSummaryPoint extends KeyValueAttributes {
        private SummaryDataPoint.Builder b;

        void bind(SummaryDataPoint.Builder builder) {
            b = builder;
        }

        @Override int count() { return b.getAttributesCount(); }
        @Override KeyValue entry(int index) { return b.getAttributes(index); }
        @Override void setEntry(int index, KeyValue entry) { b.setAttributes(index, entry); }
        @Override void addEntry(KeyValue entry) { b.addAttributes(entry); }
        @Override void removeEntry(int index) { b.removeAttributes(index); }
        @Override void clearEntries() { b.clearAttributes(); }
    }
}
