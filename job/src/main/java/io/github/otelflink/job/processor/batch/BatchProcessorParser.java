package io.github.otelflink.job.processor.batch;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.config.ComponentParser;
import io.github.otelflink.job.config.ConfigNode;
import java.time.Duration;

/** Reads the {@code batch} processor; see {@link BatchProcessorConfig} for keys and defaults. */
public final class BatchProcessorParser implements ComponentParser<BatchProcessorConfig> {

    @Override
    public BatchProcessorConfig parse(ComponentId id, ConfigNode node) {
        Duration timeout = node.duration("timeout", BatchProcessorConfig.DEFAULT_TIMEOUT);
        int size = node.nonNegativeInt("send_batch_size", BatchProcessorConfig.DEFAULT_SEND_BATCH_SIZE);
        int maxSize = node.nonNegativeInt("send_batch_max_size", BatchProcessorConfig.DEFAULT_SEND_BATCH_MAX_SIZE);
        if (maxSize != 0 && maxSize < size) {
            node.error("send_batch_max_size", "must be 0 or at least send_batch_size (" + size + "), got " + maxSize);
        }
        node.finish();
        return new BatchProcessorConfig(id, timeout, size, maxSize);
    }
}
