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
    /**
     * When the running total of a delta series started, in milliseconds: the start time of the
     * first delta point it added up (remote write 2.0 {@code start_timestamp} of the totals sent);
     * 0 when unknown, which is what Flink's POJO serializer restores for checkpoints from before
     * this field, so such a total goes on without a start timestamp until its state expires.
     */
    public long startMs;
    /**
     * Whether this series' names were checked ({@link
     * io.github.otelflink.sink.remotewrite.validate.SeriesValidator#markIfNamesValid}), and
     * whether they passed: a memo, not state. Transient, so Flink's POJO serializer leaves them
     * out; kept in memory only by the table layout ({@link SeriesStore#remembersNameChecks}). A
     * failure is remembered too: names valid only under remote write 2.0's UTF-8 rules fail this
     * check every time, and checking them at every send would cost what the memo saves.
     */
    public transient boolean namesChecked;
    public transient boolean namesValid;

    public SeriesState() {}

    /** Back to the state of a series never seen, as the constructor makes it. */
    void clear() {
        lastSampleMs = Long.MIN_VALUE;
        lastHistogramMs = Long.MIN_VALUE;
        total = 0;
        updatedMs = 0;
        histogramTotal = null;
        startMs = 0;
        namesChecked = false;
        namesValid = false;
    }

    /** A copy of these fields; the histogram total is shared, not copied. */
    SeriesState copy() {
        SeriesState c = new SeriesState();
        c.lastSampleMs = lastSampleMs;
        c.lastHistogramMs = lastHistogramMs;
        c.total = total;
        c.updatedMs = updatedMs;
        c.histogramTotal = histogramTotal;
        c.startMs = startMs;
        c.namesChecked = namesChecked;
        c.namesValid = namesValid;
        return c;
    }
}
