package io.github.otelflink.job.telemetry;

import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

import java.util.Properties;

/**
 * Creates the {@link CollectorTelemetryReporter}; Flink finds it through {@code
 * META-INF/services/org.apache.flink.metrics.reporter.MetricReporterFactory} when {@code
 * metrics.reporter.<name>.factory.class} names this class (see {@link
 * CollectorTelemetryReporter#configure}).
 */
public final class CollectorTelemetryReporterFactory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        return new CollectorTelemetryReporter();
    }
}
