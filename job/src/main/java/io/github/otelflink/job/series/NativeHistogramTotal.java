package io.github.otelflink.job.series;

/**
 * The running total of a delta exponential histogram, kept in {@link SeriesState}: what the
 * cumulative native histogram sent last holds. A Flink POJO (public fields, no-arg constructor),
 * so it is stored by Flink's POJO serializer and can gain fields without breaking a checkpoint.
 *
 * <p>Buckets are dense arrays of absolute counts from a first Prometheus bucket index, one array
 * per sign: the OTLP data arrives dense too, and {@link DeltaHistogramAccumulator} keeps each array
 * at most {@link DeltaHistogramAccumulator#MAX_BUCKETS} long by lowering the schema, so a total
 * costs at most about 2.6 KiB and typically a few hundred bytes.
 */
public class NativeHistogramTotal {
    /** The native-histogram schema of the buckets (-4 to 8). */
    public int schema;
    /** Observations in {@code [-zeroThreshold, zeroThreshold]} go to the zero bucket. */
    public double zeroThreshold;
    public long zeroCount;
    public long count;
    public double sum;
    /** Prometheus bucket index of {@code positive[0]}. */
    public int positiveOffset;
    /** Absolute counts of positive buckets {@code positiveOffset, positiveOffset + 1, ...}. */
    public long[] positive = new long[0];
    /** Prometheus bucket index of {@code negative[0]}. */
    public int negativeOffset;
    /** Absolute counts of negative buckets (by absolute value), as {@link #positive}. */
    public long[] negative = new long[0];

    public NativeHistogramTotal() {}
}
