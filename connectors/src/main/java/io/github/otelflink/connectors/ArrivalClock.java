package io.github.otelflink.connectors;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;

/**
 * Event time for the sources that receive pushed or scraped data through a queue (the OTLP
 * ingress, the scrape receiver): a record's timestamp is the moment it was queued, and the
 * watermark says "everything queued before this moment has been emitted".
 *
 * <p>Why: at parallelism above one, one series' consecutive requests reach different source
 * subtasks (clients spread over the sockets that share the port), and so reach the keyed series
 * step in either order. The keyed step holds samples until the watermark, the minimum over every
 * source subtask, has passed their arrival time; by then every request that arrived earlier, on
 * any subtask, has reached it too, however long backpressure held it in a queue or a network
 * buffer. Arrival time is used rather than the data's own timestamps because those come from
 * clients' clocks: one skewed client would hold back or rush everyone.
 *
 * <p>Thread-safety: {@link #stamp()} and {@link #watermark} are called under the queue's lock, so
 * a stamp taken after a watermark was computed is never below it; times never go backwards, even
 * when the wall clock does.
 */
@Internal
public final class ArrivalClock {
    /** How often an idle reader wakes up to advance its watermark: the floor of the added latency. */
    public static final long IDLE_TICK_MS = 50;

    private long last = Long.MIN_VALUE;
    private long emitted = Long.MIN_VALUE;

    /** The arrival time of a record being queued now. Call under the queue's lock. */
    public long stamp() {
        last = Math.max(last, System.currentTimeMillis());
        return last;
    }

    /**
     * The watermark while the oldest queued record arrived at {@code oldestQueuedArrival}, or,
     * with {@code Long.MAX_VALUE}, while nothing is queued. Call under the queue's lock.
     */
    public long watermark(long oldestQueuedArrival) {
        return oldestQueuedArrival == Long.MAX_VALUE ? stamp() - 1 : oldestQueuedArrival - 1;
    }

    /** Emits {@code watermark} if it is ahead of the last one emitted. Task thread only. */
    public void advance(ReaderOutput<?> output, long watermark) {
        if (watermark > emitted) {
            emitted = watermark;
            output.emitWatermark(new Watermark(watermark));
        }
    }

    /**
     * The reader's availability: {@code queueAvailability}, but completed after {@link
     * #IDLE_TICK_MS} at the latest, so an idle reader still advances its watermark and the keyed
     * step never waits on a subtask that has nothing to send.
     */
    public static CompletableFuture<Void> availableOrIdleTick(CompletableFuture<Void> queueAvailability) {
        if (queueAvailability.isDone()) {
            return queueAvailability;
        }
        // Completes the queue's own future: the queue hands out a fresh one once it is done.
        return queueAvailability.completeOnTimeout(null, IDLE_TICK_MS, TimeUnit.MILLISECONDS);
    }
}
