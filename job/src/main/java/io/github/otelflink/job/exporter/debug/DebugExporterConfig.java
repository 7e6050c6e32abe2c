package io.github.otelflink.job.exporter.debug;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.config.ConfigEnum;
import io.github.otelflink.job.exporter.ExporterConfig;

/**
 * The {@code debug} exporter: logs what reaches it.
 * <pre>
 * debug:
 *   verbosity: basic          # default; normal, detailed
 *   sampling_initial: 2       # default; log the first N batches each second...
 *   sampling_thereafter: 1    # default; ...then every Mth
 * </pre>
 *
 * @param id the component id
 * @param verbosity how much to log
 * @param samplingInitial batches logged each second before sampling starts
 * @param samplingThereafter then one batch in this many is logged
 */
public record DebugExporterConfig(ComponentId id, Verbosity verbosity, int samplingInitial, int samplingThereafter)
        implements ExporterConfig {

    /** How much the debug exporter logs. */
    public enum Verbosity implements ConfigEnum {
        /** Counts per batch. */
        BASIC("basic"),
        /** One line per metric. */
        NORMAL("normal"),
        /** Every data point with its attributes. */
        DETAILED("detailed");

        private final String configName;

        Verbosity(String configName) {
            this.configName = configName;
        }

        @Override
        public String configName() {
            return configName;
        }
    }

    @Override
    public String describe() {
        return "log (" + verbosity.configName() + ")";
    }
}
