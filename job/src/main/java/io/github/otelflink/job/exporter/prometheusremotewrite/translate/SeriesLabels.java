package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import io.github.otelflink.job.pdata.GoStrings;
import io.github.otelflink.job.pdata.LabelNames;
import io.github.otelflink.sink.remotewrite.model.Labels;
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
 * the point's attributes are sorted and merged once ({@link #beginPoint}); per series only the
 * series' own labels are inserted ({@link #series}). Not thread-safe; one per translator.
 */
final class SeriesLabels {
    private static final String[] NONE = new String[0];

    private final String[] externalNames;
    private final String[] externalValues;
    private final int externalSize;
    private final AttributeLabels attributes;

    private String[] lowerNames = new String[16];
    private String[] lowerValues = new String[16];
    private int lowerSize;
    private final String[] upperNames = new String[3];
    private final String[] upperValues = new String[3];
    private int upperSize;

    private String[] tmpNames = new String[16];
    private String[] tmpValues = new String[16];
    private String[] baseNames = new String[16];
    private String[] baseValues = new String[16];
    private int baseSize;
    private final String[] extraNames = new String[2];
    private final String[] extraValues = new String[2];

    SeriesLabels(Map<String, String> externalLabels) {
        this(externalLabels, false);
    }

    /**
     * @param externalLabels label name to value; names are sanitized here unless {@code utf8Names}
     * @param utf8Names label names are attribute keys as they are (UTF-8 strategies)
     */
    SeriesLabels(Map<String, String> externalLabels, boolean utf8Names) {
        this.attributes = new AttributeLabels(utf8Names);
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

    /** Sets the resource whose points follow; {@code tenant} is its tenant, or null without tenant routing. */
    void beginResource(List<KeyValue> resourceAttributes, ServiceIdentity identity, boolean resourceToTelemetry,
            @Nullable String tenant) {
        if (resourceToTelemetry) {
            attributes.convert(resourceAttributes, false);
            ensureLower(externalSize + attributes.size);
            lowerSize = merge(externalNames, externalValues, externalSize,
                    attributes.names, attributes.values, attributes.size, lowerNames, lowerValues);
        } else {
            ensureLower(externalSize);
            System.arraycopy(externalNames, 0, lowerNames, 0, externalSize);
            System.arraycopy(externalValues, 0, lowerValues, 0, externalSize);
            lowerSize = externalSize;
        }
        upperSize = 0;
        // Sorted by name: "__tenant_id__" < "instance" < "job".
        if (tenant != null) {
            upperNames[upperSize] = TenantSource.LABEL;
            upperValues[upperSize++] = tenant;
        }
        if (identity.instance != null) {
            upperNames[upperSize] = "instance";
            upperValues[upperSize++] = identity.instance;
        }
        if (identity.job != null) {
            upperNames[upperSize] = "job";
            upperValues[upperSize++] = identity.job;
        }
    }

    /** Sets the data point whose series follow. */
    void beginPoint(List<KeyValue> pointAttributes) {
        attributes.convert(pointAttributes, false);
        beginPoint();
    }

    /** The converter of point attributes, for a caller that adds them one by one and then calls {@link #beginPoint()}. */
    AttributeLabels pointAttributes() {
        return attributes;
    }

    /** Sets the data point whose attributes were just converted ({@link #pointAttributes()}). */
    void beginPoint() {
        int max = lowerSize + attributes.size + upperSize;
        if (tmpNames.length < max) {
            tmpNames = new String[max];
            tmpValues = new String[max];
            baseNames = new String[max];
            baseValues = new String[max];
        }
        int n = merge(lowerNames, lowerValues, lowerSize, attributes.names, attributes.values, attributes.size,
                tmpNames, tmpValues);
        baseSize = merge(tmpNames, tmpValues, n, upperNames, upperValues, upperSize, baseNames, baseValues);
    }

    /** The labels of the series {@code metricName} of the current point. */
    Labels series(String metricName) {
        extraNames[0] = Labels.METRIC_NAME;
        extraValues[0] = metricName;
        return build(baseNames, baseValues, baseSize, 1);
    }

    /** The labels of the series {@code metricName} with one more label ({@code le}, {@code quantile}). */
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
        attributes.convert(resourceAttributes, true);
        int max = externalSize + attributes.size + upperSize;
        if (tmpNames.length < max) {
            tmpNames = new String[max];
            tmpValues = new String[max];
        }
        String[] names = new String[max];
        String[] values = new String[max];
        int n = merge(externalNames, externalValues, externalSize, attributes.names, attributes.values,
                attributes.size, tmpNames, tmpValues);
        n = merge(tmpNames, tmpValues, n, upperNames, upperValues, upperSize, names, values);
        extraNames[0] = Labels.METRIC_NAME;
        extraValues[0] = metricName;
        Labels labels = build(names, values, n, 1);
        String job = labels.get("job");
        String instance = labels.get("instance");
        return job == null && instance == null ? null : labels;
    }

    /** Merges the sorted base with the sorted extras (extras win), leaving out empty values. */
    private Labels build(String[] names, String[] values, int size, int extras) {
        int total = size + extras;
        String[] outNames = new String[total];
        String[] outValues = new String[total];
        int n = merge(names, values, size, extraNames, extraValues, extras, outNames, outValues);
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (!outValues[i].isEmpty()) {
                outNames[kept] = outNames[i];
                outValues[kept] = outValues[i];
                kept++;
            }
        }
        if (kept != total) {
            outNames = kept == 0 ? NONE : Arrays.copyOf(outNames, kept);
            outValues = kept == 0 ? NONE : Arrays.copyOf(outValues, kept);
        }
        return new Labels(outNames, outValues);
    }

    /**
     * Merges two lists sorted by name with unique names into {@code out}; on equal names the
     * second list's value wins. Returns the merged size.
     */
    static int merge(String[] aNames, String[] aValues, int aSize, String[] bNames, String[] bValues, int bSize,
            String[] outNames, String[] outValues) {
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
            lowerValues = new String[n];
        }
    }
}
