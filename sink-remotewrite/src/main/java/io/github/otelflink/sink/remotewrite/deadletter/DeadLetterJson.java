package io.github.otelflink.sink.remotewrite.deadletter;

import io.github.otelflink.sink.remotewrite.model.Histogram;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.StaleNaN;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import org.apache.flink.annotation.PublicEvolving;

import java.time.Instant;

/**
 * The dead-letter record: one JSON object per series, on one line, for example
 *
 * <pre>{@code
 * {"time":"2026-12-04T19:00:00.123Z","reason":"too_old","status":400,"message":"out of bounds",
 *  "labels":{"__name__":"http_requests_total","job":"api"},
 *  "samples":[{"timestamp":1733338800000,"value":"17"}]}
 * }</pre>
 *
 * <p>{@code time} is when the points were dropped; {@code status} the receiver's HTTP status (0
 * when no answer refused them) and {@code message} its answer; {@code labels} the series as it was
 * to be sent. Timestamps are milliseconds since the epoch. Values are strings, as in Prometheus's
 * HTTP API, because JSON has no NaN or infinities: {@code "NaN"}, {@code "+Inf"}, {@code "-Inf"},
 * and {@code "stale"} for a staleness marker. Native histograms are under {@code "histograms"}
 * with the remote-write fields ({@code count}, {@code sum}, {@code schema}, {@code
 * zero_threshold}, {@code zero_count}, {@code positive_spans} [{@code offset}, {@code length}],
 * {@code positive_deltas} or {@code positive_counts}, the same for negative, {@code reset_hint},
 * and {@code float} for float histograms). A counter's sample or histogram that knows when it
 * started counting has {@code start_timestamp} (remote write 2.0's field; omitted when unknown).
 * Exemplars and metadata are not kept.
 */
@PublicEvolving
public final class DeadLetterJson {
    /** The longest receiver message kept: some receivers echo the whole request in their answer. */
    public static final int MAX_MESSAGE_CHARS = 1000;

    private DeadLetterJson() {}

    /** The letter as one line of JSON, without the line break. */
    public static String encode(DeadLetter letter) {
        StringBuilder b = new StringBuilder(256);
        TimeSeries ts = letter.points();
        b.append("{\"time\":\"").append(Instant.ofEpochMilli(letter.timeMillis())).append('"');
        b.append(",\"reason\":");
        string(b, letter.reason().label());
        b.append(",\"status\":").append(letter.status());
        b.append(",\"message\":");
        String message = letter.message();
        string(b, message.length() <= MAX_MESSAGE_CHARS ? message : message.substring(0, MAX_MESSAGE_CHARS) + "...");
        b.append(",\"labels\":{");
        Labels labels = ts.labels();
        for (int i = 0; i < labels.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            string(b, labels.name(i));
            b.append(':');
            string(b, labels.value(i));
        }
        b.append("},\"samples\":[");
        for (int i = 0; i < ts.sampleCount(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"timestamp\":").append(ts.timestamp(i));
            if (ts.startTimestamp(i) != 0) {
                b.append(",\"start_timestamp\":").append(ts.startTimestamp(i));
            }
            b.append(",\"value\":");
            value(b, ts.value(i));
            b.append('}');
        }
        b.append(']');
        if (ts.histogramCount() > 0) {
            b.append(",\"histograms\":[");
            for (int i = 0; i < ts.histogramCount(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                histogram(b, ts.histogram(i));
            }
            b.append(']');
        }
        return b.append('}').toString();
    }

    /** The text of a value: a Java double literal, {@code NaN}, {@code ±Inf} or {@code stale}. */
    public static String valueText(double v) {
        if (StaleNaN.isStaleNaN(v)) {
            return "stale";
        }
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        // Whole numbers without ".0", as Prometheus prints them; -0.0 keeps its sign.
        return v == Math.rint(v) && Math.abs(v) < 1e15 && Double.doubleToRawLongBits(v) != Long.MIN_VALUE ? Long.toString((long) v) : Double.toString(v);
    }

    /** The value a {@link #valueText} denotes. */
    public static double parseValue(String text) {
        switch (text) {
            case "stale":
                return StaleNaN.VALUE;
            case "NaN":
                return Double.NaN;
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                return Double.parseDouble(text);
        }
    }

    private static void histogram(StringBuilder b, Histogram h) {
        b.append("{\"timestamp\":").append(h.timestampMs());
        if (h.startTimestampMs() != 0) {
            b.append(",\"start_timestamp\":").append(h.startTimestampMs());
        }
        if (h.isFloat()) {
            b.append(",\"float\":true,\"count\":");
            value(b, h.countFloat());
        } else {
            b.append(",\"count\":").append(h.countInt());
        }
        b.append(",\"sum\":");
        value(b, h.sum());
        b.append(",\"schema\":").append(h.schema());
        b.append(",\"zero_threshold\":");
        value(b, h.zeroThreshold());
        b.append(",\"zero_count\":");
        if (h.isFloat()) {
            value(b, h.zeroCountFloat());
        } else {
            b.append(h.zeroCountInt());
        }
        buckets(b, "negative", h.negativeSpanOffsets(), h.negativeSpanLengths(), h.negativeDeltas(),
                h.negativeCounts(), h.isFloat());
        buckets(b, "positive", h.positiveSpanOffsets(), h.positiveSpanLengths(), h.positiveDeltas(),
                h.positiveCounts(), h.isFloat());
        b.append(",\"reset_hint\":").append(h.resetHint()).append('}');
    }

    private static void buckets(StringBuilder b, String side, int[] offsets, int[] lengths, long[] deltas,
            double[] counts, boolean isFloat) {
        b.append(",\"").append(side).append("_spans\":[");
        for (int i = 0; i < offsets.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"offset\":").append(offsets[i]).append(",\"length\":").append(lengths[i]).append('}');
        }
        b.append(']');
        if (isFloat) {
            b.append(",\"").append(side).append("_counts\":[");
            for (int i = 0; i < counts.length; i++) {
                if (i > 0) {
                    b.append(',');
                }
                value(b, counts[i]);
            }
        } else {
            b.append(",\"").append(side).append("_deltas\":[");
            for (int i = 0; i < deltas.length; i++) {
                if (i > 0) {
                    b.append(',');
                }
                b.append(deltas[i]);
            }
        }
        b.append(']');
    }

    private static void value(StringBuilder b, double v) {
        b.append('"').append(valueText(v)).append('"');
    }

    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
