package io.github.otelflink.job.series;

/**
 * What the keyed step remembers per series (a Flink POJO: public fields, no-arg constructor, so
 * Flink's POJO serializer stores it, not Kryo).
 */
public class SeriesState {
    /** Timestamp of the newest float sample passed on, or {@code Long.MIN_VALUE}. */
    public long lastSampleMs = Long.MIN_VALUE;
    /** Timestamp of the newest histogram sample passed on, or {@code Long.MIN_VALUE}. */
    public long lastHistogramMs = Long.MIN_VALUE;
    /** The running total of a delta series: the cumulative value sent last. */
    public double total;
    /** Processing time of the last update, for expiry (series churn). */
    public long updatedMs;
    /**
     * The running total of a delta exponential histogram, or null (every other series: one null
     * reference, no cost). Added after the first release: Flink's POJO serializer restores older
     * checkpoints with it null.
     */
    public NativeHistogramTotal histogramTotal;

    public SeriesState() {}
}
