package io.github.otelflink.testing;

import io.github.otelflink.testing.FaultInjectingReceiver.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** The requests a {@link FaultInjectingReceiver} has recorded, in arrival order, with a wait for the n-th. */
final class RequestLog {

    private final List<RecordedRequest> requests = new ArrayList<>();

    /** Builds a request with the arrival index it gets (the number recorded so far). */
    RecordedRequest create(IntFunction<RecordedRequest> factory) {
        synchronized (requests) {
            return factory.apply(requests.size());
        }
    }

    void add(RecordedRequest request) {
        synchronized (requests) {
            requests.add(request);
            requests.notifyAll();
        }
    }

    List<RecordedRequest> snapshot() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    List<RecordedRequest> await(int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (requests) {
            while (requests.size() < n) {
                long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMs <= 0) {
                    throw new AssertionError("expected " + n + " requests within " + timeout + ", got "
                            + requests.size() + ": " + requests);
                }
                try {
                    requests.wait(remainingMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
            return List.copyOf(requests);
        }
    }
}
