package io.github.otelflink.bench;

import io.github.otelflink.sink.remotewrite.writer.SinkMetrics;

import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A metric reporter that keeps a reference to every counter of the remote-write sink (group
 * {@value SinkMetrics#GROUP}), so the load driver can read them after the job finished. Registered
 * through {@code META-INF/services}; the MiniCluster runs in the driver's JVM, so the static map is
 * shared.
 */
public final class SinkCounters implements MetricReporter {
    private static final Map<String, Counter> COUNTERS = new ConcurrentHashMap<>();
    private static final String MARKER = "." + SinkMetrics.GROUP + ".";

    /** Adds this reporter to a cluster configuration. */
    public static Configuration addTo(Configuration conf) {
        conf.set(ConfigOptions.key("metrics.reporters").stringType().noDefaultValue(), "bench");
        conf.set(ConfigOptions.key("metrics.reporter.bench.factory.class").stringType().noDefaultValue(),
                Factory.class.getName());
        return conf;
    }

    /** Forgets the counters of earlier jobs. */
    public static void clear() {
        COUNTERS.clear();
    }

    /** Counter name (after {@code prometheus_remote_write.}) to its sum over all subtasks. */
    public static Map<String, Long> totals() {
        Map<String, Long> totals = new TreeMap<>();
        COUNTERS.forEach((id, counter) -> {
            String name = id.substring(id.indexOf(MARKER) + MARKER.length());
            totals.merge(name, counter.getCount(), Long::sum);
        });
        return totals;
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        String id = group.getMetricIdentifier(metricName);
        if (metric instanceof Counter && id.contains(MARKER)) {
            COUNTERS.put(id, (Counter) metric);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        // Kept on purpose: the counters are read after the job's tasks have finished.
    }

    /** Found by Flink through {@code META-INF/services}. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new SinkCounters();
        }
    }
}
