package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import io.github.otelflink.sink.remotewrite.model.Labels;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.List;
import javax.annotation.Nullable;

/**
 * The label sets of recently translated series, found again from what produced them: the
 * resource's labels, the series name, its extra label ({@code le}, {@code quantile}) and the data
 * point's attributes in their order. A client sends the same series request after request, so a
 * hit skips sanitizing, sorting and merging the labels and, because the cached {@link Labels}
 * keeps its encoded bytes and fingerprint, encoding and hashing them again downstream (together
 * 15–20% of the job's CPU in the end-to-end profile, bench's EndToEndBenchmark with JFR).
 *
 * <p>Prometheus' scrape loop does the same with its cache keyed by the exposition line. The key is
 * compared in full on every hit, never trusted by its hash, so a collision costs a rebuild, not a
 * wrong series. Points with a non-string attribute value are not memoized (rare, and their string
 * form would have to be computed to compare).
 *
 * <p>Direct-mapped and bounded: {@value #SLOTS} entries of roughly 0.5–1 KiB each per translator,
 * a new series replaces whatever occupied its slot. Not thread-safe; one per translator.
 */
final class LabelMemo {
    static final int SLOTS = 1 << 17;
    private static final int MAX_ATTRIBUTES = 64;

    private static final class Entry {
        final long hash;
        final Object context;
        final String name;
        @Nullable final String extraName;
        @Nullable final String extraValue;
        final String[] keys;
        final String[] values;
        final Labels labels;

        Entry(long hash, Object context, String name, @Nullable String extraName, @Nullable String extraValue,
                String[] keys, String[] values, Labels labels) {
            this.hash = hash;
            this.context = context;
            this.name = name;
            this.extraName = extraName;
            this.extraValue = extraValue;
            this.keys = keys;
            this.values = values;
            this.labels = labels;
        }
    }

    private final Entry[] entries = new Entry[SLOTS];
    /** Key strings seen last at each position, so that entries share one instance per key. */
    private final String[] canonicalKeys = new String[MAX_ATTRIBUTES];

    private Object context;
    private List<KeyValue> attributes;
    /** Hash of the current point's attributes, or 0 when the point is not memoized. */
    private long pointHash;
    private String[] keys;
    private String[] values;

    /**
     * Sets the resource whose points follow: {@code context} must be equal (by identity) for
     * resources whose labels are equal, and different otherwise.
     */
    void beginResource(Object context) {
        this.context = context;
    }

    /** Sets the data point whose series follow; reads its attributes once. */
    void beginPoint(List<KeyValue> pointAttributes) {
        attributes = pointAttributes;
        int n = pointAttributes.size();
        keys = null;
        values = null;
        pointHash = 0;
        if (n > MAX_ATTRIBUTES) {
            return;
        }
        long h = 0x9E3779B97F4A7C15L ^ n;
        String[] k = new String[n];
        String[] v = new String[n];
        for (int i = 0; i < n; i++) {
            KeyValue kv = pointAttributes.get(i);
            AnyValue value = kv.getValue();
            if (value.getValueCase() != AnyValue.ValueCase.STRING_VALUE) {
                return;
            }
            String key = kv.getKey();
            String canonical = canonicalKeys[i];
            if (key.equals(canonical)) {
                key = canonical;
            } else {
                canonicalKeys[i] = key;
            }
            k[i] = key;
            v[i] = value.getStringValue();
            h = (h ^ key.hashCode()) * 0x100000001B3L;
            h = (h ^ v[i].hashCode()) * 0x100000001B3L;
        }
        keys = k;
        values = v;
        pointHash = h | 1; // never 0, which means "not memoized"
    }

    /** The labels remembered for the current point's series {@code name} (and extra label), or null. */
    @Nullable
    Labels find(String name, @Nullable String extraName, @Nullable String extraValue) {
        if (pointHash == 0) {
            return null;
        }
        long h = hash(name, extraValue);
        Entry e = entries[slot(h)];
        if (e == null || e.hash != h || e.context != context || !e.name.equals(name)
                || !equalsNullable(e.extraName, extraName) || !equalsNullable(e.extraValue, extraValue)) {
            return null;
        }
        String[] k = e.keys;
        String[] v = e.values;
        if (k.length != keys.length) {
            return null;
        }
        for (int i = 0; i < k.length; i++) {
            if (!k[i].equals(keys[i]) || !v[i].equals(values[i])) {
                return null;
            }
        }
        return e.labels;
    }

    /** Remembers {@code labels} for the current point's series {@code name}. */
    void remember(String name, @Nullable String extraName, @Nullable String extraValue, Labels labels) {
        if (pointHash == 0) {
            return;
        }
        long h = hash(name, extraValue);
        entries[slot(h)] = new Entry(h, context, name, extraName, extraValue, keys, values, labels);
    }

    /** The attributes of the current point. */
    List<KeyValue> attributes() {
        return attributes;
    }

    private long hash(String name, @Nullable String extraValue) {
        long h = pointHash;
        h = (h ^ System.identityHashCode(context)) * 0x100000001B3L;
        h = (h ^ name.hashCode()) * 0x100000001B3L;
        if (extraValue != null) {
            h = (h ^ extraValue.hashCode()) * 0x100000001B3L;
        }
        return h ^ (h >>> 29);
    }

    private static int slot(long h) {
        return (int) (h ^ (h >>> 32)) & (SLOTS - 1);
    }

    private static boolean equalsNullable(@Nullable String a, @Nullable String b) {
        return a == null ? b == null : a.equals(b);
    }
}
