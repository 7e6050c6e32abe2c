package io.github.otelflink.job.processor.transform;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.config.ComponentParser;
import io.github.otelflink.job.config.ConfigNode;
import io.github.otelflink.job.processor.ErrorMode;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.Nullable;

/** Reads the {@code transform} processor; see {@link TransformProcessorConfig} for keys and defaults. */
public final class TransformProcessorParser implements ComponentParser<TransformProcessorConfig> {

    @Override
    public TransformProcessorConfig parse(ComponentId id, ConfigNode node) {
        ErrorMode errorMode = node.choice("error_mode", ErrorMode.PROPAGATE, ErrorMode.class);
        List<StatementGroup> groups = new ArrayList<>();
        for (ConfigNode element : node.list("metric_statements")) {
            StatementGroup group = group(element);
            if (group != null) {
                groups.add(group);
            }
        }
        for (String other : List.of("trace_statements", "log_statements", "span_statements")) {
            if (node.has(other)) {
                node.error(other, "not supported: this job only handles metrics (use metric_statements)");
            }
        }
        node.finish();
        return new TransformProcessorConfig(id, errorMode, groups);
    }

    @Nullable
    private static StatementGroup group(ConfigNode node) {
        String statement = node.scalarText();
        if (statement != null) {
            return nonBlank(node, statement) ? new StatementGroup(null, List.of(statement), List.of(), null) : null;
        }
        if (!node.isMap()) {
            node.error("expected a statement or a map with context and statements, got " + node.describeValue());
            return null;
        }
        StatementGroup.OttlContext context =
                node.optionalChoice("context", StatementGroup.OttlContext.class, false);
        List<String> statements = node.stringList("statements");
        List<String> conditions = node.stringList("conditions");
        ErrorMode errorMode = node.optionalChoice("error_mode", ErrorMode.class, false);
        node.finish();
        if (statements.isEmpty()) {
            if (!node.hasValue("statements") || node.hasList("statements")) {
                node.error("statements", "required: at least one statement");
            }
            return null;
        }
        for (int i = 0; i < statements.size(); i++) {
            if (statements.get(i).isBlank()) {
                node.error("statements[" + i + "]", "must not be empty");
            }
        }
        return new StatementGroup(context, statements, conditions, errorMode);
    }

    private static boolean nonBlank(ConfigNode node, String statement) {
        if (statement.isBlank()) {
            node.error("must not be empty");
            return false;
        }
        return true;
    }
}
