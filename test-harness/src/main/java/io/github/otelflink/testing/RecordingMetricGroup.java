package io.github.otelflink.testing;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A metric group that remembers every metric under its dotted name (key/value groups become
 * {@code key.value}), so tests can read counters by the names users see.
 */
public final class RecordingMetricGroup extends UnregisteredMetricsGroup {
    private final String prefix;
    private final Map<String, Object> metrics;

    public RecordingMetricGroup() {
        this("", new ConcurrentHashMap<>());
    }

    private RecordingMetricGroup(String prefix, Map<String, Object> metrics) {
        this.prefix = prefix;
        this.metrics = metrics;
    }

    @Override
    public Counter counter(String name) {
        return counter(name, new SimpleCounter());
    }

    @Override
    public <C extends Counter> C counter(String name, C counter) {
        metrics.put(prefix + name, counter);
        return counter;
    }

    @Override
    public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
        metrics.put(prefix + name, gauge);
        return gauge;
    }

    @Override
    public <H extends Histogram> H histogram(String name, H histogram) {
        metrics.put(prefix + name, histogram);
        return histogram;
    }

    @Override
    public MetricGroup addGroup(String name) {
        return new RecordingMetricGroup(prefix + name + ".", metrics);
    }

    @Override
    public MetricGroup addGroup(String key, String value) {
        return new RecordingMetricGroup(prefix + key + "." + value + ".", metrics);
    }

    /** The count of a counter, e.g. {@code "prometheus_remote_write.samples_sent_total"}; 0 if absent. */
    public long count(String name) {
        Object m = metrics.get(name);
        if (m == null) {
            throw new AssertionError("no metric named " + name + "; have " + metrics.keySet());
        }
        return ((Counter) m).getCount();
    }

    public Object gaugeValue(String name) {
        return ((Gauge<?>) metrics.get(name)).getValue();
    }
}
