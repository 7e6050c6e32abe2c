package io.github.otelflink.connectors.otlp;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import java.util.Objects;
import javax.annotation.Nullable;

/**
 * A decoded export request waiting in the source's queue and, with {@link AckMode#CHECKPOINT},
 * the answer it is owed once a checkpoint holds its data. The request is dropped once emitted,
 * so a request waiting only for its answer holds no data.
 */
final class PendingExport {
    @Nullable private ExportMetricsServiceRequest request;
    private final ExportMetricsServiceResponse response;
    @Nullable private final ExportResponder responder;
    private long arrivalMs = Long.MIN_VALUE;

    /**
     * @param request the request to emit
     * @param response the answer owed on success
     * @param responder who to answer after a checkpoint, or null when answered already
     */
    PendingExport(ExportMetricsServiceRequest request, ExportMetricsServiceResponse response,
            @Nullable ExportResponder responder) {
        this.request = Objects.requireNonNull(request, "request");
        this.response = Objects.requireNonNull(response, "response");
        this.responder = responder;
    }

    /** The request, once: the reference is dropped so that the emitted data can be collected. */
    ExportMetricsServiceRequest takeRequest() {
        ExportMetricsServiceRequest taken = Objects.requireNonNull(request, "already taken");
        request = null;
        return taken;
    }

    /** Set by the queue when it admits the request: the record's event time. */
    void arrivedAt(long timeMs) {
        arrivalMs = timeMs;
    }

    long arrivalMs() {
        return arrivalMs;
    }

    /** True when the client is still waiting for an answer. */
    boolean awaitsAnswer() {
        return responder != null;
    }

    /** Answers the waiting client with success. */
    void acknowledge() {
        if (responder != null) {
            responder.respond(ExportOutcome.accepted(response));
        }
    }

    /** Answers the waiting client with a retryable failure. */
    void abandon(String reason) {
        if (responder != null) {
            responder.respond(ExportOutcome.unavailable(reason));
        }
    }
}
