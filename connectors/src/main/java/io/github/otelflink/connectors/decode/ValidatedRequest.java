package io.github.otelflink.connectors.decode;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import javax.annotation.Nullable;

/**
 * An export request with its unusable data points removed, and the counts an OTLP receiver
 * reports: accepted points, and rejected ones with a message for {@code partial_success}.
 *
 * @param request the request without the rejected points (the original when none was rejected)
 * @param acceptedPoints data points kept
 * @param rejectedPoints data points removed
 * @param rejectionMessage why points were removed (the first few reasons), or null when none was
 */
public record ValidatedRequest(
        ExportMetricsServiceRequest request,
        long acceptedPoints,
        long rejectedPoints,
        @Nullable String rejectionMessage) {}
