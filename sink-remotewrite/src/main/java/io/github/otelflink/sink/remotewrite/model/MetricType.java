package io.github.otelflink.sink.remotewrite.model;

import org.apache.flink.annotation.PublicEvolving;

/** The metric family types of remote write metadata, numbered as in {@code prompb.MetricMetadata}. */
@PublicEvolving
public enum MetricType {
    UNKNOWN,
    COUNTER,
    GAUGE,
    HISTOGRAM,
    GAUGEHISTOGRAM,
    SUMMARY,
    INFO,
    STATESET;

    private static final MetricType[] VALUES = values();

    /** The enum for a wire number; unknown numbers map to {@link #UNKNOWN}. */
    public static MetricType fromNumber(int number) {
        return number >= 0 && number < VALUES.length ? VALUES[number] : UNKNOWN;
    }
}
