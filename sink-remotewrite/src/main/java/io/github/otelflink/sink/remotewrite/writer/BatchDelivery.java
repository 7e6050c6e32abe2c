package io.github.otelflink.sink.remotewrite.writer;

import io.github.otelflink.sink.remotewrite.encode.EncodedRequest;
import io.github.otelflink.sink.remotewrite.encode.RequestEncoder;
import io.github.otelflink.sink.remotewrite.http.RemoteWriteClient;
import io.github.otelflink.sink.remotewrite.http.RemoteWriteResponse;
import io.github.otelflink.sink.remotewrite.http.ResponseClass;
import io.github.otelflink.sink.remotewrite.http.ResponseClassifier;
import io.github.otelflink.sink.remotewrite.http.RetryAfter;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import io.github.otelflink.sink.remotewrite.retry.RetryPolicy;
import io.github.otelflink.sink.remotewrite.validate.DropListener;
import io.github.otelflink.sink.remotewrite.validate.DropReason;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Delivers one batch until every point in it is accounted for: sent, already delivered, or
 * dropped with a reason (or the returned future fails, with {@link FailurePolicy#FAIL}).
 *
 * <p>Parts of the batch are sent one at a time, in order, so a series' samples reach the receiver
 * in timestamp order even across retries and splits:
 *
 * <ul>
 *   <li>5xx, 429 and transport errors: the same part again after an exponential, jittered
 *       backoff, at least as long as {@code Retry-After}, until {@code max_elapsed_time}.
 *   <li>"out of order" / "duplicate sample" / "out of bounds" (a 400 that rejects the whole
 *       request for some of its samples): the part is split in two, left half first, down to a
 *       single point if needed. A single point refused as out of order was delivered before a
 *       restore (it is counted as already delivered); one refused as too old, or as a duplicate
 *       with another value (a replay sends the same value), is dropped. Fresh points batched with
 *       them are delivered.
 *   <li>415, or a 2xx without the samples-written header, to a 2.0 request: fall back to 1.0 and
 *       send the part again.
 *   <li>Other 4xx: permanent; the part is dropped (counted, logged) or the job fails.
 * </ul>
 *
 * <p>Every dropped point is reported to the {@link DropListener} with the receiver's answer.
 */
final class BatchDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(BatchDelivery.class);
    private static final long LOG_INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();

    private final RemoteWriteClient client;
    private final ProtocolNegotiation protocol;
    private final RetryPolicy retry;
    private final FailurePolicy onFailure;
    private final SinkMetrics metrics;
    private final DropListener drops;
    private final Scheduler scheduler;
    private final LongSupplier nanoTime;
    private final DoubleSupplier random;
    private long lastPermanentLogNanos = Long.MIN_VALUE;

    BatchDelivery(
            RemoteWriteClient client,
            ProtocolNegotiation protocol,
            RetryPolicy retry,
            FailurePolicy onFailure,
            SinkMetrics metrics,
            DropListener drops,
            Scheduler scheduler,
            LongSupplier nanoTime,
            DoubleSupplier random) {
        this.client = client;
        this.protocol = protocol;
        this.retry = retry;
        this.onFailure = onFailure;
        this.metrics = metrics;
        this.drops = drops;
        this.scheduler = scheduler;
        this.nanoTime = nanoTime;
        this.random = random;
    }

    /** Starts delivering; the future completes when the whole batch is accounted for. */
    CompletableFuture<Void> deliver(List<TimeSeries> batch) {
        return deliver(batch, Map.of());
    }

    /** As {@link #deliver(List)}, every request (and retry, and split part) with these headers. */
    CompletableFuture<Void> deliver(List<TimeSeries> batch, Map<String, String> headers) {
        return deliver(batch, headers, Attempts.IGNORED);
    }

    /** As {@link #deliver(List, Map)}, telling {@code attempts} how each request went. */
    CompletableFuture<Void> deliver(List<TimeSeries> batch, Map<String, String> headers, Attempts attempts) {
        return start(batch, headers, attempts).done;
    }

    /** As {@link #deliver(List, Map, Attempts)}, returning the delivery itself. */
    Run start(List<TimeSeries> batch, Map<String, String> headers, Attempts attempts) {
        Run run = new Run(batch, headers, attempts);
        run.sendNext();
        return run;
    }

    /**
     * The state of one batch's delivery: a stack of parts still to send, first part on top. The
     * writer reads {@link #pending()} and {@link #waitingToRetry()} from the task thread while
     * the delivery goes on on the HTTP and retry threads: the stack is changed under the run's
     * lock.
     */
    final class Run {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private final Deque<List<TimeSeries>> parts = new ArrayDeque<>();
        final Map<String, String> headers;
        final Attempts attempts;
        long firstAttemptNanos;
        int attempt;
        /** Between a retryable failure and the retry: no request of this run is on the wire. */
        private volatile boolean waitingToRetry;

        Run(List<TimeSeries> batch, Map<String, String> headers, Attempts attempts) {
            this.headers = headers;
            this.attempts = attempts;
            parts.push(batch);
        }

        /** The series not yet accounted for (sent, dropped), in the order they are sent. */
        synchronized List<TimeSeries> pending() {
            List<TimeSeries> pending = new ArrayList<>();
            for (List<TimeSeries> part : parts) {
                pending.addAll(part);
            }
            return pending;
        }

        /** Whether the run waits out a backoff: nothing of it is on the wire until the retry. */
        boolean waitingToRetry() {
            return waitingToRetry;
        }

        void sendNext() {
            waitingToRetry = false;
            List<TimeSeries> part;
            synchronized (this) {
                part = parts.peek();
            }
            if (part == null) {
                done.complete(null);
                return;
            }
            if (attempt == 0) {
                firstAttemptNanos = nanoTime.getAsLong();
            }
            EncodedRequest request;
            RequestEncoder encoder = protocol.encoder();
            CompletableFuture<RemoteWriteResponse> sent;
            long start;
            try {
                // Encoders reuse their buffers, and with several lanes batches are encoded on
                // several threads (task, HTTP I/O, retry timer): one at a time.
                synchronized (encoder) {
                    request = encoder.encode(part);
                }
                attempts.sending();
                start = nanoTime.getAsLong();
                sent = client.send(request, encoder.protocol(), headers);
            } catch (RuntimeException e) {
                // Also when sendNext runs on the retry timer, where nobody would see the exception.
                done.completeExceptionally(e);
                return;
            }
            sent.whenComplete((response, error) -> {
                try {
                    long elapsed = nanoTime.getAsLong() - start;
                    if (error != null) {
                        metrics.requestCompleted(request, elapsed, false);
                        retryOrGiveUp(part, null, DropListener.NO_STATUS, "transport error: " + error);
                    } else {
                        handle(part, request, response, elapsed);
                    }
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                }
            });
        }

        private void handle(List<TimeSeries> part, EncodedRequest request, RemoteWriteResponse response, long elapsed) {
            ResponseClass cls = ResponseClassifier.classify(response, protocol.encoder().protocol());
            metrics.requestCompleted(request, elapsed, cls == ResponseClass.DELIVERED);
            switch (cls) {
                case DELIVERED:
                    metrics.delivered(request);
                    attempts.delivered();
                    nextPart();
                    break;
                case RETRYABLE:
                    Duration retryAfter = RetryAfter.parse(response.header("Retry-After"), Instant.now());
                    retryOrGiveUp(part, retryAfter, response.status(), response.body());
                    break;
                case UNSUPPORTED_PROTOCOL:
                    if (protocol.fallBackToV1(response.status())) {
                        metrics.protocolFallback();
                        sendNext();
                    } else {
                        giveUp(part, DropReason.REJECTED, response.status(), response.body());
                    }
                    break;
                case SAMPLE_CONFLICT:
                case SAMPLE_TOO_OLD:
                    narrow(part, cls, response);
                    break;
                default:
                    giveUp(part, DropReason.REJECTED, response.status(), response.body());
            }
        }

        private void nextPart() {
            synchronized (this) {
                parts.pop();
            }
            attempt = 0;
            sendNext();
        }

        /** Splits a part that was refused for some of its samples, or resolves a single point. */
        private void narrow(List<TimeSeries> part, ResponseClass cls, RemoteWriteResponse response) {
            List<TimeSeries> left;
            List<TimeSeries> right;
            if (part.size() > 1) {
                int mid = part.size() / 2;
                left = new ArrayList<>(part.subList(0, mid));
                right = new ArrayList<>(part.subList(mid, part.size()));
            } else {
                TimeSeries only = part.get(0);
                int points = only.pointCount();
                if (points <= 1) {
                    if (cls == ResponseClass.SAMPLE_CONFLICT && !isDuplicateWithOtherValue(response)) {
                        metrics.alreadyDelivered(points);
                    } else {
                        DropReason reason = cls == ResponseClass.SAMPLE_CONFLICT
                                ? DropReason.DUPLICATE_SAMPLE : DropReason.TOO_OLD;
                        drops.dropped(reason, only, response.status(), response.body());
                        logPermanent("dropped a sample the receiver refused (" + reason.label() + "): HTTP {}: {}",
                                response);
                    }
                    nextPart();
                    return;
                }
                int mid = points / 2;
                left = List.of(only.slice(0, mid));
                right = List.of(only.slice(mid, points));
            }
            synchronized (this) {
                parts.pop();
                parts.push(right);
                parts.push(left);
            }
            attempt = 0;
            sendNext();
        }

        private void retryOrGiveUp(List<TimeSeries> part, Duration retryAfter, int status, String cause) {
            attempts.failed();
            if (!retry.enabled()) {
                giveUp(part, DropReason.RETRIES_EXHAUSTED, status, cause);
                return;
            }
            long delay = retry.delayNanos(attempt, random.getAsDouble());
            if (retryAfter != null) {
                delay = Math.max(delay, retryAfter.toNanos());
            }
            long elapsed = nanoTime.getAsLong() - firstAttemptNanos;
            if (!retry.withinElapsedTime(elapsed, delay)) {
                giveUp(part, DropReason.RETRIES_EXHAUSTED, status, cause + " (retried for " + Duration.ofNanos(elapsed) + ")");
                return;
            }
            attempt++;
            metrics.retried(points(part));
            if (attempt == 1 || attempt % 10 == 0) {
                LOG.warn("Remote write failed ({}{}), retry {} in {} ms",
                        status == DropListener.NO_STATUS ? "" : "HTTP " + status + ": ", cause, attempt, delay / 1_000_000);
            }
            waitingToRetry = true;
            attempts.waiting();
            scheduler.schedule(this::sendNext, delay);
        }

        /** Drops the part ({@code message}: the receiver's answer, or the transport error). */
        private void giveUp(List<TimeSeries> part, DropReason reason, int status, String message) {
            String cause = status == DropListener.NO_STATUS ? message : "HTTP " + status + ": " + message;
            if (onFailure == FailurePolicy.FAIL) {
                done.completeExceptionally(new RemoteWriteException(
                        "remote write failed and on_failure is 'fail': " + cause));
                return;
            }
            int samples = 0;
            int histograms = 0;
            for (TimeSeries ts : part) {
                samples += ts.sampleCount();
                histograms += ts.histogramCount();
                drops.dropped(reason, ts, status, message);
            }
            long now = nanoTime.getAsLong();
            if (now - lastPermanentLogNanos >= LOG_INTERVAL_NANOS || lastPermanentLogNanos == Long.MIN_VALUE) {
                lastPermanentLogNanos = now;
                LOG.error("Dropped {} samples and {} histograms ({}): {}", samples, histograms, reason.label(), cause);
            }
            nextPart();
        }

        private void logPermanent(String message, RemoteWriteResponse response) {
            long now = nanoTime.getAsLong();
            if (now - lastPermanentLogNanos >= LOG_INTERVAL_NANOS || lastPermanentLogNanos == Long.MIN_VALUE) {
                lastPermanentLogNanos = now;
                LOG.warn(message, response.status(), response.body());
            }
        }
    }

    /**
     * How the requests of one delivery went, for tenant isolation ({@link TenantBacklogLimit}) and
     * the writer's checkpoints. Called on the HTTP and retry threads.
     */
    interface Attempts {
        Attempts IGNORED = new Attempts() {
            @Override
            public void delivered() {}

            @Override
            public void failed() {}
        };

        /** A request is about to be sent; its outcome, {@link #delivered} or {@link #failed}, follows. */
        default void sending() {}

        /** A request was delivered. */
        void delivered();

        /** A request got a retryable failure (429, 5xx, transport error). */
        void failed();

        /** The delivery waits to retry: none of its requests is on the wire now. */
        default void waiting() {}
    }

    /**
     * A "duplicate sample" answer names a different value at the same timestamp: a replay sends
     * the same value, which the receiver accepts (newest sample) or calls out of order.
     */
    private static boolean isDuplicateWithOtherValue(RemoteWriteResponse response) {
        String body = response.body().toLowerCase(Locale.ROOT);
        return body.contains("duplicate sample for timestamp");
    }

    static int points(List<TimeSeries> part) {
        int n = 0;
        for (TimeSeries ts : part) {
            n += ts.pointCount();
        }
        return n;
    }

}
