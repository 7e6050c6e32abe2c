package io.github.otelflink.testing;

import io.github.otelflink.testing.FaultInjectingReceiver.HistogramPoint;
import io.github.otelflink.testing.FaultInjectingReceiver.Point;
import io.github.otelflink.testing.FaultInjectingReceiver.RecordedRequest;
import io.github.otelflink.testing.FaultInjectingReceiver.Response;
import io.github.otelflink.testing.FaultInjectingReceiver.Series;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.Nullable;

/** The per-series committed state and accept/reject rules behind {@link FaultInjectingReceiver.OrderingResponder}. */
final class PrometheusOrderingRules {
    private final Map<String, Last> committed = new HashMap<>();
    private final Map<String, List<Point>> accepted = new HashMap<>();
    private final Map<String, List<HistogramPoint>> acceptedHistograms = new HashMap<>();

    private record Last(long timestampMs, Object value) {}

    synchronized Response apply(RecordedRequest request) {
        if (request.decodeError() != null) {
            return prometheusError(400, request.decodeError());
        }
        List<Series> series = request.series();
        for (Series s : series) {
            String error = check(s);
            if (error != null) {
                return prometheusError(error.startsWith("label name") ? 500 : 400, error);
            }
        }
        for (Series s : series) {
            String key = RemoteWriteRequests.seriesKey(s.labels());
            for (Point p : s.samples()) {
                if (commit(key, p.timestampMs(), Double.doubleToRawLongBits(p.value()))) {
                    accepted.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
                }
            }
            for (HistogramPoint h : s.histograms()) {
                if (commit(key, h.timestampMs(), h.histogram())) {
                    acceptedHistograms.computeIfAbsent(key, k -> new ArrayList<>()).add(h);
                }
            }
        }
        return Response.status(204);
    }

    @Nullable
    private String check(Series s) {
        if (s.samples().isEmpty() && s.histograms().isEmpty()) {
            return null;
        }
        Set<String> names = new HashSet<>();
        for (String name : s.labelNames()) {
            if (!names.add(name)) {
                return "label name \"" + name + "\" is not unique: invalid sample";
            }
        }
        Last last = committed.get(RemoteWriteRequests.seriesKey(s.labels()));
        if (last == null) {
            return null;
        }
        for (Point p : s.samples()) {
            String error = check(last, p.timestampMs(), Double.doubleToRawLongBits(p.value()));
            if (error != null) {
                return error;
            }
        }
        for (HistogramPoint h : s.histograms()) {
            String error = check(last, h.timestampMs(), h.histogram());
            if (error != null) {
                return error;
            }
        }
        return null;
    }

    @Nullable
    private static String check(Last last, long timestampMs, Object value) {
        if (timestampMs < last.timestampMs()) {
            return "out of order sample";
        }
        if (timestampMs == last.timestampMs() && !value.equals(last.value())) {
            return "duplicate sample for timestamp";
        }
        return null;
    }

    private boolean commit(String key, long timestampMs, Object value) {
        Last last = committed.get(key);
        if (last != null && timestampMs <= last.timestampMs()) {
            return false;
        }
        committed.put(key, new Last(timestampMs, value));
        return true;
    }

    private static Response prometheusError(int status, String message) {
        // Go's http.Error: text/plain body with a trailing newline.
        return Response.status(status)
                .header("Content-Type", "text/plain; charset=utf-8")
                .header("X-Content-Type-Options", "nosniff")
                .body(message + "\n");
    }

    /** The float samples applied so far for the series with exactly these labels, in commit order. */
    synchronized List<Point> accepted(Map<String, String> labels) {
        return List.copyOf(accepted.getOrDefault(RemoteWriteRequests.seriesKey(labels), List.of()));
    }

    /** The native histograms applied so far for the series with exactly these labels, in commit order. */
    synchronized List<HistogramPoint> acceptedHistograms(Map<String, String> labels) {
        return List.copyOf(acceptedHistograms.getOrDefault(RemoteWriteRequests.seriesKey(labels), List.of()));
    }

    /** The total number of float samples and histograms applied so far. */
    synchronized int acceptedCount() {
        return accepted.values().stream().mapToInt(List::size).sum()
                + acceptedHistograms.values().stream().mapToInt(List::size).sum();
    }

    int seriesCount() {
        return committed.size();
    }
}
