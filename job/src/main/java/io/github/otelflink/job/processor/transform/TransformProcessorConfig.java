package io.github.otelflink.job.processor.transform;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.processor.ErrorMode;
import io.github.otelflink.job.processor.ProcessorConfig;
import java.util.List;

/**
 * The {@code transform} processor: OTTL statements over metrics.
 * <pre>
 * transform:
 *   error_mode: propagate       # default; or ignore, silent
 *   metric_statements:          # groups, or plain statement strings
 *   - context: metric
 *     statements:
 *     - set(name, Concat(["otel_", name], "")) where IsMatch(name, "^http_requests")
 * </pre>
 * Statements are kept as written; they are parsed by the OTTL parser, not here.
 *
 * @param id the component id
 * @param errorMode what a failing statement does
 * @param metricStatements the groups, in order
 */
public record TransformProcessorConfig(ComponentId id, ErrorMode errorMode, List<StatementGroup> metricStatements)
        implements ProcessorConfig {

    public TransformProcessorConfig {
        metricStatements = List.copyOf(metricStatements);
    }

    @Override
    public String describe() {
        int statements = metricStatements.stream().mapToInt(group -> group.statements().size()).sum();
        return statements + (statements == 1 ? " statement" : " statements") + " in " + metricStatements.size()
                + (metricStatements.size() == 1 ? " group" : " groups") + ", error_mode " + errorMode.configName();
    }
}
