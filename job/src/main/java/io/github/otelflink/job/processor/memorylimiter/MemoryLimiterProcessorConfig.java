package io.github.otelflink.job.processor.memorylimiter;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.config.GoDurations;
import io.github.otelflink.job.processor.ProcessorConfig;
import java.time.Duration;

/**
 * The {@code memory_limiter} processor: refuses data (with a retryable error, so the
 * sender backs off) while the heap is above the soft limit, {@code limit - spike_limit}.
 * <pre>
 * memory_limiter:
 *   check_interval: 1s            # required, greater than 0
 *   limit_mib: 4000               # one of limit_mib / limit_percentage is required;
 *   spike_limit_mib: 800          #   limit_mib wins when both are set
 *   limit_percentage: 75          # of the maximum heap
 *   spike_limit_percentage: 15    # default 20% of the limit when 0
 * </pre>
 *
 * @param id the component id
 * @param checkInterval how often the heap is measured
 * @param limitMib hard limit in MiB, 0 when the percentage is used
 * @param spikeLimitMib headroom below the hard limit in MiB, 0 for the default
 * @param limitPercentage hard limit as a percentage of the maximum heap, 0 when not used
 * @param spikeLimitPercentage headroom as a percentage of the maximum heap, 0 for the default
 */
public record MemoryLimiterProcessorConfig(
        ComponentId id,
        Duration checkInterval,
        int limitMib,
        int spikeLimitMib,
        int limitPercentage,
        int spikeLimitPercentage)
        implements ProcessorConfig {

    @Override
    public String describe() {
        String limit = limitMib > 0
                ? limitMib + "MiB" + (spikeLimitMib > 0 ? ", spike " + spikeLimitMib + "MiB" : "")
                : limitPercentage + "% of heap" + (spikeLimitPercentage > 0 ? ", spike " + spikeLimitPercentage + "%" : "");
        // Not enforced as such: Flink's backpressure and the sink's bounded buffer bound memory.
        return "accepted, not enforced: Flink backpressure bounds memory (configured: " + limit + ", every "
                + GoDurations.format(checkInterval) + ")";
    }
}
