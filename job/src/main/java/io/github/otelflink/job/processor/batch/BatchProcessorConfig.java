package io.github.otelflink.job.processor.batch;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.config.GoDurations;
import io.github.otelflink.job.processor.ProcessorConfig;
import java.time.Duration;

/**
 * The {@code batch} processor: groups data points before export.
 * <pre>
 * batch:
 *   timeout: 200ms              # default; send a batch at least this often
 *   send_batch_size: 8192       # default; send once this many data points are waiting
 *   send_batch_max_size: 0      # default 0 = no upper bound; else at least send_batch_size
 * </pre>
 *
 * @param id the component id
 * @param timeout the longest a data point waits
 * @param sendBatchSize data points that trigger a send (0: only the timeout does)
 * @param sendBatchMaxSize the largest batch, 0 for no limit
 */
public record BatchProcessorConfig(ComponentId id, Duration timeout, int sendBatchSize, int sendBatchMaxSize)
        implements ProcessorConfig {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(200);
    public static final int DEFAULT_SEND_BATCH_SIZE = 8192;
    public static final int DEFAULT_SEND_BATCH_MAX_SIZE = 0;

    @Override
    public String describe() {
        return "batches of " + sendBatchSize + (sendBatchMaxSize > 0 ? " (at most " + sendBatchMaxSize + ")" : "")
                + " data points or every " + GoDurations.format(timeout);
    }
}
