package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import io.github.otelflink.job.pdata.AttributeValues;
import io.github.otelflink.job.pdata.GoStrings;
import io.github.otelflink.job.pdata.LabelNames;
import io.github.otelflink.sink.remotewrite.model.Exemplar;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.Arrays;
import java.util.List;

/**
 * Remote-write exemplars from OTLP exemplars, as the Collector converts them.
 *
 * <p>Labels: {@code trace_id} and {@code span_id} as lower-case hex when set (not empty, not all
 * zero), then the exemplar's filtered attributes, but those only when all labels together stay
 * within 128 characters (the OpenMetrics exemplar limit; the ids alone always stay). The value is
 * the double or the int; the timestamp is in milliseconds. Attribute keys are sanitized like
 * label names (the Collector sends them raw, which the sink would reject), and a label whose name
 * repeats keeps its first value.
 */
final class ExemplarConverter {
    static final String TRACE_ID = "trace_id";
    static final String SPAN_ID = "span_id";
    /** OpenMetrics: the combined length of an exemplar's label names and values. */
    static final int MAX_RUNES = 128;

    private ExemplarConverter() {}

    static Exemplar convert(io.opentelemetry.proto.metrics.v1.Exemplar e) {
        int attrs = e.getFilteredAttributesCount();
        String[] names = new String[2 + attrs];
        String[] values = new String[2 + attrs];
        int n = 0;
        int runes = 0;
        if (isSet(e.getTraceId())) {
            names[n] = TRACE_ID;
            values[n] = GoStrings.hex(e.getTraceId());
            runes += TRACE_ID.length() + values[n].length();
            n++;
        }
        if (isSet(e.getSpanId())) {
            names[n] = SPAN_ID;
            values[n] = GoStrings.hex(e.getSpanId());
            runes += SPAN_ID.length() + values[n].length();
            n++;
        }
        int ids = n;
        List<KeyValue> filtered = e.getFilteredAttributesList();
        for (int i = 0; i < attrs; i++) {
            KeyValue kv = filtered.get(i);
            String value = AttributeValues.asString(kv.getValue());
            runes += codePoints(kv.getKey()) + codePoints(value);
            String name = LabelNames.sanitize(kv.getKey());
            if (!name.isEmpty() && !value.isEmpty()) {
                names[n] = name;
                values[n] = value;
                n++;
            }
        }
        if (runes > MAX_RUNES) {
            n = ids;
        }
        sortPairs(names, values, n);
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (k == 0 || !names[i].equals(names[k - 1])) {
                names[k] = names[i];
                values[k] = values[i];
                k++;
            }
        }
        return new Exemplar(Arrays.copyOf(names, k), Arrays.copyOf(values, k), value(e),
                e.getTimeUnixNano() / 1_000_000L);
    }

    private static double value(io.opentelemetry.proto.metrics.v1.Exemplar e) {
        switch (e.getValueCase()) {
            case AS_DOUBLE:
                return e.getAsDouble();
            case AS_INT:
                return e.getAsInt();
            default:
                return 0;
        }
    }

    private static boolean isSet(com.google.protobuf.ByteString id) {
        for (int i = 0; i < id.size(); i++) {
            if (id.byteAt(i) != 0) {
                return true;
            }
        }
        return false;
    }

    private static int codePoints(String s) {
        return s.codePointCount(0, s.length());
    }

    /** Sorts the first {@code n} pairs by name, stable, so the first of a repeated name stays first. */
    private static void sortPairs(String[] names, String[] values, int n) {
        for (int i = 1; i < n; i++) {
            String cn = names[i];
            String cv = values[i];
            int j = i - 1;
            while (j >= 0 && names[j].compareTo(cn) > 0) {
                names[j + 1] = names[j];
                values[j + 1] = values[j];
                j--;
            }
            names[j + 1] = cn;
            values[j + 1] = cv;
        }
    }
}
