package io.github.otelflink.sink.remotewrite.writer;

import io.github.otelflink.sink.remotewrite.deadletter.DeadLetter;
import io.github.otelflink.sink.remotewrite.deadletter.DeadLetterOutput;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import io.github.otelflink.sink.remotewrite.validate.DropListener;
import io.github.otelflink.sink.remotewrite.validate.DropReason;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.LongSupplier;

/**
 * Counts every dropped point, like {@link SinkMetrics}, and writes it to the dead-letter output
 * with its reason and the receiver's answer. A letter that cannot be written fails the job (an
 * unchecked exception on the task thread, or the delivery's future): the job replays from its last
 * checkpoint, so the points are refused and written again rather than lost.
 */
final class DeadLetterRecorder implements DropListener {
    private final SinkMetrics metrics;
    private final DeadLetterOutput output;
    private final LongSupplier clock;

    DeadLetterRecorder(SinkMetrics metrics, DeadLetterOutput output, LongSupplier clock) {
        this.metrics = metrics;
        this.output = output;
        this.clock = clock;
    }

    @Override
    public void dropped(DropReason reason, int samples, int histograms) {
        // Only counts reach here, no points: nothing to write. The sink's own code always reports points.
        metrics.dropped(reason, samples, histograms);
    }

    @Override
    public void dropped(DropReason reason, TimeSeries points, int status, String message) {
        metrics.dropped(reason, points.sampleCount(), points.histogramCount());
        if (points.pointCount() == 0) {
            return;
        }
        try {
            output.write(new DeadLetter(points, reason, status, message, clock.getAsLong()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a dead letter (" + reason.label() + "): " + e.getMessage(), e);
        }
        metrics.deadLettered(reason, points.sampleCount(), points.histogramCount());
    }

    void flush() throws IOException {
        output.flush();
    }

    void close() throws IOException {
        output.close();
    }
}
