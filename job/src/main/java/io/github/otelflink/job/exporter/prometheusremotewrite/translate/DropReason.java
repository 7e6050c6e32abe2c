package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

/** Why the translator left data out; counted by {@link OtlpTranslator#dropped(DropReason)}. */
public enum DropReason {
    /** A sum or histogram with AggregationTemporality UNSPECIFIED (data points). */
    UNSPECIFIED_TEMPORALITY,
    /** The metric name has no character of {@code [a-zA-Z0-9:]} left (data points). */
    INVALID_METRIC_NAME,
    /** A number data point with neither an int nor a double value, and no NoRecordedValue flag. */
    NO_VALUE,
    /**
     * An exponential histogram point with scale below -4, or bucket indexes beyond 32 bits,
     * which native histograms cannot hold.
     */
    UNSUPPORTED_SCALE,
    /** A metric with no data (no gauge, sum, histogram, exponential histogram or summary). */
    NO_DATA
}
