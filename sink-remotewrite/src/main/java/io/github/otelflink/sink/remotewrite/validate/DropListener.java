package io.github.otelflink.sink.remotewrite.validate;

import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import org.apache.flink.annotation.Internal;

/** Receives every point the sink drops, with the reason, so that each one is counted. */
@Internal
@FunctionalInterface
public interface DropListener {
    /** The HTTP status given for points that no receiver answer refused (validation, transport). */
    int NO_STATUS = 0;

    /**
     * @param reason why the points were dropped
     * @param samples float samples dropped
     * @param histograms histogram samples dropped
     */
    void dropped(DropReason reason, int samples, int histograms);

    /**
     * The dropped points themselves, for listeners that keep them (dead letters); by default only
     * counted.
     *
     * @param reason why the points were dropped
     * @param points the dropped points of one series, under the labels they were to be sent with
     * @param status the receiver's HTTP status, or {@link #NO_STATUS} when no answer refused them
     * @param message the receiver's answer, or what else refused them
     */
    default void dropped(DropReason reason, TimeSeries points, int status, String message) {
        dropped(reason, points.sampleCount(), points.histogramCount());
    }
}
