package io.github.otelflink.sink.remotewrite.model;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.TypeInfo;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One series and a run of its points: the sink's input type.
 *
 * <p>Samples are parallel arrays of millisecond timestamps and values, in timestamp order, and,
 * for counters, of start timestamps (when each sample's counter started counting, remote write
 * 2.0 {@code Sample.start_timestamp}). A series without start timestamps holds no array for them:
 * most series are gauges, and they should not pay for counters.
 * Several records of the same series may follow each other; what matters for the receiver is
 * that a series' records reach the sink in order, which the sink keeps by routing every series to
 * one subtask (see the sink's README). Instances are immutable; {@link #slice} shares the labels
 * (and their cached encoding) with the original.
 */
@PublicEvolving
@TypeInfo(TimeSeriesTypeInfo.Factory.class)
public final class TimeSeries implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final long[] NO_TIMESTAMPS = new long[0];
    private static final double[] NO_VALUES = new double[0];
    private static final Histogram[] NO_HISTOGRAMS = new Histogram[0];
    private static final Exemplar[] NO_EXEMPLARS = new Exemplar[0];

    private final Labels labels;
    private final long[] timestamps;
    private final double[] values;
    /** Null when no sample has a start timestamp; else parallel to {@link #timestamps}, 0 for unknown. */
    private final long[] startTimestamps;
    private final Histogram[] histograms;
    private final Exemplar[] exemplars;
    private final MetricMetadata metadata;

    public TimeSeries(
            Labels labels,
            long[] timestamps,
            double[] values,
            Histogram[] histograms,
            Exemplar[] exemplars,
            MetricMetadata metadata) {
        this(labels, timestamps, values, null, histograms, exemplars, metadata);
    }

    /**
     * A series whose samples carry start timestamps: {@code startTimestamps} is parallel to
     * {@code timestamps} (0 where unknown), or null when none is known.
     */
    public TimeSeries(
            Labels labels,
            long[] timestamps,
            double[] values,
            long[] startTimestamps,
            Histogram[] histograms,
            Exemplar[] exemplars,
            MetricMetadata metadata) {
        this.labels = Objects.requireNonNull(labels, "labels");
        this.timestamps = timestamps == null ? NO_TIMESTAMPS : timestamps;
        this.values = values == null ? NO_VALUES : values;
        this.startTimestamps = startTimestamps;
        this.histograms = histograms == null ? NO_HISTOGRAMS : histograms;
        this.exemplars = exemplars == null ? NO_EXEMPLARS : exemplars;
        this.metadata = metadata;
        if (this.timestamps.length != this.values.length) {
            throw new IllegalArgumentException(
                    "sample timestamps (" + this.timestamps.length + ") and values ("
                            + this.values.length + ") differ in length");
        }
        if (startTimestamps != null && startTimestamps.length != this.timestamps.length) {
            throw new IllegalArgumentException(
                    "sample start timestamps (" + startTimestamps.length + ") and timestamps ("
                            + this.timestamps.length + ") differ in length");
        }
    }

    /** A series with one float sample. */
    public static TimeSeries ofSample(Labels labels, long timestampMs, double value) {
        return new TimeSeries(labels, new long[] {timestampMs}, new double[] {value}, null, null, null);
    }

    public static Builder builder(Labels labels) {
        return new Builder(labels);
    }

    public Labels labels() {
        return labels;
    }

    public int sampleCount() {
        return timestamps.length;
    }

    public long timestamp(int i) {
        return timestamps[i];
    }

    public double value(int i) {
        return values[i];
    }

    /** True when some sample may carry a start timestamp; false for gauges, without cost. */
    public boolean hasStartTimestamps() {
        return startTimestamps != null;
    }

    /** When sample {@code i}'s counter started counting, in milliseconds, or 0 when unknown. */
    public long startTimestamp(int i) {
        return startTimestamps == null ? 0 : startTimestamps[i];
    }

    public int histogramCount() {
        return histograms.length;
    }

    public Histogram histogram(int i) {
        return histograms[i];
    }

    public int exemplarCount() {
        return exemplars.length;
    }

    public Exemplar exemplar(int i) {
        return exemplars[i];
    }

    /** The family's metadata, or null. */
    public MetricMetadata metadata() {
        return metadata;
    }

    /** Samples plus histograms: the points that batching and accounting count. */
    public int pointCount() {
        return timestamps.length + histograms.length;
    }

    /**
     * The points {@code [from, to)} of this series, counting float samples first and histograms
     * after them. Exemplars and metadata go with the slice that ends at the last point, so they
     * are sent once.
     */
    public TimeSeries slice(int from, int to) {
        if (from == 0 && to == pointCount()) {
            return this;
        }
        int ns = timestamps.length;
        int sFrom = Math.min(from, ns);
        int sTo = Math.min(to, ns);
        int hFrom = Math.max(from - ns, 0);
        int hTo = Math.max(to - ns, 0);
        boolean last = to == pointCount();
        return new TimeSeries(
                labels,
                Arrays.copyOfRange(timestamps, sFrom, sTo),
                Arrays.copyOfRange(values, sFrom, sTo),
                startTimestamps == null ? null : Arrays.copyOfRange(startTimestamps, sFrom, sTo),
                Arrays.copyOfRange(histograms, hFrom, hTo),
                last ? exemplars : NO_EXEMPLARS,
                last ? metadata : null);
    }

    /**
     * Records of one series joined into one, their points in the records' order: the first
     * record's labels, the first metadata any record has. For whoever gathers a series' records
     * (the sink, once per request; the job's keyed step, before it orders them).
     */
    public static TimeSeries concat(List<TimeSeries> parts) {
        int samples = 0;
        int histogramCount = 0;
        int exemplarCount = 0;
        boolean starts = false;
        MetricMetadata metadata = null;
        for (TimeSeries p : parts) {
            samples += p.timestamps.length;
            histogramCount += p.histograms.length;
            exemplarCount += p.exemplars.length;
            starts |= p.startTimestamps != null;
            metadata = metadata != null ? metadata : p.metadata;
        }
        long[] timestamps = new long[samples];
        double[] values = new double[samples];
        long[] startTimestamps = starts ? new long[samples] : null;
        Histogram[] histograms = new Histogram[histogramCount];
        Exemplar[] exemplars = new Exemplar[exemplarCount];
        int s = 0;
        int h = 0;
        int e = 0;
        for (TimeSeries p : parts) {
            int n = p.timestamps.length;
            System.arraycopy(p.timestamps, 0, timestamps, s, n);
            System.arraycopy(p.values, 0, values, s, n);
            if (p.startTimestamps != null) {
                System.arraycopy(p.startTimestamps, 0, startTimestamps, s, n);
            }
            s += n;
            System.arraycopy(p.histograms, 0, histograms, h, p.histograms.length);
            h += p.histograms.length;
            System.arraycopy(p.exemplars, 0, exemplars, e, p.exemplars.length);
            e += p.exemplars.length;
        }
        return new TimeSeries(parts.get(0).labels, timestamps, values, startTimestamps, histograms, exemplars, metadata);
    }

    /** The same points under other labels (used when validation sorts or trims the labels). */
    public TimeSeries withLabels(Labels newLabels) {
        return new TimeSeries(newLabels, timestamps, values, startTimestamps, histograms, exemplars, metadata);
    }

    /** Only the samples and histograms whose index is set in {@code keep} (in order). */
    public TimeSeries retainPoints(boolean[] keep) {
        List<Integer> sampleIdx = new ArrayList<>();
        List<Histogram> hs = new ArrayList<>();
        for (int i = 0; i < timestamps.length; i++) {
            if (keep[i]) {
                sampleIdx.add(i);
            }
        }
        for (int i = 0; i < histograms.length; i++) {
            if (keep[timestamps.length + i]) {
                hs.add(histograms[i]);
            }
        }
        long[] ts = new long[sampleIdx.size()];
        double[] vs = new double[sampleIdx.size()];
        long[] starts = startTimestamps == null ? null : new long[ts.length];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = timestamps[sampleIdx.get(i)];
            vs[i] = values[sampleIdx.get(i)];
            if (starts != null) {
                starts[i] = startTimestamps[sampleIdx.get(i)];
            }
        }
        return new TimeSeries(labels, ts, vs, starts, hs.toArray(NO_HISTOGRAMS), exemplars, metadata);
    }

    /** The newest timestamp of any point, or {@code Long.MIN_VALUE} when there is none. */
    public long maxTimestamp() {
        long max = Long.MIN_VALUE;
        for (long t : timestamps) {
            max = Math.max(max, t);
        }
        for (Histogram h : histograms) {
            max = Math.max(max, h.timestampMs());
        }
        return max;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TimeSeries)) {
            return false;
        }
        TimeSeries that = (TimeSeries) o;
        if (!labels.equals(that.labels)
                || !Arrays.equals(timestamps, that.timestamps)
                || values.length != that.values.length
                || !startTimestampsEqual(that)) {
            return false;
        }
        for (int i = 0; i < values.length; i++) {
            if (Double.doubleToRawLongBits(values[i]) != Double.doubleToRawLongBits(that.values[i])) {
                return false;
            }
        }
        return Arrays.equals(histograms, that.histograms)
                && Arrays.equals(exemplars, that.exemplars)
                && Objects.equals(metadata, that.metadata);
    }

    /** Equal start timestamps; no array equals one of zeros (both say: none known). */
    private boolean startTimestampsEqual(TimeSeries that) {
        for (int i = 0; i < timestamps.length; i++) {
            if (startTimestamp(i) != that.startTimestamp(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return 31 * labels.hashCode() + Arrays.hashCode(timestamps);
    }

    @Override
    public String toString() {
        return "TimeSeries" + labels + " samples=" + timestamps.length + " histograms=" + histograms.length;
    }

    /** Collects points of one series. */
    public static final class Builder {
        private final Labels labels;
        private long[] timestamps = new long[4];
        private double[] values = new double[4];
        private long[] startTimestamps;
        private int samples;
        private final List<Histogram> histograms = new ArrayList<>();
        private final List<Exemplar> exemplars = new ArrayList<>();
        private MetricMetadata metadata;

        private Builder(Labels labels) {
            this.labels = Objects.requireNonNull(labels, "labels");
        }

        public Builder sample(long timestampMs, double value) {
            return sample(timestampMs, value, 0);
        }

        /** A sample whose counter started counting at {@code startTimestampMs} (0: unknown). */
        public Builder sample(long timestampMs, double value, long startTimestampMs) {
            if (samples == timestamps.length) {
                timestamps = Arrays.copyOf(timestamps, samples * 2);
                values = Arrays.copyOf(values, samples * 2);
            }
            if (startTimestampMs != 0 && startTimestamps == null) {
                startTimestamps = new long[timestamps.length];
            } else if (startTimestamps != null && startTimestamps.length < timestamps.length) {
                startTimestamps = Arrays.copyOf(startTimestamps, timestamps.length);
            }
            timestamps[samples] = timestampMs;
            values[samples] = value;
            if (startTimestamps != null) {
                startTimestamps[samples] = startTimestampMs;
            }
            samples++;
            return this;
        }

        public Builder histogram(Histogram histogram) {
            histograms.add(Objects.requireNonNull(histogram, "histogram"));
            return this;
        }

        public Builder exemplar(Exemplar exemplar) {
            exemplars.add(Objects.requireNonNull(exemplar, "exemplar"));
            return this;
        }

        public Builder metadata(MetricMetadata metadata) {
            this.metadata = metadata;
            return this;
        }

        public TimeSeries build() {
            return new TimeSeries(
                    labels,
                    Arrays.copyOf(timestamps, samples),
                    Arrays.copyOf(values, samples),
                    startTimestamps == null ? null : Arrays.copyOf(startTimestamps, samples),
                    histograms.toArray(NO_HISTOGRAMS),
                    exemplars.toArray(NO_EXEMPLARS),
                    metadata);
        }
    }
}
