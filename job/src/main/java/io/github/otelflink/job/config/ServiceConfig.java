package io.github.otelflink.job.config;

import java.io.Serializable;
import java.util.List;
import javax.annotation.Nullable;

/**
 * The {@code service} section apart from its pipelines (see {@link PipelineConfig#pipelines()}).
 * <pre>
 * service:
 *   extensions: [health_check]
 *   telemetry:
 *     metrics:
 *       address: 0.0.0.0:8888   # where the job's own metrics are served; absent: not served
 *       level: normal           # none, basic, normal (default), detailed
 *     logs:
 *       level: info             # accepted; logging is configured in Flink's log4j files
 *   pipelines: {...}
 * </pre>
 *
 * @param extensions the extensions to run, in order
 * @param metricsAddress {@code host:port} for the job's own metrics, or null
 * @param metricsLevel how many of its own metrics the job reports
 */
public record ServiceConfig(List<ComponentId> extensions, @Nullable String metricsAddress, MetricsLevel metricsLevel)
        implements Serializable {

    public ServiceConfig {
        extensions = List.copyOf(extensions);
    }

    /** The Collector's telemetry levels. */
    public enum MetricsLevel implements ConfigEnum {
        NONE("none"),
        BASIC("basic"),
        NORMAL("normal"),
        DETAILED("detailed");

        private final String configName;

        MetricsLevel(String configName) {
            this.configName = configName;
        }

        @Override
        public String configName() {
            return configName;
        }
    }
}
