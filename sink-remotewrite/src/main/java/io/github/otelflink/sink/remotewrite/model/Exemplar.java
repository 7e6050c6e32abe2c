package io.github.otelflink.sink.remotewrite.model;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/** An exemplar: a value with its own labels (e.g. {@code trace_id}) attached to a series. */
@PublicEvolving
public final class Exemplar implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String[] labelNames;
    private final String[] labelValues;
    private final double value;
    private final long timestampMs;

    public Exemplar(String[] labelNames, String[] labelValues, double value, long timestampMs) {
        if (labelNames.length != labelValues.length) {
            throw new IllegalArgumentException("exemplar label names and values differ in length");
        }
        this.labelNames = labelNames;
        this.labelValues = labelValues;
        this.value = value;
        this.timestampMs = timestampMs;
    }

    public int labelCount() {
        return labelNames.length;
    }

    public String labelName(int i) {
        return labelNames[i];
    }

    public String labelValue(int i) {
        return labelValues[i];
    }

    public double value() {
        return value;
    }

    public long timestampMs() {
        return timestampMs;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Exemplar)) {
            return false;
        }
        Exemplar that = (Exemplar) o;
        return Double.doubleToRawLongBits(value) == Double.doubleToRawLongBits(that.value)
                && timestampMs == that.timestampMs
                && Arrays.equals(labelNames, that.labelNames)
                && Arrays.equals(labelValues, that.labelValues);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(labelNames), value, timestampMs);
    }
}
