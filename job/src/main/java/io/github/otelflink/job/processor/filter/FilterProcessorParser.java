package io.github.otelflink.job.processor.filter;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.config.ComponentParser;
import io.github.otelflink.job.config.ConfigNode;
import io.github.otelflink.job.pdata.GoRegex;
import io.github.otelflink.job.processor.ErrorMode;
import io.github.otelflink.job.processor.filter.FilterProcessorConfig.MatchType;
import io.github.otelflink.job.processor.filter.FilterProcessorConfig.MetricNameFilter;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.Nullable;

/** Reads the {@code filter} processor; see {@link FilterProcessorConfig} for keys and rules. */
public final class FilterProcessorParser implements ComponentParser<FilterProcessorConfig> {

    @Override
    public FilterProcessorConfig parse(ComponentId id, ConfigNode node) {
        ErrorMode errorMode = node.choice("error_mode", ErrorMode.PROPAGATE, ErrorMode.class);
        ConfigNode metrics = node.object("metrics");
        MetricNameFilter include = nameFilter(metrics.object("include"));
        MetricNameFilter exclude = nameFilter(metrics.object("exclude"));
        List<String> metricConditions = conditions(metrics, "metric");
        List<String> datapointConditions = conditions(metrics, "datapoint");
        if ((metrics.hasValue("include") || metrics.hasValue("exclude"))
                && (metrics.hasValue("metric") || metrics.hasValue("datapoint"))) {
            metrics.error("use either include/exclude or metric/datapoint conditions, not both");
        }
        metrics.finish();
        for (String other : List.of("traces", "logs", "spans")) {
            if (node.has(other)) {
                node.error(other, "not supported: this job only handles metrics");
            }
        }
        node.finish();
        return new FilterProcessorConfig(id, errorMode, include, exclude, metricConditions, datapointConditions);
    }

    @Nullable
    private static MetricNameFilter nameFilter(ConfigNode node) {
        if (!node.isPresent()) {
            return null;
        }
        MatchType matchType = node.optionalChoice("match_type", MatchType.class, false);
        if (!node.hasValue("match_type")) {
            node.error("match_type", "required: strict or regexp");
        }
        List<String> names = node.stringList("metric_names");
        if (names.isEmpty() && !node.hasValue("metric_names")) {
            node.error("metric_names", "required: at least one metric name");
        }
        List<GoRegex> regexps = new ArrayList<>();
        if (matchType == MatchType.REGEXP) {
            for (int i = 0; i < names.size(); i++) {
                try {
                    regexps.add(GoRegex.compile(names.get(i)));
                } catch (IllegalArgumentException e) {
                    node.error("metric_names[" + i + "]",
                            "invalid regular expression " + ConfigNode.quote(names.get(i)) + ": " + e.getMessage());
                }
            }
        }
        node.finish();
        return matchType == null ? null : new MetricNameFilter(matchType, names, regexps);
    }

    private static List<String> conditions(ConfigNode metrics, String key) {
        List<String> conditions = metrics.stringList(key);
        for (int i = 0; i < conditions.size(); i++) {
            if (conditions.get(i).isBlank()) {
                metrics.error(key + "[" + i + "]", "must not be empty");
            }
        }
        return conditions;
    }
}
