package io.github.otelflink.job.config;

import io.github.otelflink.job.exporter.ExporterConfig;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig;
import io.github.otelflink.job.extension.AuthenticatorConfig;
import io.github.otelflink.job.extension.healthcheck.HealthCheckExtensionConfig;
import io.github.otelflink.job.processor.ProcessorConfig;
import io.github.otelflink.job.receiver.ReceiverConfig;

/** Writes {@link PipelineConfig#describePlan()}. */
final class PlanFormatter {

    private PlanFormatter() {}

    static String format(PipelineConfig config) {
        StringBuilder out = new StringBuilder();
        for (Pipeline pipeline : config.pipelines()) {
            out.append("pipeline ").append(pipeline.id()).append(": ").append(pipeline.describeFlow()).append('\n');
            for (ReceiverConfig receiver : pipeline.receivers()) {
                line(out, "receiver ", receiver);
            }
            for (ProcessorConfig processor : pipeline.processors()) {
                line(out, "processor", processor);
            }
            for (ExporterConfig exporter : pipeline.exporters()) {
                // A remote-write exporter's sizes depend on the pipeline's batch processor.
                line(out, "exporter ", exporter, exporter instanceof PrometheusRemoteWriteExporterConfig rw
                        ? rw.describe(pipeline.batch()) : exporter.describe());
            }
        }
        for (ComponentId id : config.service().extensions()) {
            AuthenticatorConfig authenticator = config.authenticators().get(id);
            if (authenticator != null) {
                out.append("extension ").append(id).append(": ").append(authenticator.describe()).append('\n');
                continue;
            }
            HealthCheckExtensionConfig extension = config.extensions().get(id);
            if (!config.servesHealthCheck()) {
                out.append("extension ").append(id).append(": ").append(HealthCheckExtensionConfig.NOT_SERVED).append('\n');
                continue;
            }
            out.append("extension ").append(id).append(": health on http://").append(extension.endpoint())
                    .append(extension.path()).append('\n');
        }
        if (config.service().metricsAddress() != null) {
            out.append("own metrics: ").append(config.service().metricsAddress())
                    .append(" (level ").append(config.service().metricsLevel().configName()).append(")\n");
        }
        if (!config.warnings().isEmpty()) {
            out.append("warnings:\n");
            for (String warning : config.warnings()) {
                out.append("  ").append(warning).append('\n');
            }
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String kind, ComponentConfig component) {
        line(out, kind, component, component.describe());
    }

    private static void line(StringBuilder out, String kind, ComponentConfig component, String description) {
        out.append("  ").append(kind).append(' ').append(component.id()).append(": ").append(description).append('\n');
    }
}
