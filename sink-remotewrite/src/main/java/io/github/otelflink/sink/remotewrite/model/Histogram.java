package io.github.otelflink.sink.remotewrite.model;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * A native (sparse, exponential) histogram sample, shaped like {@code prompb.Histogram}.
 *
 * <p>Integer histograms carry bucket counts as deltas ({@code positiveDeltas}), float
 * histograms as absolute counts ({@code positiveCounts}); exactly one of the two forms is set,
 * chosen by {@link #isFloat()}. Spans are parallel arrays of offsets and lengths.
 */
@PublicEvolving
public final class Histogram implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Reset hint numbers as in {@code prompb.Histogram.ResetHint}. */
    public static final int RESET_UNKNOWN = 0;
    public static final int RESET_YES = 1;
    public static final int RESET_NO = 2;
    public static final int RESET_GAUGE = 3;

    private static final int[] NO_INTS = new int[0];
    private static final long[] NO_LONGS = new long[0];
    private static final double[] NO_DOUBLES = new double[0];

    private final boolean isFloat;
    private final long countInt;
    private final double countFloat;
    private final double sum;
    private final int schema;
    private final double zeroThreshold;
    private final long zeroCountInt;
    private final double zeroCountFloat;
    private final int[] negativeSpanOffsets;
    private final int[] negativeSpanLengths;
    private final long[] negativeDeltas;
    private final double[] negativeCounts;
    private final int[] positiveSpanOffsets;
    private final int[] positiveSpanLengths;
    private final long[] positiveDeltas;
    private final double[] positiveCounts;
    private final int resetHint;
    private final long timestampMs;
    private final long startTimestampMs;

    private Histogram(Builder b) {
        this.isFloat = b.isFloat;
        this.countInt = b.countInt;
        this.countFloat = b.countFloat;
        this.sum = b.sum;
        this.schema = b.schema;
        this.zeroThreshold = b.zeroThreshold;
        this.zeroCountInt = b.zeroCountInt;
        this.zeroCountFloat = b.zeroCountFloat;
        this.negativeSpanOffsets = b.negativeSpanOffsets;
        this.negativeSpanLengths = b.negativeSpanLengths;
        this.negativeDeltas = b.negativeDeltas;
        this.negativeCounts = b.negativeCounts;
        this.positiveSpanOffsets = b.positiveSpanOffsets;
        this.positiveSpanLengths = b.positiveSpanLengths;
        this.positiveDeltas = b.positiveDeltas;
        this.positiveCounts = b.positiveCounts;
        this.resetHint = b.resetHint;
        this.timestampMs = b.timestampMs;
        this.startTimestampMs = b.startTimestampMs;
        if (negativeSpanOffsets.length != negativeSpanLengths.length
                || positiveSpanOffsets.length != positiveSpanLengths.length) {
            throw new IllegalArgumentException("span offsets and lengths differ in length");
        }
    }

    public static Builder integerHistogram() {
        return new Builder(false);
    }

    public static Builder floatHistogram() {
        return new Builder(true);
    }

    public boolean isFloat() {
        return isFloat;
    }

    public long countInt() {
        return countInt;
    }

    public double countFloat() {
        return countFloat;
    }

    public double sum() {
        return sum;
    }

    public int schema() {
        return schema;
    }

    public double zeroThreshold() {
        return zeroThreshold;
    }

    public long zeroCountInt() {
        return zeroCountInt;
    }

    public double zeroCountFloat() {
        return zeroCountFloat;
    }

    public int[] negativeSpanOffsets() {
        return negativeSpanOffsets;
    }

    public int[] negativeSpanLengths() {
        return negativeSpanLengths;
    }

    public long[] negativeDeltas() {
        return negativeDeltas;
    }

    public double[] negativeCounts() {
        return negativeCounts;
    }

    public int[] positiveSpanOffsets() {
        return positiveSpanOffsets;
    }

    public int[] positiveSpanLengths() {
        return positiveSpanLengths;
    }

    public long[] positiveDeltas() {
        return positiveDeltas;
    }

    public double[] positiveCounts() {
        return positiveCounts;
    }

    public int resetHint() {
        return resetHint;
    }

    public long timestampMs() {
        return timestampMs;
    }

    /**
     * When the histogram started counting, in milliseconds (remote write 2.0
     * {@code Histogram.start_timestamp}), or 0 when unknown.
     */
    public long startTimestampMs() {
        return startTimestampMs;
    }

    /** This histogram with another start timestamp (0: unknown); itself when it already has it. */
    public Histogram withStartTimestampMs(long startMs) {
        if (startMs == startTimestampMs) {
            return this;
        }
        Builder b = new Builder(isFloat);
        b.countInt = countInt;
        b.countFloat = countFloat;
        b.sum = sum;
        b.schema = schema;
        b.zeroThreshold = zeroThreshold;
        b.zeroCountInt = zeroCountInt;
        b.zeroCountFloat = zeroCountFloat;
        b.negativeSpanOffsets = negativeSpanOffsets;
        b.negativeSpanLengths = negativeSpanLengths;
        b.negativeDeltas = negativeDeltas;
        b.negativeCounts = negativeCounts;
        b.positiveSpanOffsets = positiveSpanOffsets;
        b.positiveSpanLengths = positiveSpanLengths;
        b.positiveDeltas = positiveDeltas;
        b.positiveCounts = positiveCounts;
        b.resetHint = resetHint;
        b.timestampMs = timestampMs;
        b.startTimestampMs = startMs;
        return b.build();
    }

    /** True when this is a staleness marker: the sum is the stale NaN and nothing else is set. */
    public boolean isStaleMarker() {
        return StaleNaN.isStaleNaN(sum);
    }

    /** True when the histogram carries any count or bucket, which a stale marker must not. */
    public boolean hasObservations() {
        return countInt != 0
                || countFloat != 0
                || zeroCountInt != 0
                || zeroCountFloat != 0
                || negativeSpanOffsets.length != 0
                || positiveSpanOffsets.length != 0;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Histogram)) {
            return false;
        }
        Histogram h = (Histogram) o;
        return isFloat == h.isFloat
                && countInt == h.countInt
                && Double.doubleToRawLongBits(countFloat) == Double.doubleToRawLongBits(h.countFloat)
                && Double.doubleToRawLongBits(sum) == Double.doubleToRawLongBits(h.sum)
                && schema == h.schema
                && Double.compare(zeroThreshold, h.zeroThreshold) == 0
                && zeroCountInt == h.zeroCountInt
                && Double.compare(zeroCountFloat, h.zeroCountFloat) == 0
                && Arrays.equals(negativeSpanOffsets, h.negativeSpanOffsets)
                && Arrays.equals(negativeSpanLengths, h.negativeSpanLengths)
                && Arrays.equals(negativeDeltas, h.negativeDeltas)
                && Arrays.equals(negativeCounts, h.negativeCounts)
                && Arrays.equals(positiveSpanOffsets, h.positiveSpanOffsets)
                && Arrays.equals(positiveSpanLengths, h.positiveSpanLengths)
                && Arrays.equals(positiveDeltas, h.positiveDeltas)
                && Arrays.equals(positiveCounts, h.positiveCounts)
                && resetHint == h.resetHint
                && timestampMs == h.timestampMs
                && startTimestampMs == h.startTimestampMs;
    }

    @Override
    public int hashCode() {
        return Objects.hash(countInt, sum, schema, timestampMs);
    }

    /** Builds a {@link Histogram}; unset arrays are empty. */
    public static final class Builder {
        private final boolean isFloat;
        private long countInt;
        private double countFloat;
        private double sum;
        private int schema;
        private double zeroThreshold;
        private long zeroCountInt;
        private double zeroCountFloat;
        private int[] negativeSpanOffsets = NO_INTS;
        private int[] negativeSpanLengths = NO_INTS;
        private long[] negativeDeltas = NO_LONGS;
        private double[] negativeCounts = NO_DOUBLES;
        private int[] positiveSpanOffsets = NO_INTS;
        private int[] positiveSpanLengths = NO_INTS;
        private long[] positiveDeltas = NO_LONGS;
        private double[] positiveCounts = NO_DOUBLES;
        private int resetHint;
        private long timestampMs;
        private long startTimestampMs;

        private Builder(boolean isFloat) {
            this.isFloat = isFloat;
        }

        public Builder count(long count) {
            this.countInt = count;
            return this;
        }

        public Builder count(double count) {
            this.countFloat = count;
            return this;
        }

        public Builder sum(double sum) {
            this.sum = sum;
            return this;
        }

        public Builder schema(int schema) {
            this.schema = schema;
            return this;
        }

        public Builder zeroThreshold(double zeroThreshold) {
            this.zeroThreshold = zeroThreshold;
            return this;
        }

        public Builder zeroCount(long zeroCount) {
            this.zeroCountInt = zeroCount;
            return this;
        }

        public Builder zeroCount(double zeroCount) {
            this.zeroCountFloat = zeroCount;
            return this;
        }

        public Builder negativeSpans(int[] offsets, int[] lengths) {
            this.negativeSpanOffsets = offsets;
            this.negativeSpanLengths = lengths;
            return this;
        }

        public Builder negativeDeltas(long[] deltas) {
            this.negativeDeltas = deltas;
            return this;
        }

        public Builder negativeCounts(double[] counts) {
            this.negativeCounts = counts;
            return this;
        }

        public Builder positiveSpans(int[] offsets, int[] lengths) {
            this.positiveSpanOffsets = offsets;
            this.positiveSpanLengths = lengths;
            return this;
        }

        public Builder positiveDeltas(long[] deltas) {
            this.positiveDeltas = deltas;
            return this;
        }

        public Builder positiveCounts(double[] counts) {
            this.positiveCounts = counts;
            return this;
        }

        public Builder resetHint(int resetHint) {
            this.resetHint = resetHint;
            return this;
        }

        public Builder timestampMs(long timestampMs) {
            this.timestampMs = timestampMs;
            return this;
        }

        /** When the histogram started counting, in milliseconds; 0 (the default) for unknown. */
        public Builder startTimestampMs(long startTimestampMs) {
            this.startTimestampMs = startTimestampMs;
            return this;
        }

        public Histogram build() {
            return new Histogram(this);
        }
    }
}
