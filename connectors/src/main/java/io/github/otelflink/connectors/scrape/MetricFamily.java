package io.github.otelflink.connectors.scrape;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One metric family as {@link PrometheusTextParser} reads it, for {@link MetricFamilyConverter}:
 * its type, help text, and points by label set (without {@code le} / {@code quantile}).
 */
final class MetricFamily {

    /** The {@code TYPE} of a family. */
    enum Type {
        COUNTER,
        GAUGE,
        UNTYPED,
        HISTOGRAM,
        SUMMARY
    }

    final String name;
    /** Null until a {@code TYPE} line or the first sample sets it. */
    Type type;
    String help = "";
    boolean hasSamples;
    final Map<Map<String, String>, Point> points = new LinkedHashMap<>();

    MetricFamily(String name) {
        this.name = name;
    }

    /** The samples of one label set: a plain value, or a histogram's or summary's parts. */
    static final class Point {
        /** The line of its first sample, for errors found when it is converted. */
        final int line;
        final Map<String, String> labels;
        long timeNanos = Long.MIN_VALUE;
        Double value;
        Double sum;
        Double count;
        final TreeMap<Double, Double> buckets = new TreeMap<>();
        final TreeMap<Double, Double> quantiles = new TreeMap<>();

        Point(int line, Map<String, String> labels) {
            this.line = line;
            this.labels = labels;
        }
    }
}
