package io.github.otelflink.job.exporter.debug;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.config.ComponentParser;
import io.github.otelflink.job.config.ConfigNode;

/** Reads the {@code debug} exporter; see {@link DebugExporterConfig} for keys and defaults. */
public final class DebugExporterParser implements ComponentParser<DebugExporterConfig> {

    @Override
    public DebugExporterConfig parse(ComponentId id, ConfigNode node) {
        DebugExporterConfig.Verbosity verbosity =
                node.choice("verbosity", DebugExporterConfig.Verbosity.BASIC, DebugExporterConfig.Verbosity.class);
        int initial = node.nonNegativeInt("sampling_initial", 2);
        int thereafter = node.positiveInt("sampling_thereafter", 1);
        node.finish();
        return new DebugExporterConfig(id, verbosity, initial, thereafter);
    }
}
