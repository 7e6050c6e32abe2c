package io.github.otelflink.connectors.otlp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Requests that found the source's queue full, waiting a short while for room before they are
 * refused: in arrival order, at most {@code capacity} of them, each at most {@code maxWaitMs}.
 *
 * <p>Why: a refused client backs off for the {@code Retry-After} second (the Collector's exporter
 * for five), while the job frees a queue slot every few milliseconds. Clients that send back to
 * back filled the queue at once and were refused in turn, so the job idled through their pauses:
 * 226k samples/s delivered at an unbounded offered rate while the job emptied its queue at 420k/s
 * between pauses (bench's EndToEndBenchmark {@code --rate 0}). Holding the answer instead paces
 * each client at the job's speed, the way a slow server paces a TCP sender. Memory stays bounded:
 * a waiting request is one of at most {@code capacity} more.
 *
 * <p>Thread-safe. Readers call {@link #roomAvailable} after each poll; the queues of an {@link
 * ExportQueueGroup} share one instance, so a request waits for room on any of them.
 */
final class ExportWaiters {
    private final int capacity;
    private final long maxWaitMs;
    /** Guarded by {@code this}; every change of a waiter's fate happens under it. */
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    private boolean closed;
    /** {@link #waiting}'s size, read without the lock on every poll. */
    private volatile int count;

    private static final class Waiter {
        final Supplier<ExportQueue.OfferResult> offer;
        final Consumer<ExportQueue.OfferResult> done;
        ExportQueue.OfferResult result;

        Waiter(Supplier<ExportQueue.OfferResult> offer, Consumer<ExportQueue.OfferResult> done) {
            this.offer = offer;
            this.done = done;
        }
    }

    ExportWaiters(int capacity, long maxWaitMs) {
        this.capacity = capacity;
        this.maxWaitMs = maxWaitMs;
    }

    /** True when requests are waiting: a new one then waits behind them rather than taking their room. */
    boolean hasWaiting() {
        return count > 0;
    }

    /**
     * Parks a request whose {@code offer} found the queue full: {@code offer} is tried again when a
     * reader frees room, and {@code done} gets its result, or {@code FULL} after the wait, or
     * {@code CLOSED} when the source stops. False, and nothing parked, when the waiting room is
     * full or waiting is off: refuse the request now.
     */
    boolean park(Supplier<ExportQueue.OfferResult> offer, Consumer<ExportQueue.OfferResult> done) {
        if (maxWaitMs <= 0) {
            return false;
        }
        Waiter waiter = new Waiter(offer, done);
        synchronized (this) {
            if (closed || waiting.size() >= capacity) {
                return false;
            }
            waiting.add(waiter);
            count = waiting.size();
        }
        CompletableFuture.delayedExecutor(maxWaitMs, TimeUnit.MILLISECONDS).execute(() -> expire(waiter));
        roomAvailable(); // a reader may have freed room between the refused offer and the parking
        return true;
    }

    /** Offers waiting requests in arrival order until the queues are full again; answers outside the lock. */
    void roomAvailable() {
        if (count == 0) {
            return;
        }
        List<Waiter> settled = new ArrayList<>();
        synchronized (this) {
            while (!waiting.isEmpty()) {
                Waiter next = waiting.peek();
                ExportQueue.OfferResult result = next.offer.get();
                if (result == ExportQueue.OfferResult.FULL) {
                    break;
                }
                waiting.poll();
                next.result = result;
                settled.add(next);
            }
            count = waiting.size();
        }
        for (Waiter w : settled) {
            w.done.accept(w.result);
        }
    }

    /** Answers every waiting request {@code CLOSED} and parks no more. */
    void close() {
        List<Waiter> left;
        synchronized (this) {
            closed = true;
            left = new ArrayList<>(waiting);
            waiting.clear();
            count = 0;
        }
        for (Waiter w : left) {
            w.done.accept(ExportQueue.OfferResult.CLOSED);
        }
    }

    private void expire(Waiter waiter) {
        boolean expired;
        synchronized (this) {
            expired = waiting.remove(waiter);
            count = waiting.size();
        }
        if (expired) {
            waiter.done.accept(ExportQueue.OfferResult.FULL);
        }
    }
}
