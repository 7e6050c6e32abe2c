package io.github.otelflink.job.processor.batch;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.config.ComponentParser;
import io.github.otelflink.job.config.ConfigNode;
import java.time.Duration;
import java.util.List;

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
        List<String> metadataKeys = node.stringList("metadata_keys");
        for (int i = 0; i < metadataKeys.size(); i++) {
            if (metadataKeys.get(i).isEmpty()) {
                node.error("metadata_keys", "entry " + i + " is empty: each entry names a request metadata key");
            }
        }
        int limit = node.positiveInt("metadata_cardinality_limit", BatchProcessorConfig.DEFAULT_METADATA_CARDINALITY_LIMIT);
        if (node.hasValue("metadata_cardinality_limit")) {
            node.warn("metadata_cardinality_limit", "not enforced here: the number of tenants is bounded by the"
                    + " exporter's tenant.max_tenants (per sink subtask), and no other metadata splits batches");
        }
        node.finish();
        return new BatchProcessorConfig(id, timeout, size, maxSize, metadataKeys, limit);
    }
}
