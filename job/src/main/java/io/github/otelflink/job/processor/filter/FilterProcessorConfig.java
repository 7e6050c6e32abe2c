package io.github.otelflink.job.processor.filter;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.config.ConfigEnum;
import io.github.otelflink.job.pdata.GoRegex;
import io.github.otelflink.job.processor.ErrorMode;
import io.github.otelflink.job.processor.ProcessorConfig;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.Nullable;

/**
 * The {@code filter} processor: drops metrics or data points. Either by name lists:
 * <pre>
 * filter/tenant1:
 *   metrics:
 *     include: {match_type: regexp, metric_names: ["^tenant1_.*"]}   # keep only these
 *     exclude: {match_type: strict, metric_names: [debug_metric]}     # then drop these
 * </pre>
 * or by OTTL conditions (a metric or data point is dropped when any condition is true):
 * <pre>
 * filter:
 *   error_mode: ignore
 *   metrics:
 *     metric: ['name == "debug_metric"']
 *     datapoint: ['attributes["tenant"] != "tenant1"']
 * </pre>
 * As in the Collector, the two styles cannot be mixed. Regexps are unanchored (they match
 * anywhere in the name unless written with {@code ^...$}). Conditions are kept as written.
 *
 * @param id the component id
 * @param errorMode what a failing condition does
 * @param include metrics to keep, or null to keep all
 * @param exclude metrics to drop, or null
 * @param metricConditions OTTL conditions in the metric context
 * @param datapointConditions OTTL conditions in the datapoint context
 */
public record FilterProcessorConfig(
        ComponentId id,
        ErrorMode errorMode,
        @Nullable MetricNameFilter include,
        @Nullable MetricNameFilter exclude,
        List<String> metricConditions,
        List<String> datapointConditions)
        implements ProcessorConfig {

    public FilterProcessorConfig {
        metricConditions = List.copyOf(metricConditions);
        datapointConditions = List.copyOf(datapointConditions);
    }

    /** How metric names are compared. */
    public enum MatchType implements ConfigEnum {
        /** Equal names. */
        STRICT("strict"),
        /** An RE2 regular expression found anywhere in the name. */
        REGEXP("regexp");

        private final String configName;

        MatchType(String configName) {
            this.configName = configName;
        }

        @Override
        public String configName() {
            return configName;
        }
    }

    /**
     * A list of metric names.
     *
     * @param matchType how names are compared
     * @param metricNames the names or expressions, as written
     * @param regexps the compiled expressions for {@link MatchType#REGEXP}; empty for strict
     */
    public record MetricNameFilter(MatchType matchType, List<String> metricNames, List<GoRegex> regexps)
            implements Serializable {

        public MetricNameFilter {
            metricNames = List.copyOf(metricNames);
            regexps = List.copyOf(regexps);
        }

        /** True when the name is in the list (strict) or one expression matches it (regexp). */
        public boolean matches(String metricName) {
            if (matchType == MatchType.STRICT) {
                return metricNames.contains(metricName);
            }
            for (GoRegex regex : regexps) {
                if (regex.matches(metricName)) {
                    return true;
                }
            }
            return false;
        }
    }

    @Override
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (include != null) {
            parts.add("keep " + include.matchType().configName() + " " + include.metricNames());
        }
        if (exclude != null) {
            parts.add("drop " + exclude.matchType().configName() + " " + exclude.metricNames());
        }
        if (!metricConditions.isEmpty()) {
            parts.add("drop metrics where " + String.join(" or ", metricConditions));
        }
        if (!datapointConditions.isEmpty()) {
            parts.add("drop data points where " + String.join(" or ", datapointConditions));
        }
        return parts.isEmpty() ? "keeps everything" : String.join("; ", parts);
    }
}
