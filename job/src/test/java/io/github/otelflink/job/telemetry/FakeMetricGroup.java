package io.github.otelflink.job.telemetry;

import org.apache.flink.metrics.CharacterFilter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.LogicalScopeProvider;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A metric group like the ones Flink hands to reporters: a logical scope, scope components and
 * variables ({@code <job_name>}, ...). Registering metrics is the test's business (it calls the
 * reporter's {@code notifyOfAddedMetric} itself), so the registration methods only return.
 */
final class FakeMetricGroup implements MetricGroup, LogicalScopeProvider {
    private final String logicalScope;
    private final List<String> components;
    private final Map<String, String> variables;

    private FakeMetricGroup(String logicalScope, List<String> components, Map<String, String> variables) {
        this.logicalScope = logicalScope;
        this.components = components;
        this.variables = variables;
    }

    /** An operator group, logical scope {@code taskmanager.job.task.operator}. */
    static FakeMetricGroup operator(String job, String task, String operator, int subtask) {
        Map<String, String> vars = new HashMap<>();
        vars.put("<host>", "localhost");
        vars.put("<tm_id>", "tm-1");
        vars.put("<job_id>", "0123");
        vars.put("<job_name>", job);
        vars.put("<task_name>", task);
        vars.put("<subtask_index>", Integer.toString(subtask));
        vars.put("<operator_name>", operator);
        vars.put("<operator_id>", "abcd");
        return new FakeMetricGroup(
                "taskmanager.job.task.operator",
                List.of("localhost", "taskmanager", "tm-1", job, operator, Integer.toString(subtask)),
                vars);
    }

    @Override
    public FakeMetricGroup addGroup(String name) {
        List<String> c = new ArrayList<>(components);
        c.add(name);
        return new FakeMetricGroup(logicalScope + "." + name, c, variables);
    }

    @Override
    public FakeMetricGroup addGroup(String key, String value) {
        List<String> c = new ArrayList<>(components);
        c.add(key);
        c.add(value);
        Map<String, String> vars = new HashMap<>(variables);
        vars.put("<" + key + ">", value);
        return new FakeMetricGroup(logicalScope + "." + key, c, vars);
    }

    @Override
    public Counter counter(String name) {
        return new SimpleCounter();
    }

    @Override
    public <C extends Counter> C counter(String name, C counter) {
        return counter;
    }

    @Override
    public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
        return gauge;
    }

    @Override
    public <H extends Histogram> H histogram(String name, H histogram) {
        return histogram;
    }

    @Override
    public <M extends Meter> M meter(String name, M meter) {
        return meter;
    }

    @Override
    public String[] getScopeComponents() {
        return components.toArray(new String[0]);
    }

    @Override
    public Map<String, String> getAllVariables() {
        return variables;
    }

    @Override
    public String getMetricIdentifier(String metricName) {
        return getMetricIdentifier(metricName, s -> s);
    }

    @Override
    public String getMetricIdentifier(String metricName, CharacterFilter filter) {
        List<String> c = new ArrayList<>(components);
        c.add(metricName);
        return String.join(".", c.stream().map(filter::filterCharacters).toList());
    }

    @Override
    public String getLogicalScope(CharacterFilter filter) {
        return getLogicalScope(filter, '.');
    }

    @Override
    public String getLogicalScope(CharacterFilter filter, char delimiter) {
        return String.join(String.valueOf(delimiter),
                Arrays.stream(logicalScope.split("\\.")).map(filter::filterCharacters).toList());
    }

    @Override
    public MetricGroup getWrappedMetricGroup() {
        return this;
    }
}
