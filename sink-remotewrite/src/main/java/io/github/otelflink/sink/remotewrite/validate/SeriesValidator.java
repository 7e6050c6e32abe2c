package io.github.otelflink.sink.remotewrite.validate;

import io.github.otelflink.sink.remotewrite.model.Exemplar;
import io.github.otelflink.sink.remotewrite.model.Histogram;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.StaleNaN;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import org.apache.flink.annotation.Internal;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Makes a series safe to send, or rejects it with a reason.
 *
 * <p>Prometheus rejects a whole request for one bad series, and answers 500 (which a sender
 * would retry forever) to duplicate label names, so every series is checked before it joins a
 * batch: labels with empty values are removed (an empty value means "no such label"), labels
 * are sorted by name, names and the metric name are checked, and points that are not newer than
 * the point before them in the same record are dropped.
 *
 * <p>Names follow the legacy charset ({@code [a-zA-Z_:][a-zA-Z0-9_:]*}) unless the validator is
 * made for UTF-8 names, which remote write 2.0 and Prometheus 3 accept: then any non-empty name
 * that is valid UTF-8 passes.
 */
@Internal
public final class SeriesValidator {
    private final DropListener drops;
    private final boolean utf8Names;
    /**
     * The last series' labels that passed, sorted and valid, and where its metric name is. Series
     * of one batch mostly share their names; comparing their encoded bytes (which the sink sends
     * anyway, and which is all a series carries after the shuffle) is far cheaper than decoding,
     * sorting and checking them char by char again (the checks were 7% of the job's CPU in bench's
     * end-to-end profile; 135 → 83 ns per 8-label series with fresh strings and 10 metric names,
     * measured in one JVM, before the byte comparison). Not thread-safe: one validator per writer.
     */
    private Labels lastGood;
    private int lastGoodMetricIndex;

    /** A validator for legacy names. */
    public SeriesValidator(DropListener drops) {
        this(drops, false);
    }

    /** A validator for legacy names, or for any valid UTF-8 name when {@code utf8Names}. */
    public SeriesValidator(DropListener drops, boolean utf8Names) {
        this.drops = drops;
        this.utf8Names = utf8Names;
    }

    /** The series ready to send (possibly the same instance), or null when it was rejected. */
    public TimeSeries validate(TimeSeries ts) {
        Labels labels = ts.labels();
        if (labels.namesChecked() || namesAsLastGood(labels)) {
            DropReason stale = checkStaleMarkers(ts);
            return stale == null ? dropUnordered(ts) : rejected(ts, stale);
        }
        DropReason labelProblem = null;
        Labels normalized = normalize(labels);
        if (normalized == null) {
            labelProblem = DropReason.DUPLICATE_LABEL_NAME;
        } else {
            labelProblem = checkNames(normalized, utf8Names);
        }
        if (labelProblem == null) {
            labelProblem = checkStaleMarkers(ts);
        }
        if (labelProblem != null) {
            return rejected(ts, labelProblem);
        }
        remember(normalized);
        TimeSeries result = normalized == labels ? ts : ts.withLabels(normalized);
        return dropUnordered(result);
    }

    /**
     * Whether the names of {@code labels} pass every name check a validator makes, in either
     * mode: sorted and unique, no empty value, each name in the legacy charset, a valid metric
     * name. When they do, the labels are marked ({@link Labels#markNamesChecked}) and a validator
     * skips those checks for them. For a caller that meets the same series again and again and
     * can remember the answer, as the job's keyed step does in its series state: checking a
     * series' names once instead of at every send.
     */
    public static boolean markIfNamesValid(Labels labels) {
        // Unchanged by normalize: sorted, no empty value, no name twice. Legacy names pass in both modes.
        if (normalize(labels) != labels || checkNames(labels, false) != null) {
            return false;
        }
        labels.markNamesChecked();
        return true;
    }

    private TimeSeries rejected(TimeSeries ts, DropReason reason) {
        drops.dropped(reason, ts, DropListener.NO_STATUS, "refused by the sink's validator: " + reason.label());
        return null;
    }

    /**
     * True when the names equal the last good series' (so they are sorted, unique and valid), no
     * value is empty, and the metric name is valid: nothing to sort or check char by char.
     */
    private boolean namesAsLastGood(Labels labels) {
        if (lastGood == null || !labels.sameNamesNoEmptyValue(lastGood)) {
            return false;
        }
        if (!labels.sameValue(lastGoodMetricIndex, lastGood) && !metricNameBytesOk(labels, lastGoodMetricIndex)) {
            return false;
        }
        lastGood = labels;
        return true;
    }

    private void remember(Labels good) {
        for (int i = 0; i < good.size(); i++) {
            if (Labels.METRIC_NAME.equals(good.name(i))) {
                lastGood = good;
                lastGoodMetricIndex = i;
                return;
            }
        }
    }

