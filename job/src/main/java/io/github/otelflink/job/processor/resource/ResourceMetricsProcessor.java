package io.github.otelflink.job.processor.resource;

import io.github.otelflink.connectors.RequestMetadata;
import io.github.otelflink.job.processor.MetricsProcessor;

import io.opentelemetry.proto.metrics.v1.ResourceMetrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The {@code resource} processor as a pipeline step: its {@link ResourceProcessor} over every resource of a request. */
public final class ResourceMetricsProcessor {

    private ResourceMetricsProcessor() {}

    /** Compiles the processor; adds each problem, with its config path under {@code path}, to {@code problems}. */
    public static MetricsProcessor compile(ResourceProcessorConfig config, String path, List<String> problems) {
        List<ResourceAction> actions = new ArrayList<>();
        for (int i = 0; i < config.attributes().size(); i++) {
            try {
                actions.add(ResourceAction.fromConfig(config.attributes().get(i)));
            } catch (IllegalArgumentException e) {
                problems.add(path + ".attributes[" + i + "]." + e.getMessage());
            }
        }
        ResourceProcessor processor = ResourceProcessor.compile(actions);
        return request -> {
            // The request's client metadata (include_metadata) for from_context; joined with ";" as the Collector does.
            Map<String, String> context = RequestMetadata.joined(request, ";");
            for (int i = 0; i < request.getResourceMetricsCount(); i++) {
                ResourceMetrics.Builder rm = request.getResourceMetricsBuilder(i);
                processor.process(rm, context);
            }
        };
    }
}
