package io.github.otelflink.sink.remotewrite.deadletter;

import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import io.github.otelflink.sink.remotewrite.validate.DropReason;

import org.apache.flink.annotation.PublicEvolving;

import java.util.Objects;

/**
 * Points of one series that the sink dropped for good, with why: a dead letter.
 *
 * @param points the dropped samples and histograms, under the labels they were to be sent with
 * @param reason why they were dropped (the {@code reason} label of {@code samples_dropped_total})
 * @param status the receiver's HTTP status, or 0 when no receiver answer refused them (the sink's
 *     validator, a transport error)
 * @param message the receiver's answer, or what else refused them
 * @param timeMillis when they were dropped, in milliseconds since the epoch
 */
@PublicEvolving
public record DeadLetter(TimeSeries points, DropReason reason, int status, String message, long timeMillis) {
    public DeadLetter {
        Objects.requireNonNull(points, "points");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }
}
