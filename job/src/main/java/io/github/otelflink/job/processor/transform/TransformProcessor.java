package io.github.otelflink.job.processor.transform;

import io.github.otelflink.job.ottl.ContextStatements;
import io.github.otelflink.job.ottl.OttlCompileException;
import io.github.otelflink.job.ottl.OttlCondition;
import io.github.otelflink.job.ottl.OttlContext;
import io.github.otelflink.job.ottl.OttlStatement;
import io.github.otelflink.job.ottl.OttlTransformer;
import io.github.otelflink.job.processor.ErrorMode;
import io.github.otelflink.job.processor.MetricsProcessor;

import java.util.ArrayList;
import java.util.List;

/**
 * The Collector's {@code transform} processor: its statement groups compiled by the OTTL package
 * ({@code ottl/}) and run by an {@link OttlTransformer}.
 */
public final class TransformProcessor {

    private TransformProcessor() {}

    /** Compiles the processor; adds each problem, with its config path under {@code path}, to {@code problems}. */
    public static MetricsProcessor compile(TransformProcessorConfig config, String path, List<String> problems) {
        OttlTransformer transformer = new OttlTransformer(compileGroups(config, path, problems));
        return transformer::apply;
    }

    /** The processor's statement groups, compiled, in the order they run; problems as in {@link #compile}. */
    public static List<ContextStatements> compileGroups(TransformProcessorConfig config, String path, List<String> problems) {
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
        return groups;
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
}