    /** Removes empty values and sorts; null when a name repeats. */
    static Labels normalize(Labels labels) {
        int n = labels.size();
        boolean sorted = true;
        boolean hasEmpty = false;
        boolean adjacentDuplicate = false;
        for (int i = 0; i < n; i++) {
            if (labels.value(i).isEmpty()) {
                hasEmpty = true;
            }
            if (i > 0) {
                int c = Labels.compareNames(labels.name(i - 1), labels.name(i));
                if (c == 0) {
                    adjacentDuplicate = true;
                }
                if (c > 0) {
                    sorted = false;
                }
            }
        }
        if (sorted && !hasEmpty) {
            return adjacentDuplicate ? null : labels;
        }
        // Empty values go first: an empty value means "no such label", so {a="", a="x"} is {a="x"}
        // in any order.
        Integer[] order = new Integer[n];
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (!labels.value(i).isEmpty()) {
                order[kept++] = i;
            }
        }
        Integer[] idx = Arrays.copyOf(order, kept);
        Arrays.sort(idx, Comparator.comparing(labels::name, Labels::compareNames));
        String[] names = new String[kept];
        String[] values = new String[kept];
        for (int i = 0; i < kept; i++) {
            names[i] = labels.name(idx[i]);
            values[i] = labels.value(idx[i]);
            if (i > 0 && names[i].equals(names[i - 1])) {
                return null;
            }
        }
        return new Labels(names, values);
    }

    private static DropReason checkNames(Labels labels, boolean utf8Names) {
        String metricName = null;
        for (int i = 0; i < labels.size(); i++) {
            String name = labels.name(i);
            if (Labels.METRIC_NAME.equals(name)) {
                metricName = labels.value(i);
            } else if (utf8Names ? !isValidUtf8Name(name) : !isValidLabelName(name)) {
                return DropReason.INVALID_LABEL_NAME;
            }
        }
        return metricName != null && metricNameOk(metricName, utf8Names) ? null : DropReason.INVALID_METRIC_NAME;
    }

    /**
     * {@link #metricNameOk} on the value's encoded bytes: an ASCII name is checked byte by byte, and
     * only a name with other bytes is decoded. Series of a batch change metric every few series, and
     * decoding each new name was 8% of the keyed step's thread (JFR, bench's end-to-end run).
     */
    private boolean metricNameBytesOk(Labels labels, int i) {
        byte[] e = labels.encodedV1();
        long range = labels.encodedValueRange(i);
        int from = (int) (range >>> 32);
        int to = from + (int) range;
        if (from == to) {
            return false;
        }
        for (int p = from; p < to; p++) {
            int b = e[p];
            if (b < 0) {
                return metricNameOk(labels.value(i), utf8Names); // not ASCII: decode and check as a string
            }
            if (!utf8Names && !isMetricNameChar(b, p == from)) {
                return false;
            }
        }
        return true;
    }

    private static boolean metricNameOk(String name, boolean utf8Names) {
        return utf8Names ? isValidUtf8Name(name) : isValidMetricName(name);
    }

    /** Non-empty and valid UTF-8 (no unpaired surrogate): Prometheus 3's UTF-8 name rule. */
    public static boolean isValidUtf8Name(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static DropReason checkStaleMarkers(TimeSeries ts) {
        for (int i = 0; i < ts.histogramCount(); i++) {
            Histogram h = ts.histogram(i);
            if (h.isStaleMarker() && h.hasObservations()) {
                return DropReason.STALE_MARKER_MISUSE;
            }
        }
        for (int i = 0; i < ts.exemplarCount(); i++) {
            Exemplar e = ts.exemplar(i);
            if (StaleNaN.isStaleNaN(e.value())) {
                return DropReason.STALE_MARKER_MISUSE;
            }
        }
        return null;
    }

    /** Drops points whose timestamp is not after the previous kept one of the same kind. */
    private TimeSeries dropUnordered(TimeSeries ts) {
        boolean[] keep = null;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < ts.sampleCount(); i++) {
            long t = ts.timestamp(i);
            if (t <= last) {
                keep = keep == null ? allTrue(ts.pointCount()) : keep;
                keep[i] = false;
            } else {
                last = t;
            }
        }
        last = Long.MIN_VALUE;
        for (int i = 0; i < ts.histogramCount(); i++) {
            long t = ts.histogram(i).timestampMs();
            if (t <= last) {
                keep = keep == null ? allTrue(ts.pointCount()) : keep;
                keep[ts.sampleCount() + i] = false;
            } else {
                last = t;
            }
        }
        if (keep == null) {
            return ts;
        }
        boolean[] drop = new boolean[keep.length];
        for (int i = 0; i < keep.length; i++) {
            drop[i] = !keep[i];
        }
        drops.dropped(DropReason.OUT_OF_ORDER, ts.retainPoints(drop), DropListener.NO_STATUS,
                "refused by the sink's validator: not newer than the point before it in the same record");
        return ts.retainPoints(keep);
    }

    private static boolean[] allTrue(int n) {
        boolean[] a = new boolean[n];
        Arrays.fill(a, true);
        return a;
    }

    /** {@code [a-zA-Z_:][a-zA-Z0-9_:]*} */
    public static boolean isValidMetricName(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isMetricNameChar(s.charAt(i), i == 0)) {
                return false;
            }
        }
        return true;
    }

    /** A character of the legacy metric name charset, {@code [a-zA-Z_:][a-zA-Z0-9_:]*}. */
    private static boolean isMetricNameChar(int c, boolean first) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':'
                || (!first && c >= '0' && c <= '9');
    }

    /** {@code [a-zA-Z_][a-zA-Z0-9_]*} */
    public static boolean isValidLabelName(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
                    || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
