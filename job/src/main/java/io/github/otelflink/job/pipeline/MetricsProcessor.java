package io.github.otelflink.job.pipeline;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

/** One processor of a pipeline, editing a request in place. Not thread-safe: one per operator. */
interface MetricsProcessor {
    void process(ExportMetricsServiceRequest.Builder request);
}
