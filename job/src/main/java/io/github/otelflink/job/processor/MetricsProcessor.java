package io.github.otelflink.job.processor;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

/**
 * One processor of a pipeline, editing a request in place. Not thread-safe: one per operator.
 * Public because each kind is built in its own package ({@code processor/<type>/}) and run by
 * the pipeline's {@code ProcessorChain}.
 */
public interface MetricsProcessor {
    void process(ExportMetricsServiceRequest.Builder request);
}
