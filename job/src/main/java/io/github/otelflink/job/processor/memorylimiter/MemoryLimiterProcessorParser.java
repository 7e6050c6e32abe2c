package io.github.otelflink.job.processor.memorylimiter;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.config.ComponentParser;
import io.github.otelflink.job.config.ConfigNode;
import java.time.Duration;

/**
 * Reads the {@code memory_limiter} processor with the Collector's rules; see
 * {@link MemoryLimiterProcessorConfig} for keys.
 */
public final class MemoryLimiterProcessorParser implements ComponentParser<MemoryLimiterProcessorConfig> {

    @Override
    public MemoryLimiterProcessorConfig parse(ComponentId id, ConfigNode node) {
        Duration checkInterval = node.duration("check_interval", Duration.ZERO);
        int limitMib = node.nonNegativeInt("limit_mib", 0);
        int spikeLimitMib = node.nonNegativeInt("spike_limit_mib", 0);
        int limitPercentage = (int) node.integer("limit_percentage", 0, 0, 100);
        int spikePercentage = (int) node.integer("spike_limit_percentage", 0, 0, 100);
        if (checkInterval.isZero() && !node.hasValue("check_interval")) {
            node.error("check_interval", "required, greater than 0");
        } else if (checkInterval.isZero()) {
            node.error("check_interval", "must be greater than 0");
        }
        if (limitMib == 0 && limitPercentage == 0) {
            node.error("one of limit_mib or limit_percentage must be greater than 0");
        }
        if (limitMib > 0 && spikeLimitMib >= limitMib) {
            node.error("spike_limit_mib", "must be smaller than limit_mib (" + limitMib + "), got " + spikeLimitMib);
        }
        if (limitPercentage > 0 && spikePercentage >= limitPercentage) {
            node.error("spike_limit_percentage",
                    "must be smaller than limit_percentage (" + limitPercentage + "), got " + spikePercentage);
        }
        node.finish();
        return new MemoryLimiterProcessorConfig(
                id, checkInterval, limitMib, spikeLimitMib, limitPercentage, spikePercentage);
    }
}
