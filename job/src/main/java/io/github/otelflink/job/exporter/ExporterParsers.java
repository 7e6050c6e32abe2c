package io.github.otelflink.job.exporter;

import io.github.otelflink.job.config.ComponentParser;
import io.github.otelflink.job.exporter.debug.DebugExporterParser;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterParser;
import java.util.Map;

/** The exporter types this job supports, by the type name used in ids. */
public final class ExporterParsers {

    private static final Map<String, ComponentParser<? extends ExporterConfig>> PARSERS = Map.of(
            "prometheusremotewrite", new PrometheusRemoteWriteExporterParser(),
            "debug", new DebugExporterParser());

    private ExporterParsers() {}

    /** Parsers keyed by component type. */
    public static Map<String, ComponentParser<? extends ExporterConfig>> all() {
        return PARSERS;
    }
}
