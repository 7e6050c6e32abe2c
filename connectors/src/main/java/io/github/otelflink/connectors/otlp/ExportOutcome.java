package io.github.otelflink.connectors.otlp;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import java.util.Objects;
import javax.annotation.Nullable;

/**
 * How an export request ends, independent of the transport: each server maps it to its own
 * answer (HTTP status or gRPC code).
 *
 * @param kind what happened
 * @param response the success answer (with {@code partial_success} when points were rejected),
 *     or null for a failure
 * @param message why the request failed, or empty on success
 */
record ExportOutcome(Kind kind, @Nullable ExportMetricsServiceResponse response, String message) {

    enum Kind {
        /** In the job (or, with {@link AckMode#CHECKPOINT}, in a completed checkpoint): HTTP 200, gRPC OK. */
        ACCEPTED,
        /** Cannot be decoded: HTTP 400, gRPC INVALID_ARGUMENT; clients must not retry. */
        INVALID,
        /** The source's queue is full: HTTP 429, gRPC RESOURCE_EXHAUSTED with RetryInfo; retry later. */
        BUSY,
        /** The source is stopping or restarting: HTTP 503, gRPC UNAVAILABLE; retry. */
        UNAVAILABLE
    }

    ExportOutcome {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    static ExportOutcome accepted(ExportMetricsServiceResponse response) {
        return new ExportOutcome(Kind.ACCEPTED, response, "");
    }

    static ExportOutcome invalid(String message) {
        return new ExportOutcome(Kind.INVALID, null, message);
    }

    static ExportOutcome busy(String message) {
        return new ExportOutcome(Kind.BUSY, null, message);
    }

    static ExportOutcome unavailable(String message) {
        return new ExportOutcome(Kind.UNAVAILABLE, null, message);
    }
}
