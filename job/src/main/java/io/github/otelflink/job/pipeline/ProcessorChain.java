package io.github.otelflink.job.pipeline;

import io.github.otelflink.job.config.processor.ErrorMode;
import io.github.otelflink.job.config.processor.FilterProcessorConfig;
import io.github.otelflink.job.config.processor.ProcessorConfig;
import io.github.otelflink.job.config.processor.ResourceProcessorConfig;
import io.github.otelflink.job.config.processor.StatementGroup;
import io.github.otelflink.job.config.processor.TransformProcessorConfig;
import io.github.otelflink.job.ottl.ContextStatements;
import io.github.otelflink.job.ottl.OttlCompileException;
import io.github.otelflink.job.ottl.OttlCondition;
import io.github.otelflink.job.ottl.OttlConditions;
import io.github.otelflink.job.ottl.OttlContext;
import io.github.otelflink.job.ottl.OttlStatement;
import io.github.otelflink.job.ottl.OttlTransformer;
import io.github.otelflink.job.processor.resource.ResourceAction;
import io.github.otelflink.job.processor.resource.ResourceProcessor;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;

import java.util.ArrayList;
import java.util.List;

/**
 * A pipeline's processors, compiled: resource, transform (OTTL) and filter edit the request in
 * order; {@code batch} and {@code memory_limiter} do nothing here (batching is the sink's, memory
 * is bounded by Flink's backpressure). Compiling reports every error with its config path.
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
                steps.add(resource(r, path, problems));
            } else if (p instanceof TransformProcessorConfig t) {
                steps.add(transform(t, path, problems));
            } else if (p instanceof FilterProcessorConfig f) {
                steps.add(filter(f, path, problems));
            }
            // ProcessorConfig is sealed: the other kinds, batch and memory_limiter, run nothing here.
        }
        if (!problems.isEmpty()) {
            throw new PipelineCompileException(problems);
        }
        return new ProcessorChain(steps);
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

    private static MetricsProcessor resource(ResourceProcessorConfig config, String path, List<String> problems) {
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
            for (int i = 0; i < request.getResourceMetricsCount(); i++) {
                ResourceMetrics.Builder rm = request.getResourceMetricsBuilder(i);
                processor.process(rm);
            }
        };
    }

    private static MetricsProcessor transform(TransformProcessorConfig config, String path, List<String> problems) {
        List<ContextStatements> groups = new ArrayList<>();
        for (int g = 0; g < config.metricStatements().size(); g++) {
            StatementGroup group = config.metricStatements().get(g);
            String groupPath = path + ".metric_statements[" + g + "]";
            ErrorMode mode = group.errorMode() != null ? group.errorMode() : config.errorMode();
            OttlContext context = group.context() == null ? null : OttlContext.valueOf(group.context().name());
            List<OttlCondition> conditions = new ArrayList<>();
            List<OttlStatement> statements = new ArrayList<>();
            for (int i = 0; i < group.statements().size(); i++) {
                String source = group.statements().get(i);
                OttlContext ctx = context != null ? context : inferContext(source);
                try {
                    statements.add(OttlStatement.compile(ctx, source));
                } catch (OttlCompileException e) {
                    problems.add(e.describe(groupPath + ".statements[" + i + "]"));
                }
            }
            OttlContext effective = context != null ? context
                    : statements.isEmpty() ? OttlContext.DATAPOINT : statements.get(0).context();
            for (int i = 0; i < group.conditions().size(); i++) {
                try {
                    conditions.add(OttlCondition.compile(effective, group.conditions().get(i)));
                } catch (OttlCompileException e) {
                    problems.add(e.describe(groupPath + ".conditions[" + i + "]"));
                }
            }
            if (context == null) {
                // Statements of one plain-string group may land in different contexts: one group each.
                for (OttlStatement s : statements) {
                    groups.add(new ContextStatements(s.context(), s.context() == effective ? conditions : List.of(),
                            List.of(s), mode));
                }
            } else {
                groups.add(new ContextStatements(context, conditions, statements, mode));
            }
        }
        OttlTransformer transformer = new OttlTransformer(groups);
        return transformer::apply;
    }

    /**
     * The context of a statement written without one: the first (most specific last) in which it
     * compiles, as the Collector infers it from the paths used.
     */
    static OttlContext inferContext(String source) {
        OttlCompileException first = null;
        for (OttlContext ctx : new OttlContext[] {OttlContext.METRIC, OttlContext.DATAPOINT, OttlContext.RESOURCE, OttlContext.SCOPE}) {
            try {
                OttlStatement.compile(ctx, source);
                return ctx;
            } catch (OttlCompileException e) {
                first = first == null ? e : first;
            }
        }
        return OttlContext.DATAPOINT;
    }

    private static MetricsProcessor filter(FilterProcessorConfig config, String path, List<String> problems) {
        ErrorMode mode = config.errorMode();
        List<OttlCondition> metric = new ArrayList<>();
        for (int i = 0; i < config.metricConditions().size(); i++) {
            try {
                metric.add(OttlCondition.compile(OttlContext.METRIC, config.metricConditions().get(i)));
            } catch (OttlCompileException e) {
                problems.add(e.describe(path + ".metrics.metric[" + i + "]"));
            }
        }
        List<OttlCondition> datapoint = new ArrayList<>();
        for (int i = 0; i < config.datapointConditions().size(); i++) {
            try {
                datapoint.add(OttlCondition.compile(OttlContext.DATAPOINT, config.datapointConditions().get(i)));
            } catch (OttlCompileException e) {
                problems.add(e.describe(path + ".metrics.datapoint[" + i + "]"));
            }
        }
        return new FilterProcessor(config, new OttlConditions(metric, mode), new OttlConditions(datapoint, mode));
    }
}
