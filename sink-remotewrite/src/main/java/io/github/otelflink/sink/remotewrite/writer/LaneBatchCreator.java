package io.github.otelflink.sink.remotewrite.writer;

import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import org.apache.flink.connector.base.sink.writer.Batch;
import org.apache.flink.connector.base.sink.writer.BatchCreator;
import org.apache.flink.connector.base.sink.writer.RequestBuffer;
import org.apache.flink.connector.base.sink.writer.RequestEntryWrapper;
import org.apache.flink.connector.base.sink.writer.strategy.RateLimitingStrategy;
import org.apache.flink.connector.base.sink.writer.strategy.RequestInfo;
import org.apache.flink.connector.base.sink.writer.strategy.ResultInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the next batch from one lane of a {@link LanedRequestBuffer}: the fullest lane with nothing
 * in flight, up to max samples per send and max batch bytes (at least one entry), and marks that
 * lane busy. An empty batch when no free lane has entries.
 */
final class LaneBatchCreator implements BatchCreator<TimeSeries> {
    private final int maxPoints;
    private final long maxBatchBytes;

    LaneBatchCreator(int maxPoints, long maxBatchBytes) {
        this.maxPoints = maxPoints;
        this.maxBatchBytes = maxBatchBytes;
    }

    @Override
    public Batch<TimeSeries> createNextBatch(RequestInfo requestInfo, RequestBuffer<TimeSeries> requestBuffer) {
        LanedRequestBuffer buffer = (LanedRequestBuffer) requestBuffer;
        int lane = buffer.fullestFreeLane();
        List<TimeSeries> batch = new ArrayList<>();
        if (lane < 0) {
            return new Batch<>(batch, 0);
        }
        long bytes = 0;
        int points = 0;
        RequestEntryWrapper<TimeSeries> next;
        while ((next = buffer.peek(lane)) != null) {
            int p = next.getRequestEntry().pointCount();
            if (!batch.isEmpty() && (points + p > maxPoints || bytes + next.getSize() > maxBatchBytes)) {
                break;
            }
            buffer.poll(lane);
            batch.add(next.getRequestEntry());
            bytes += next.getSize();
            points += p;
        }
        buffer.markBusy(lane);
        return new Batch<>(batch, bytes);
    }

    /**
     * Lets {@code AsyncSinkWriter} ask for a batch whenever a free lane has entries, and makes it
     * wait (yield to the mailbox, where completions arrive) only when some lane is busy and no free
     * lane has anything. It never blocks with nothing in flight, which would wait forever, nor
     * when the writer waited for room and now has it ({@link LanedRequestBuffer#roomForAwaitedEntry}):
     * then the batch is empty and the writer adds its entry.
     */
    static final class LaneRateLimiting implements RateLimitingStrategy {
        private final LanedRequestBuffer buffer;

        LaneRateLimiting(LanedRequestBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public void registerInFlightRequest(RequestInfo requestInfo) {}

        @Override
        public void registerCompletedRequest(ResultInfo resultInfo) {}

        @Override
        public boolean shouldBlock(RequestInfo requestInfo) {
            return buffer.anyLaneBusy() && buffer.isEmpty() && !buffer.roomForAwaitedEntry();
        }

        @Override
        public int getMaxBatchSize() {
            return Integer.MAX_VALUE;
        }
    }
}
