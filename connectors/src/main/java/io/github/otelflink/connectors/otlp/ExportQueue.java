package io.github.otelflink.connectors.otlp;

import io.github.otelflink.connectors.ArrivalClock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.annotation.Nullable;
import org.apache.flink.api.connector.source.ReaderOutput;

/**
 * The bounded hand-over between the servers' threads, which offer decoded requests, and the
 * source reader, which polls them on the task thread. It never blocks: a full queue refuses the
 * request, and the server answers 429 / RESOURCE_EXHAUSTED, so memory stays bounded however
 * fast clients send and however slow the job is.
 *
 * <p>{@link #availability()} follows Flink's availability contract: a completed future while
 * something can be polled, otherwise a future completed by the next {@link #offer}.
 */
final class ExportQueue {

    enum OfferResult {
        QUEUED,
        FULL,
        CLOSED
    }

    private static final CompletableFuture<Void> AVAILABLE = CompletableFuture.completedFuture(null);

    private final int capacity;
    private final Object lock = new Object();
    private final ArrayDeque<PendingExport> queue = new ArrayDeque<>();
    private final ArrivalClock clock = new ArrivalClock();
    private CompletableFuture<Void> available = new CompletableFuture<>();
    private boolean closed;
    /** The queue's size, set under the lock at every change and read without it ({@link #size}). */
    private volatile int pending;

    ExportQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    int capacity() {
        return capacity;
    }

    OfferResult offer(PendingExport export) {
        CompletableFuture<Void> toComplete;
        synchronized (lock) {
            if (closed) {
                return OfferResult.CLOSED;
            }
            if (queue.size() >= capacity) {
                return OfferResult.FULL;
            }
            export.arrivedAt(clock.stamp());
            queue.add(export);
            pending = queue.size();
            toComplete = available;
        }
        // Outside the lock: completing runs the task thread's callbacks.
        toComplete.complete(null);
        return OfferResult.QUEUED;
    }

    @Nullable
    PendingExport poll() {
        synchronized (lock) {
            PendingExport next = queue.poll();
            pending = queue.size();
            return next;
        }
    }

    /**
     * Emits the watermark for what was polled so far: below the arrival of anything still queued.
     * Task thread only.
     */
    void emitWatermark(ReaderOutput<?> output) {
        long watermark;
        synchronized (lock) {
            PendingExport oldest = queue.peek();
            watermark = clock.watermark(oldest == null ? Long.MAX_VALUE : oldest.arrivalMs());
        }
        clock.advance(output, watermark);
    }

    /** The task thread's wait: for the next offer, or the idle tick that advances the watermark. */
    CompletableFuture<Void> availabilityOrIdleTick() {
        return ArrivalClock.availableOrIdleTick(availability());
    }

    /** Requests queued: read on every poll and by every offer of a group, so without the lock. */
    int size() {
        return pending;
    }

    CompletableFuture<Void> availability() {
        synchronized (lock) {
            if (!queue.isEmpty() || closed) {
                return AVAILABLE;
            }
            if (available.isDone()) {
                available = new CompletableFuture<>();
            }
            return available;
        }
    }

    /** Refuses further offers and returns what was still queued. */
    List<PendingExport> close() {
        CompletableFuture<Void> toComplete;
        List<PendingExport> left;
        synchronized (lock) {
            closed = true;
            left = new ArrayList<>(queue);
            queue.clear();
            pending = 0;
            toComplete = available;
        }
        toComplete.complete(null);
        return left;
    }
}
