package io.github.otelflink.job.processor.transform;

import io.github.otelflink.job.config.ConfigEnum;
import io.github.otelflink.job.processor.ErrorMode;
import java.io.Serializable;
import java.util.List;
import javax.annotation.Nullable;

/**
 * A group of OTTL statements of the transform processor, kept as written (the OTTL parser
 * reads them). In the file either a plain string, whose context is inferred from its paths,
 * or a map:
 * <pre>
 * - context: datapoint          # resource, scope, metric or datapoint; absent: inferred
 *   conditions:                 # optional: run the statements only where one holds
 *   - metric.type == METRIC_DATA_TYPE_SUM
 *   statements:
 *   - set(attributes["source"], "opentelemetry")
 *   error_mode: ignore          # optional: overrides the processor's error_mode
 * </pre>
 *
 * @param context the context the paths refer to, or null to infer it
 * @param statements the statements, in order, not empty
 * @param conditions conditions, any of which enables the statements; empty for always
 * @param errorMode this group's error mode, or null for the processor's
 */
public record StatementGroup(
        @Nullable OttlContext context, List<String> statements, List<String> conditions, @Nullable ErrorMode errorMode)
        implements Serializable {

    public StatementGroup {
        statements = List.copyOf(statements);
        conditions = List.copyOf(conditions);
    }

    /** The OTTL contexts of metrics. */
    public enum OttlContext implements ConfigEnum {
        RESOURCE("resource"),
        SCOPE("scope"),
        METRIC("metric"),
        DATAPOINT("datapoint");

        private final String configName;

        OttlContext(String configName) {
            this.configName = configName;
        }

        @Override
        public String configName() {
            return configName;
        }
    }
}
