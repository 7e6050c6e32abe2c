package io.github.otelflink.sink.remotewrite.writer;

import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import org.apache.flink.connector.base.sink.writer.Batch;
import org.apache.flink.connector.base.sink.writer.BatchCreator;
import org.apache.flink.connector.base.sink.writer.RequestBuffer;
import org.apache.flink.connector.base.sink.writer.RequestEntryWrapper;
import org.apache.flink.connector.base.sink.writer.strategy.RequestInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts batches by points ({@code RequestInfo.getBatchSize()} is in points, see {@link
 * PointCountingRequestBuffer}) and by bytes. A batch always takes at least one entry, so an entry
 * larger than the limits still goes out, alone.
 */
final class PointCountBatchCreator implements BatchCreator<TimeSeries> {
    private final long maxBatchBytes;

    PointCountBatchCreator(long maxBatchBytes) {
        this.maxBatchBytes = maxBatchBytes;
    }

    @Override
    public Batch<TimeSeries> createNextBatch(RequestInfo requestInfo, RequestBuffer<TimeSeries> buffer) {
        int maxPoints = Math.max(1, requestInfo.getBatchSize());
        // Sized for what it can take: growing it from 10 was 3% of the job's allocations (JFR).
        List<TimeSeries> batch = new ArrayList<>(Math.max(1, Math.min(maxPoints, buffer.size())));
        long bytes = 0;
        int points = 0;
        while (!buffer.isEmpty()) {
            RequestEntryWrapper<TimeSeries> next = buffer.peek();
            int p = next.getRequestEntry().pointCount();
            if (!batch.isEmpty() && (points + p > maxPoints || bytes + next.getSize() > maxBatchBytes)) {
                break;
            }
            buffer.poll();
            batch.add(next.getRequestEntry());
            bytes += next.getSize();
            points += p;
        }
        return new Batch<>(batch, bytes);
    }
}
