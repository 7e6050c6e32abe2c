package io.github.otelflink.job.telemetry;

import io.github.otelflink.sink.remotewrite.writer.SinkMetrics;

import io.prometheus.metrics.model.snapshots.Labels;
import org.apache.flink.metrics.LogicalScopeProvider;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import javax.annotation.Nullable;

/**
 * A Flink metric with the name and labels it is served under, computed once when Flink registers
 * it; its value is read at scrape time. See {@link CollectorTelemetryReporter} for the naming.
 *
 * @param metric the Flink metric
 * @param metricName its name as registered (e.g. {@code samples_sent_total})
 * @param name the served, sanitized name of its own series
 * @param labels the labels of its own series
 * @param variables the group's variables, without angle brackets
 * @param inSinkGroup whether it is one of the sink's ({@link SinkMetrics#GROUP})
 */
record RegisteredMetric(Metric metric, String metricName, String name, Labels labels,
        Map<String, String> variables, boolean inSinkGroup) {
    private static final List<String> SYSTEM_LABELS =
            List.of("job_name", "task_name", "operator_name", "subtask_index");
    private static final Set<String> SYSTEM_VARIABLES = Set.of(
            "host", "tm_id", "job_id", "job_name", "task_id", "task_name", "task_attempt_id",
            "task_attempt_num", "subtask_index", "operator_id", "operator_name");
    /** Flink's operator scopes: user metrics (functions, sources, sinks) are registered below them. */
    private static final List<String> OPERATOR_SCOPES = List.of("taskmanager.job.task.operator", "jobmanager.job.operator");
    private static final Pattern INVALID_NAME_CHARS = Pattern.compile("[^a-zA-Z0-9_:]");
    private static final Pattern INVALID_LABEL_CHARS = Pattern.compile("[^a-zA-Z0-9_]");

    /** Names and labels {@code metric}; throws if the result is not a valid name or label set. */
    static RegisteredMetric of(Metric metric, String metricName, MetricGroup group) {
        Map<String, String> variables = new TreeMap<>();
        for (Map.Entry<String, String> v : group.getAllVariables().entrySet()) {
            String key = v.getKey();
            if (key.startsWith("<") && key.endsWith(">")) {
                key = key.substring(1, key.length() - 1);
            }
            variables.put(key, v.getValue() == null ? "" : v.getValue());
        }
        Map<String, String> labels = new TreeMap<>();
        for (String system : SYSTEM_LABELS) {
            String value = variables.get(system);
            if (value != null) {
                labels.put(system, value);
            }
        }
        List<String> nameParts = new ArrayList<>();
        List<String> userScope = new ArrayList<>();
        String logical = group instanceof LogicalScopeProvider p ? p.getLogicalScope(s -> s, '.') : null;
        if (logical != null) {
            String user = operatorUserScope(logical);
            if (user == null) {
                // Flink's own metrics (JVM, shuffle, checkpoints, numRecordsIn, ...).
                nameParts.add("flink");
                nameParts.addAll(Arrays.asList(logical.split("\\.")));
                String tm = variables.get("tm_id");
                if (tm != null) {
                    labels.put("tm_id", tm);
                }
            } else {
                for (String component : user.split("\\.")) {
                    if (variables.containsKey(component)) {
                        // The key of a key/value group: a label, not part of the name.
                        labels.put(sanitizeLabel(component), variables.get(component));
                    } else {
                        nameParts.add(component);
                    }
                    userScope.add(component);
                }
            }
        } else {
            // Not one of Flink's groups: all non-system variables become labels.
            for (Map.Entry<String, String> v : variables.entrySet()) {
                if (!SYSTEM_VARIABLES.contains(v.getKey())) {
                    labels.put(sanitizeLabel(v.getKey()), v.getValue());
                }
            }
        }
        nameParts.add(metricName);
        String name = sanitizeName(String.join("_", nameParts));
        boolean inSinkGroup = !userScope.isEmpty() && SinkMetrics.GROUP.equals(userScope.get(0));
        return new RegisteredMetric(metric, metricName, name,
                Labels.of(new ArrayList<>(labels.keySet()), new ArrayList<>(labels.values())),
                Collections.unmodifiableMap(variables), inSinkGroup);
    }

    /**
     * The part of a logical scope below an operator scope, null if there is none (a metric of
     * Flink itself). A scope outside Flink's hierarchy is all user scope.
     */
    @Nullable
    private static String operatorUserScope(String logical) {
        for (String operator : OPERATOR_SCOPES) {
            if (logical.startsWith(operator + ".")) {
                return logical.substring(operator.length() + 1);
            }
        }
        if (logical.equals("jobmanager") || logical.equals("taskmanager")
                || logical.startsWith("jobmanager.") || logical.startsWith("taskmanager.")) {
            return null;
        }
        return logical;
    }

    /** Sanitizes a metric name to {@code [a-zA-Z_:][a-zA-Z0-9_:]*}. */
    static String sanitizeName(String name) {
        String s = INVALID_NAME_CHARS.matcher(name).replaceAll("_");
        if (s.isEmpty() || Character.isDigit(s.charAt(0))) {
            s = "_" + s;
        }
        return s;
    }

    /** Sanitizes a label name to {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
    static String sanitizeLabel(String name) {
        String s = INVALID_LABEL_CHARS.matcher(name).replaceAll("_");
        if (s.isEmpty() || Character.isDigit(s.charAt(0))) {
            s = "_" + s;
        }
        return s;
    }
}
