package io.github.otelflink.sink.remotewrite.encode;

import io.github.otelflink.sink.remotewrite.model.Exemplar;
import io.github.otelflink.sink.remotewrite.model.Histogram;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.MetricMetadata;
import io.github.otelflink.sink.remotewrite.model.MetricType;
import io.github.otelflink.sink.remotewrite.model.StaleNaN;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import java.util.Random;
import java.util.TreeMap;

/**
 * Random series with valid, sorted labels and every kind of point (special values, extreme
 * timestamps, integer and float histograms, exemplars, metadata of a few families) for property
 * tests. Deterministic for a given {@link Random}.
 */
public final class RandomTimeSeries {
    private static final String[] FAMILIES = {"alpha", "beta", "gamma"};
    private static final String[] ALPHABET = {"a", "Z", "_", "0", ":", " ", "é", "日", "😀", "\n", "\"", "\\"};
    private static final double[] SPECIAL = {0.0, -0.0, Double.NaN, StaleNaN.VALUE, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE, 1.0, -1.0};
    private static final long[] SPECIAL_TS = {0L, 1L, -1L, 127L, 128L, Long.MIN_VALUE, Long.MAX_VALUE,
        1_700_000_000_000L, -1_700_000_000_000L};

    private RandomTimeSeries() {}

    /** A random series; labels are valid and sorted, values any UTF-8 (never empty). */
    public static TimeSeries next(Random r) {
        TreeMap<String, String> labels = new TreeMap<>();
        labels.put("__name__", "metric_" + r.nextInt(50));
        int extra = r.nextInt(6);
        for (int i = 0; i < extra; i++) {
            int length = 1 + r.nextInt(r.nextInt(8) == 0 ? 300 : 12);
            labels.put("l" + r.nextInt(20) + (r.nextBoolean() ? "_x" : ""), string(r, length));
        }
        TimeSeries.Builder b = TimeSeries.builder(new Labels(
                labels.keySet().toArray(new String[0]), labels.values().toArray(new String[0])));
        int samples = r.nextInt(8) == 0 ? 0 : r.nextInt(30);
        boolean counter = r.nextInt(3) == 0; // its samples carry start timestamps, some of them 0
        for (int i = 0; i < samples; i++) {
            b.sample(timestamp(r), value(r), counter && r.nextInt(4) != 0 ? timestamp(r) : 0);
        }
        int histograms = r.nextInt(4) == 0 ? 1 + r.nextInt(3) : 0;
        for (int i = 0; i < histograms; i++) {
            b.histogram(histogram(r));
        }
        int exemplars = r.nextInt(3) == 0 ? 1 + r.nextInt(3) : 0;
        for (int i = 0; i < exemplars; i++) {
            int ln = r.nextInt(3);
            String[] names = new String[ln];
            String[] values = new String[ln];
            for (int j = 0; j < ln; j++) {
                names[j] = r.nextInt(10) == 0 ? "" : "e" + j;
                values[j] = string(r, r.nextInt(20));
            }
            b.exemplar(new Exemplar(names, values, value(r), timestamp(r)));
        }
        if (r.nextBoolean()) {
            b.metadata(new MetricMetadata(
                    MetricType.values()[r.nextInt(MetricType.values().length)],
                    FAMILIES[r.nextInt(FAMILIES.length)],
                    r.nextBoolean() ? "" : string(r, r.nextInt(40)),
                    r.nextBoolean() ? "" : string(r, r.nextInt(8))));
        }
        return b.build();
    }

    static String string(Random r, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET[r.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }

    static double value(Random r) {
        return r.nextInt(3) == 0
                ? SPECIAL[r.nextInt(SPECIAL.length)]
                : (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(40) - 20);
    }

    static long timestamp(Random r) {
        return r.nextInt(4) == 0 ? SPECIAL_TS[r.nextInt(SPECIAL_TS.length)] : r.nextLong() >> r.nextInt(64);
    }

    static Histogram histogram(Random r) {
        boolean isFloat = r.nextBoolean();
        Histogram.Builder b = isFloat ? Histogram.floatHistogram() : Histogram.integerHistogram();
        if (isFloat) {
            b.count(r.nextBoolean() ? 0.0 : r.nextDouble() * 1000)
                    .zeroCount(r.nextBoolean() ? 0.0 : r.nextDouble());
        } else {
            b.count(r.nextBoolean() ? 0L : r.nextLong() >>> r.nextInt(64))
                    .zeroCount(r.nextBoolean() ? 0L : (long) r.nextInt(1000));
        }
        b.sum(value(r))
                .schema(r.nextInt(4) == 0 ? 0 : r.nextInt(13) - 4)
                .zeroThreshold(r.nextBoolean() ? 0.0 : r.nextDouble() / 1000)
                .resetHint(r.nextInt(4))
                .timestampMs(timestamp(r))
                .startTimestampMs(r.nextBoolean() ? timestamp(r) : 0);
        int ns = r.nextInt(3);
        int ps = r.nextInt(4);
        b.negativeSpans(ints(r, ns, true), ints(r, ns, false));
        b.positiveSpans(ints(r, ps, true), ints(r, ps, false));
        if (isFloat) {
            b.negativeCounts(doubles(r, r.nextInt(5))).positiveCounts(doubles(r, r.nextInt(5)));
        } else {
            b.negativeDeltas(longs(r, r.nextInt(5))).positiveDeltas(longs(r, r.nextInt(5)));
        }
        return b.build();
    }

    private static int[] ints(Random r, int n, boolean signed) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextInt(5) == 0 ? 0 : signed ? r.nextInt(2001) - 1000 : r.nextInt(300);
        }
        return a;
    }

    private static long[] longs(Random r, int n) {
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextInt(5) == 0 ? 0 : r.nextLong() >> r.nextInt(64);
        }
        return a;
    }

    private static double[] doubles(Random r, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextInt(5) == 0 ? 0.0 : r.nextDouble() * 100;
        }
        return a;
    }
}
