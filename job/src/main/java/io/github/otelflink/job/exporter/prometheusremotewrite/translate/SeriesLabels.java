package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import io.github.otelflink.job.pdata.GoStrings;
import io.github.otelflink.job.pdata.LabelNames;
import io.github.otelflink.job.relabel.LayoutRelabeling;
import io.github.otelflink.job.relabel.Relabeler;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.LabelsBuilder;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * Builds the label sets of the series of a data point, sorted by name, from four sources in
 * increasing precedence:
 * <ol>
 *   <li>external labels (only where no other source has the name);
 *   <li>resource attributes, with {@code resource_to_telemetry_conversion};
 *   <li>the data point's attributes (they win over resource attributes of the same label name;
 *       the Collector's conversion copies resource attributes over point attributes of the same
 *       key instead, so there the resource wins);
 *   <li>{@code job} and {@code instance} from the resource (they replace point attributes of
 *       that name, as in the Collector), and with tenant routing the resource's tenant in
 *       {@link TenantSource#LABEL} (so no point attribute can name another tenant);
 * </ol>
 * and on top of them the series' own labels ({@code __name__}, {@code le}, {@code quantile}).
 * Labels whose value is empty are left out (an empty value means "no such label").
 *
 * <p>Per resource the lower two sources are merged once ({@link #beginResource}); per data point
 * the point's attributes are sorted and merged once ({@link #beginPoint}, in an order worked out
 * once per run of points with the same names: {@link PointLayout}); per series only the
 * series' own labels are inserted ({@link #series}). Values are UTF-8 bytes in a {@link
 * LabelValueBytes} (the resource's, then the point's), and a series' labels are written as bytes
 * ({@link LabelsBuilder}): a value read from request bytes never becomes a string. Not
 * thread-safe; one per translator.
 */
final class SeriesLabels {
    private final String[] externalNames;
    private final String[] externalValues;
    private final int externalSize;
    private final LabelValueBytes valueBytes = new LabelValueBytes();
    private final AttributeLabels attributes;
    private final LabelsBuilder builder = new LabelsBuilder();
    /** Where the current resource's values end in {@link #valueBytes}. */
    private int resourceMark;

    private final long[] externalRefs;
    private String[] lowerNames = new String[16];
    private long[] lowerValues = new long[16];
    private int lowerSize;
    private final String[] upperNames = new String[3];
    private final long[] upperValues = new long[3];
    private int upperSize;

    private String[] tmpNames = new String[16];
    private long[] tmpValues = new long[16];
    private String[] baseNames = new String[16];
    private long[] baseValues = new long[16];
    private int baseSize;
    private final PointLayout pointLayout = new PointLayout();
    private final String[] extraNames = new String[2];
    private final String[] extraValues = new String[2];

    /** Rules applied as labels are written ({@link #relabelWhileWriting}), or null. */
    @Nullable private Relabeler relabeler;
    @Nullable private LayoutRelabeling byLayout;
    /** A series' labels before the rules: names, and values as references or (the series' own) strings. */
    private String[] inNames = new String[16];
    private long[] inValues = new long[16];
    private String[] inStrings = new String[16];

    SeriesLabels(Map<String, String> externalLabels) {
        this(externalLabels, false);
    }

    /**
     * @param externalLabels label name to value; names are sanitized here unless {@code utf8Names}
     * @param utf8Names label names are attribute keys as they are (UTF-8 strategies)
     */
    SeriesLabels(Map<String, String> externalLabels, boolean utf8Names) {
        this.attributes = new AttributeLabels(utf8Names, valueBytes);
        int n = externalLabels.size();
        String[][] pairs = new String[n][];
        int i = 0;
        for (Map.Entry<String, String> e : externalLabels.entrySet()) {
            String name = utf8Names ? AttributeLabels.utf8LabelName(e.getKey()) : LabelNames.sanitize(e.getKey());
            pairs[i++] = new String[] {name, e.getValue(), e.getKey()};
        }
        // By name, then by configured key, so which of two keys that sanitize alike wins does not
        // depend on map order.
        Arrays.sort(pairs, (a, b) -> {
            int c = a[0].compareTo(b[0]);
            return c != 0 ? c : GoStrings.compare(a[2], b[2]);
        });
        externalNames = new String[n];
        externalValues = new String[n];
        externalRefs = new long[n];
        int size = 0;
        for (String[] p : pairs) {
            if (p[0].isEmpty()) {
                continue; // a UTF-8 name of underscores only: refused like an attribute key
            }
            if (size > 0 && externalNames[size - 1].equals(p[0])) {
                continue; // two configured keys that sanitize alike: the first key in byte order wins
            }
            externalNames[size] = p[0];
            externalValues[size] = p[1];
            size++;
        }
        this.externalSize = size;
    }

    /**
     * Applies {@code rules}, which must depend on label names alone ({@link
     * Relabeler#dependsOnNamesOnly()}), to every series' labels as they are written.
     */
    void relabelWhileWriting(Relabeler rules) {
        this.relabeler = rules;
        this.byLayout = rules.byLayout();
    }

    /** What writes the series' labels ({@link LabelsBuilder#layoutOf} describes the last ones). */
    LabelsBuilder writer() {
        return builder;
    }

    /** Sets the resource whose points follow; {@code tenant} is its tenant, or null without tenant routing. */
    void beginResource(List<KeyValue> resourceAttributes, ServiceIdentity identity, boolean resourceToTelemetry,
            @Nullable String tenant) {
        valueBytes.truncate(0);
        for (int i = 0; i < externalSize; i++) {
            externalRefs[i] = valueBytes.add(externalValues[i]);
        }
        if (resourceToTelemetry) {
            attributes.convert(resourceAttributes, false);
            ensureLower(externalSize + attributes.size);
            lowerSize = merge(externalNames, externalRefs, externalSize,
                    attributes.names, attributes.values, attributes.size, lowerNames, lowerValues);
        } else {
            ensureLower(externalSize);
            System.arraycopy(externalNames, 0, lowerNames, 0, externalSize);
            System.arraycopy(externalRefs, 0, lowerValues, 0, externalSize);
            lowerSize = externalSize;
        }
        upperSize = 0;
        // Sorted by name: "__tenant_id__" < "instance" < "job".
        if (tenant != null) {
            upperNames[upperSize] = TenantSource.LABEL;
            upperValues[upperSize++] = valueBytes.add(tenant);
        }
        if (identity.instance != null) {
            upperNames[upperSize] = "instance";
            upperValues[upperSize++] = valueBytes.add(identity.instance);
        }
        if (identity.job != null) {
            upperNames[upperSize] = "job";
            upperValues[upperSize++] = valueBytes.add(identity.job);
        }
        resourceMark = valueBytes.mark();
    }

    /** Sets the data point whose series follow. */
    void beginPoint(List<KeyValue> pointAttributes) {
        valueBytes.truncate(resourceMark);
        attributes.convert(pointAttributes, false);
        beginPoint();
    }

    /**
     * The converter of point attributes, for a caller that adds them one by one (values written
     * to {@link #valueBytes()}) and then calls {@link #beginPoint()}; forgets the last point's values.
     */
    AttributeLabels pointAttributes() {
        valueBytes.truncate(resourceMark);
        return attributes;
    }

    /** Where attribute values go, for a caller that converts them itself ({@link #pointAttributes()}). */
    LabelValueBytes valueBytes() {
        return valueBytes;
    }

    /** Sets the data point whose attributes were just converted ({@link #pointAttributes()}). */
    void beginPoint() {
        int max = lowerSize + attributes.size + upperSize;
        if (baseNames.length < max) {
            baseNames = new String[max];
            baseValues = new long[max];
        }
        baseSize = pointLayout.merge(lowerNames, lowerValues, lowerSize, attributes.names, attributes.values,
                attributes.size, upperNames, upperValues, upperSize, baseNames, baseValues);
    }

    /** The labels of the series {@code metricName} of the current point. */
    Labels series(String metricName) {
        extraNames[0] = Labels.METRIC_NAME;
        extraValues[0] = metricName;
        return build(baseNames, baseValues, baseSize, 1);
    }

    /**
     * The labels of the series {@code metricName} with one more label ({@code le}, {@code
     * quantile}); both values are strings the caller keeps (their bytes are cached by identity).
     */
    Labels series(String metricName, String extraName, String extraValue) {
        // "__name__" sorts before every lower-case name; compare anyway, names are data.
        boolean nameFirst = Labels.compareNames(Labels.METRIC_NAME, extraName) < 0;
        extraNames[nameFirst ? 0 : 1] = Labels.METRIC_NAME;
        extraValues[nameFirst ? 0 : 1] = metricName;
        extraNames[nameFirst ? 1 : 0] = extraName;
        extraValues[nameFirst ? 1 : 0] = extraValue;
        return build(baseNames, baseValues, baseSize, 2);
    }

    /**
     * The labels of {@code target_info} for the current resource: its attributes other than
     * {@code service.*} identity, external labels, {@code job}/{@code instance}; null when the
     * result has neither {@code job} nor {@code instance} (the Collector then sends none).
     */
    @Nullable
    Labels targetInfo(List<KeyValue> resourceAttributes, String metricName) {
        valueBytes.truncate(resourceMark);
        attributes.convert(resourceAttributes, true);
        int max = externalSize + attributes.size + upperSize;
        if (tmpNames.length < max) {
            tmpNames = new String[max];
            tmpValues = new long[max];
        }
        String[] names = new String[max];
        long[] values = new long[max];
        int n = merge(externalNames, externalRefs, externalSize, attributes.names, attributes.values,
                attributes.size, tmpNames, tmpValues);
        n = merge(tmpNames, tmpValues, n, upperNames, upperValues, upperSize, names, values);
        extraNames[0] = Labels.METRIC_NAME;
        extraValues[0] = metricName;
        Labels labels = buildAsIs(names, values, n, 1);
        String job = labels.get("job");
        String instance = labels.get("instance");
        if (job == null && instance == null) {
            return null; // decided on the labels before the rules, as when they ran after translation
        }
        return relabeler == null ? labels : relabeler.apply(labels);
    }

    /** {@link #buildAsIs}, then the rules of {@link #relabelWhileWriting}, if any. */
    private Labels build(String[] names, long[] values, int size, int extras) {
        if (byLayout == null) {
            return buildAsIs(names, values, size, extras);
        }
        Labels relabeled = buildRelabeled(names, values, size, extras);
        // An empty value: that label does not exist for the rules, which the layout cannot know.
        return relabeled != null ? relabeled : relabeler.apply(buildAsIs(names, values, size, extras));
    }

    /**
     * The labels under the rules, written once from the layout's result; null when a value is
     * empty. Every label's value is copied from where the input label's is.
     */
    @Nullable
    private Labels buildRelabeled(String[] names, long[] values, int size, int extras) {
        if (inNames.length < size + extras) {
            inNames = new String[size + extras];
            inValues = new long[size + extras];
            inStrings = new String[size + extras];
        }
        int n = 0;
        int i = 0;
        int j = 0;
        while (i < size || j < extras) {
            int c = i == size ? 1 : j == extras ? -1 : Labels.compareNames(names[i], extraNames[j]);
            if (c < 0) {
                if (values[i] == LabelValueBytes.EMPTY) {
                    return null;
                }
                inNames[n] = names[i];
                inValues[n] = values[i++];
                inStrings[n++] = null;
            } else {
                if (extraValues[j].isEmpty()) {
                    return null;
                }
                inNames[n] = extraNames[j];
                inStrings[n++] = extraValues[j++];
                if (c == 0) {
                    i++;
                }
            }
        }
        int out = byLayout.plan(inNames, n);
        builder.reset();
        byte[] bytes = valueBytes.bytes();
        for (int k = 0; k < out; k++) {
            int from = byLayout.from(k);
            String string = inStrings[from];
            if (string != null) {
                builder.add(byLayout.name(k), string);
            } else {
                long v = inValues[from];
                builder.add(byLayout.name(k), bytes, LabelValueBytes.offset(v), LabelValueBytes.length(v));
            }
        }
        return builder.build();
    }

    /**
     * Merges the sorted base with the sorted extras (extras win) into the series' bytes, leaving
     * out empty values.
     */
    private Labels buildAsIs(String[] names, long[] values, int size, int extras) {
        builder.reset();
        byte[] bytes = valueBytes.bytes();
        int i = 0;
        int j = 0;
        while (i < size || j < extras) {
            int c = i == size ? 1 : j == extras ? -1 : Labels.compareNames(names[i], extraNames[j]);
            if (c < 0) {
                long v = values[i++];
                if (v != LabelValueBytes.EMPTY) {
                    builder.add(names[i - 1], bytes, LabelValueBytes.offset(v), LabelValueBytes.length(v));
                }
            } else {
                if (!extraValues[j].isEmpty()) {
                    builder.add(extraNames[j], extraValues[j]);
                }
                j++;
                if (c == 0) {
                    i++;
                }
            }
        }
        return builder.build();
    }

    /**
     * Merges two lists sorted by name with unique names into {@code out}; on equal names the
     * second list's value wins. Returns the merged size.
     */
    static int merge(String[] aNames, long[] aValues, int aSize, String[] bNames, long[] bValues, int bSize,
            String[] outNames, long[] outValues) {
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < aSize && j < bSize) {
            int c = Labels.compareNames(aNames[i], bNames[j]);
            if (c < 0) {
                outNames[k] = aNames[i];
                outValues[k++] = aValues[i++];
            } else {
                outNames[k] = bNames[j];
                outValues[k++] = bValues[j++];
                if (c == 0) {
                    i++;
                }
            }
        }
        while (i < aSize) {
            outNames[k] = aNames[i];
            outValues[k++] = aValues[i++];
        }
        while (j < bSize) {
            outNames[k] = bNames[j];
            outValues[k++] = bValues[j++];
        }
        return k;
    }

    private void ensureLower(int n) {
        if (lowerNames.length < n) {
            lowerNames = new String[n];
            lowerValues = new long[n];
        }
    }
}
