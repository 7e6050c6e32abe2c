package io.github.otelflink.job.series;

import io.github.otelflink.sink.remotewrite.model.Exemplar;
import io.github.otelflink.sink.remotewrite.model.Histogram;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers the series of the batches whose window has closed and puts each series' points in
 * timestamp order, so that the order guard and delta accumulation see them as the client meant
 * them, whichever source subtask or partition each request came through. Points with equal
 * timestamps keep their arrival order (the sort is stable; batches are taken by arrival time).
 */
final class SeriesReorder {
    /** Receives one series' points in timestamp order. */
    interface Sink {
        void accept(TimeSeries series, boolean delta) throws Exception;
    }

    private SeriesReorder() {}

    /** Calls {@code out} once per series of {@code ready}, in first-seen order. */
    static void forEachSeries(List<SeriesBatch> ready, Sink out) throws Exception {
        if (ready.size() > 1) {
            ready.sort(Comparator.comparingLong(SeriesBatch::arrivalMs));
        }
        if (hasDistinctSeries(ready)) {
            // The common case: each series once among the batches (requests of different series
            // due in one tick). No map, no copies; first-seen order is the batches' order.
            for (SeriesBatch batch : ready) {
                for (int i = 0; i < batch.size(); i++) {
                    TimeSeries ts = batch.series(i);
                    out.accept(isOrdered(ts) ? ts : merge(List.of(ts)), batch.isDelta(i));
                }
            }
            return;
        }
        Map<Long, Fragments> bySeries = new LinkedHashMap<>();
        for (SeriesBatch batch : ready) {
            for (int i = 0; i < batch.size(); i++) {
                TimeSeries ts = batch.series(i);
                Long key = ts.labels().fingerprint();
                Fragments f = bySeries.get(key);
                if (f == null) {
                    bySeries.put(key, new Fragments(ts, batch.isDelta(i)));
                } else {
                    f.add(ts);
                }
            }
        }
        for (Fragments f : bySeries.values()) {
            out.accept(f.ordered(), f.delta);
        }
    }

    /** The parts of one series from several requests (usually just one). */
    private static final class Fragments {
        final TimeSeries first;
        final boolean delta;
        List<TimeSeries> more;

        Fragments(TimeSeries first, boolean delta) {
            this.first = first;
            this.delta = delta;
        }

        void add(TimeSeries ts) {
            if (more == null) {
                more = new ArrayList<>(2);
            }
            more.add(ts);
        }

        TimeSeries ordered() {
            if (more == null && isOrdered(first)) {
                return first;
            }
            List<TimeSeries> parts = new ArrayList<>(1 + (more == null ? 0 : more.size()));
            parts.add(first);
            if (more != null) {
                parts.addAll(more);
            }
            return merge(parts);
        }
    }

    /**
     * Whether no series appears twice among the batches: the fingerprints in an open-addressing
     * set over a primitive array, linear in the series. Sorting them (n log n) was 7% of the keyed
     * thread (JFR, bench README twentieth round); a map of boxed keys costs more than either.
     */
    static boolean hasDistinctSeries(List<SeriesBatch> batches) {
        int n = 0;
        for (SeriesBatch b : batches) {
            n += b.size();
        }
        if (n < 2) {
            return true;
        }
        long[] set = new long[Integer.highestOneBit(n - 1) * 4]; // at most half full
        int mask = set.length - 1;
        boolean zeroSeen = false; // 0 marks a free slot, so a zero fingerprint is kept apart
        for (SeriesBatch b : batches) {
            for (int i = 0; i < b.size(); i++) {
                long f = b.series(i).labels().fingerprint();
                if (f == 0) {
                    if (zeroSeen) {
                        return false;
                    }
                    zeroSeen = true;
                    continue;
                }
                int slot = (int) ((f * 0x9e3779b97f4a7c15L) >>> 32) & mask;
                while (set[slot] != 0) {
                    if (set[slot] == f) {
                        return false;
                    }
                    slot = (slot + 1) & mask;
                }
                set[slot] = f;
            }
        }
        return true;
    }

    static boolean isOrdered(TimeSeries ts) {
        for (int i = 1; i < ts.sampleCount(); i++) {
            if (ts.timestamp(i) < ts.timestamp(i - 1)) {
                return false;
            }
        }
        for (int i = 1; i < ts.histogramCount(); i++) {
            if (ts.histogram(i).timestampMs() < ts.histogram(i - 1).timestampMs()) {
                return false;
            }
        }
        return true;
    }

    /** One series from its parts, every point in timestamp order (stable). */
    static TimeSeries merge(List<TimeSeries> parts) {
        TimeSeries joined = parts.size() == 1 ? parts.get(0) : TimeSeries.concat(parts);
        int samples = joined.sampleCount();
        // Sort positions, not values: ties keep their arrival order. Off the common path (a series
        // in one request, already ordered), so boxing here costs nothing that matters.
        Integer[] order = new Integer[samples];
        for (int i = 0; i < samples; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingLong(joined::timestamp));
        long[] timestamps = new long[samples];
        double[] values = new double[samples];
        long[] startTimestamps = joined.hasStartTimestamps() ? new long[samples] : null;
        for (int i = 0; i < samples; i++) {
            timestamps[i] = joined.timestamp(order[i]);
            values[i] = joined.value(order[i]);
            if (startTimestamps != null) {
                startTimestamps[i] = joined.startTimestamp(order[i]);
            }
        }
        Histogram[] histograms = new Histogram[joined.histogramCount()];
        for (int i = 0; i < histograms.length; i++) {
            histograms[i] = joined.histogram(i);
        }
        Arrays.sort(histograms, Comparator.comparingLong(Histogram::timestampMs));
        Exemplar[] exemplars = new Exemplar[joined.exemplarCount()];
        for (int i = 0; i < exemplars.length; i++) {
            exemplars[i] = joined.exemplar(i);
        }
        return new TimeSeries(joined.labels(), timestamps, values, startTimestamps, histograms, exemplars,
                joined.metadata());
    }
}
