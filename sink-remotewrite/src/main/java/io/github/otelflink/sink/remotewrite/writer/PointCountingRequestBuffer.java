package io.github.otelflink.sink.remotewrite.writer;

import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import org.apache.flink.connector.base.sink.writer.RequestBuffer;
import org.apache.flink.connector.base.sink.writer.RequestEntryWrapper;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;

/**
 * The writer's buffer, whose {@link #size()} counts points (samples + histograms) rather than
 * entries. {@code AsyncSinkWriter} compares {@code size()} with its batch and buffer limits, so
 * this is what makes {@code max_samples_per_send} and the buffer capacity count samples, as in
 * Prometheus's own sender, however many points each record carries.
 */
final class PointCountingRequestBuffer implements RequestBuffer<TimeSeries> {
    private final Deque<RequestEntryWrapper<TimeSeries>> entries = new ArrayDeque<>();
    private long totalBytes;
    private int totalPoints;

    @Override
    public void add(RequestEntryWrapper<TimeSeries> entry, boolean prioritize) {
        if (prioritize) {
            entries.addFirst(entry);
        } else {
            entries.addLast(entry);
        }
        totalBytes += entry.getSize();
        totalPoints += entry.getRequestEntry().pointCount();
    }

    @Override
    public RequestEntryWrapper<TimeSeries> poll() {
        RequestEntryWrapper<TimeSeries> e = entries.poll();
        if (e != null) {
            totalBytes -= e.getSize();
            totalPoints -= e.getRequestEntry().pointCount();
        }
        return e;
    }

    @Override
    public RequestEntryWrapper<TimeSeries> peek() {
        return entries.peek();
    }

    @Override
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Points buffered, not entries. */
    @Override
    public int size() {
        return totalPoints;
    }

    @Override
    public Collection<RequestEntryWrapper<TimeSeries>> getBufferedState() {
        return new ArrayList<>(entries);
    }

    @Override
    public long totalSizeInBytes() {
        return totalBytes;
    }
}
