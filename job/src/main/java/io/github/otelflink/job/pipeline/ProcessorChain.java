package io.github.otelflink.job.pipeline;

import io.github.otelflink.job.processor.MetricsProcessor;
import io.github.otelflink.job.processor.ProcessorConfig;
import io.github.otelflink.job.processor.filter.FilterProcessor;
import io.github.otelflink.job.processor.filter.FilterProcessorConfig;
import io.github.otelflink.job.processor.resource.ResourceMetricsProcessor;
import io.github.otelflink.job.processor.resource.ResourceProcessorConfig;
import io.github.otelflink.job.processor.transform.TransformProcessor;
import io.github.otelflink.job.processor.transform.TransformProcessorConfig;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * A pipeline's processors, compiled: resource, transform (OTTL) and filter edit the request in
 * order, each built in its own package ({@code processor/<type>/}); {@code batch} and {@code
 * memory_limiter} do nothing here (batching is the sink's, memory is bounded by Flink's
 * backpressure). Compiling reports every error with its config path.
 */
public final class ProcessorChain {
    private final List<MetricsProcessor> steps;

    private ProcessorChain(List<MetricsProcessor> steps) {
        this.steps = steps;
    }

    /** Compiles the processors; throws {@link PipelineCompileException} listing every problem. */
    public static ProcessorChain compile(List<ProcessorConfig> processors) {
        List<String> problems = new ArrayList<>();
        List<MetricsProcessor> steps = new ArrayList<>();
        for (ProcessorConfig p : processors) {
            String path = "processors." + p.id();
            if (p instanceof ResourceProcessorConfig r) {
                steps.add(ResourceMetricsProcessor.compile(r, path, problems));
            } else if (p instanceof TransformProcessorConfig t) {
                steps.add(TransformProcessor.compile(t, path, problems));
            } else if (p instanceof FilterProcessorConfig f) {
                steps.add(FilterProcessor.compile(f, path, problems));
            }
            // The other kinds (ProcessorParsers), batch and memory_limiter, run nothing here.
        }
        if (!problems.isEmpty()) {
            throw new PipelineCompileException(problems);
        }
        return new ProcessorChain(steps);
    }

    /** True when no processor edits requests ({@code batch} and {@code memory_limiter} only, or none). */
    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /** Runs every processor over the request; returns it unchanged when there are none. */
    public ExportMetricsServiceRequest apply(ExportMetricsServiceRequest request) {
        if (steps.isEmpty()) {
            return request;
        }
        ExportMetricsServiceRequest.Builder b = request.toBuilder();
        for (MetricsProcessor step : steps) {
            step.process(b);
        }
        return b.build();
    }
}
