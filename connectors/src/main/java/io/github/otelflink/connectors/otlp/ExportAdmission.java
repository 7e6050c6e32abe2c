package io.github.otelflink.connectors.otlp;

import io.github.otelflink.connectors.InternalFields;
import io.github.otelflink.connectors.RequestMetadata;
import io.github.otelflink.connectors.UndecodedRequest;
import io.github.otelflink.connectors.decode.MalformedOtlpException;
import io.github.otelflink.connectors.decode.OtlpMetricsDecoder;
import io.github.otelflink.connectors.decode.OtlpWireScan;
import io.github.otelflink.connectors.decode.OtlpMetricsValidator;
import io.github.otelflink.connectors.decode.ValidatedRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.annotation.Nullable;

/**
 * Admits decoded export requests into the source's queue, the same way for every transport:
 * removes unusable data points (reported as {@code partial_success}), queues the rest or refuses
 * it when the queue is full or closed, counts points, and answers at once ({@link
 * AckMode#ACCEPTED}) or leaves the answer to the reader ({@link AckMode#CHECKPOINT}). The
 * request's client metadata ({@link RequestMetadata}) is replaced by what the transport captured:
 * whatever a client wrote into the internal field itself is removed, with or without
 * {@code include_metadata}.
 */
final class ExportAdmission {

    private final ExportQueue queue;
    @Nullable private final ExportQueueGroup group;
    private final AckMode ack;
    private final IngressMetrics metrics;
    private final boolean passUndecoded;
    private final ExportWaiters waiters;
    private final AtomicInteger waiting = new AtomicInteger();

    /** An admission that refuses at once when the queue is full (no waiting room). */
    ExportAdmission(ExportQueue queue, AckMode ack, IngressMetrics metrics) {
        this(queue, ack, metrics, false);
    }

    /** @param passUndecoded whether bodies the scan accepts go on as {@link UndecodedRequest}s */
    ExportAdmission(ExportQueue queue, AckMode ack, IngressMetrics metrics, boolean passUndecoded) {
        this(queue, null, ack, metrics, passUndecoded, new ExportWaiters(0, 0));
    }

    /**
     * @param group the queues this admission spreads requests over, {@code queue} among them; null for {@code queue} alone
     * @param waiters where requests that find the queues full wait for room before they are refused
     */
    ExportAdmission(ExportQueue queue, @Nullable ExportQueueGroup group, AckMode ack, IngressMetrics metrics,
            boolean passUndecoded, ExportWaiters waiters) {
        this.queue = queue;
        this.group = group;
        this.ack = ack;
        this.metrics = metrics;
        this.passUndecoded = passUndecoded;
        this.waiters = waiters;
    }

    /** Whether protobuf bodies should come as bytes ({@link #admitProtobuf}), to be passed on undecoded. */
    boolean passesUndecoded() {
        return passUndecoded;
    }

    /**
     * Admits a binary protobuf body, which the caller gives up: undecoded when the scan accepts it
     * and undecoded requests are passed on (every point is usable then), otherwise decoded here.
     */
    void admitProtobuf(byte[] body, String transport, Map<String, List<String>> metadata, ExportResponder responder)
            throws MalformedOtlpException {
        long points = passUndecoded ? OtlpWireScan.points(body, 0, body.length) : OtlpWireScan.NOT_SCANNED;
        if (points == OtlpWireScan.NOT_SCANNED) {
            admit(OtlpMetricsDecoder.decodeProtobuf(body), transport, metadata, responder);
            return;
        }
        ExportMetricsServiceRequest request = RequestMetadata.replace(UndecodedRequest.wrap(body, points), metadata);
        admit(new ValidatedRequest(request, points, 0, null), transport, responder);
    }

    void admit(ExportMetricsServiceRequest request, String transport, ExportResponder responder) {
        admit(request, transport, Map.of(), responder);
    }

    /** Admits {@code request} with the client metadata its transport captured (name to values; empty for none). */
    void admit(ExportMetricsServiceRequest request, String transport, Map<String, List<String>> metadata,
            ExportResponder responder) {
        // A client's copy of the internal fields is removed: only this ingress sets them.
        ValidatedRequest validated = OtlpMetricsValidator.validate(
                RequestMetadata.replace(InternalFields.stripClientWritten(request), metadata));
        admit(validated, transport, responder);
    }

    private void admit(ValidatedRequest validated, String transport, ExportResponder responder) {
        metrics.refusedPoints(transport, validated.rejectedPoints());
        ExportMetricsServiceResponse response = responseFor(validated);
        if (validated.acceptedPoints() == 0) {
            // Nothing to emit or to checkpoint (an empty request, or all points rejected).
            responder.respond(ExportOutcome.accepted(response));
            return;
        }
        boolean answerAfterCheckpoint = ack == AckMode.CHECKPOINT;
        PendingExport pending =
                new PendingExport(validated.request(), response, answerAfterCheckpoint ? responder : null);
        // Behind requests already waiting for room, so that a new one does not take theirs.
        ExportQueue.OfferResult result = waiters.hasWaiting() ? ExportQueue.OfferResult.FULL : offer(pending);
        if (result == ExportQueue.OfferResult.FULL) {
            waiting.incrementAndGet(); // before parking: the wait may end within park
            if (waiters.park(() -> offer(pending), r -> {
                waiting.decrementAndGet();
                settle(r, validated, transport, responder, response);
            })) {
                return;
            }
            waiting.decrementAndGet();
        }
        settle(result, validated, transport, responder, response);
    }

    /** Requests admitted here that wait for room ({@link ExportWaiters}), their clients not answered yet. */
    int waitingRequests() {
        return waiting.get();
    }

    private ExportQueue.OfferResult offer(PendingExport pending) {
        return group == null ? queue.offer(pending) : group.offer(queue, pending);
    }

    /** Counts and answers a request the queue took or refused. */
    private void settle(ExportQueue.OfferResult result, ValidatedRequest validated, String transport,
            ExportResponder responder, ExportMetricsServiceResponse response) {
        switch (result) {
            case QUEUED:
                metrics.acceptedPoints(transport, validated.acceptedPoints());
                if (ack == AckMode.ACCEPTED) { // else the reader answers after a checkpoint
                    responder.respond(ExportOutcome.accepted(response));
                }
                return;
            case FULL:
                metrics.refusedPoints(transport, validated.acceptedPoints());
                responder.respond(ExportOutcome.busy("the OTLP ingress is at its limit of " + queue.capacity()
                        + " pending requests (the job is slower than its input): retry later"));
                return;
            case CLOSED:
            default:
                metrics.refusedPoints(transport, validated.acceptedPoints());
                responder.respond(ExportOutcome.unavailable("the OTLP ingress is stopping: retry later"));
        }
    }

    private static ExportMetricsServiceResponse responseFor(ValidatedRequest validated) {
        if (validated.rejectedPoints() == 0) {
            return ExportMetricsServiceResponse.getDefaultInstance();
        }
        return ExportMetricsServiceResponse.newBuilder()
                .setPartialSuccess(ExportMetricsPartialSuccess.newBuilder()
                        .setRejectedDataPoints(validated.rejectedPoints())
                        .setErrorMessage(validated.rejectionMessage()))
                .build();
    }
}
