package io.github.otelflink.job.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.otelflink.sink.remotewrite.deadletter.DeadLetterJson;
import io.github.otelflink.sink.remotewrite.model.Histogram;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads one dead-letter line ({@link DeadLetterJson}) back into the series it holds: labels,
 * samples and native histograms, value bits included (stale markers stay stale markers).
 */
public final class DeadLetterReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeadLetterReader() {}

    /** The series of one line; an {@link IOException} says what is wrong with the line. */
    public static TimeSeries read(String line) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IOException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject() || !root.path("labels").isObject()) {
            throw new IOException("not a dead letter: no \"labels\" object");
        }
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, JsonNode> label : root.path("labels").properties()) {
            names.add(label.getKey());
            values.add(label.getValue().asText());
        }
        TimeSeries.Builder b = TimeSeries.builder(new Labels(names.toArray(new String[0]), values.toArray(new String[0])));
        for (JsonNode s : root.path("samples")) {
            b.sample(timestamp(s), value(s.path("value")), s.path("start_timestamp").asLong(0));
        }
        for (JsonNode h : root.path("histograms")) {
            b.histogram(histogram(h));
        }
        return b.build();
    }

    private static Histogram histogram(JsonNode h) throws IOException {
        boolean isFloat = h.path("float").asBoolean(false);
        Histogram.Builder b = isFloat ? Histogram.floatHistogram() : Histogram.integerHistogram();
        if (isFloat) {
            b.count(value(h.path("count"))).zeroCount(value(h.path("zero_count")));
        } else {
            b.count(h.path("count").asLong()).zeroCount(h.path("zero_count").asLong());
        }
        b.sum(value(h.path("sum"))).schema(h.path("schema").asInt()).zeroThreshold(value(h.path("zero_threshold")))
                .resetHint(h.path("reset_hint").asInt()).timestampMs(timestamp(h))
                .startTimestampMs(h.path("start_timestamp").asLong(0));
        b.negativeSpans(ints(h.path("negative_spans"), "offset"), ints(h.path("negative_spans"), "length"));
        b.positiveSpans(ints(h.path("positive_spans"), "offset"), ints(h.path("positive_spans"), "length"));
        if (isFloat) {
            b.negativeCounts(doubles(h.path("negative_counts"))).positiveCounts(doubles(h.path("positive_counts")));
        } else {
            b.negativeDeltas(longs(h.path("negative_deltas"))).positiveDeltas(longs(h.path("positive_deltas")));
        }
        return b.build();
    }

    private static long timestamp(JsonNode point) throws IOException {
        JsonNode t = point.path("timestamp");
        if (!t.canConvertToLong()) {
            throw new IOException("a point without a numeric \"timestamp\": " + point);
        }
        return t.asLong();
    }

    private static double value(JsonNode v) throws IOException {
        try {
            return DeadLetterJson.parseValue(v.asText());
        } catch (NumberFormatException e) {
            throw new IOException("not a value: " + v);
        }
    }

    private static int[] ints(JsonNode spans, String field) {
        int[] a = new int[spans.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = spans.get(i).path(field).asInt();
        }
        return a;
    }

    private static long[] longs(JsonNode array) {
        long[] a = new long[array.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = array.get(i).asLong();
        }
        return a;
    }

    private static double[] doubles(JsonNode array) throws IOException {
        double[] a = new double[array.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = value(array.get(i));
        }
        return a;
    }
}
