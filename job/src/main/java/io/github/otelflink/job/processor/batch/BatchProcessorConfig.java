package io.github.otelflink.job.processor.batch;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.config.GoDurations;
import io.github.otelflink.job.processor.ProcessorConfig;
import java.time.Duration;
import java.util.List;

/**
 * The {@code batch} processor: groups data points before export.
 * <pre>
 * batch:
 *   timeout: 200ms              # default; send a batch at least this often
 *   send_batch_size: 8192       # default; send once this many data points are waiting
 *   send_batch_max_size: 0      # default 0 = no upper bound; else at least send_batch_size
 *   metadata_keys: [X-Scope-OrgID]   # accepted: a request never mixes tenants anyway (see below)
 *   metadata_cardinality_limit: 1000 # accepted with a warning: tenant.max_tenants bounds tenants here
 * </pre>
 * The Collector needs {@code metadata_keys} so that one batch does not mix the requests of
 * several tenants (then {@code headers_setter} could not pick one). Here batching is the sink's,
 * in lanes per tenant, so a remote-write request never mixes tenants with or without the key;
 * the only metadata an exporter reads is its tenant's, so batches split by other keys would
 * change nothing.
 *
 * @param id the component id
 * @param timeout the longest a data point waits
 * @param sendBatchSize data points that trigger a send (0: only the timeout does)
 * @param sendBatchMaxSize the largest batch, 0 for no limit
 * @param metadataKeys the Collector's {@code metadata_keys}, as written
 * @param metadataCardinalityLimit the Collector's {@code metadata_cardinality_limit}
 */
public record BatchProcessorConfig(ComponentId id, Duration timeout, int sendBatchSize, int sendBatchMaxSize,
        List<String> metadataKeys, int metadataCardinalityLimit) implements ProcessorConfig {

    public static final int DEFAULT_METADATA_CARDINALITY_LIMIT = 1000;

    public BatchProcessorConfig {
        metadataKeys = List.copyOf(metadataKeys);
    }

    /** A batch processor without {@code metadata_keys}. */
    public BatchProcessorConfig(ComponentId id, Duration timeout, int sendBatchSize, int sendBatchMaxSize) {
        this(id, timeout, sendBatchSize, sendBatchMaxSize, List.of(), DEFAULT_METADATA_CARDINALITY_LIMIT);
    }

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(200);
    public static final int DEFAULT_SEND_BATCH_SIZE = 8192;
    public static final int DEFAULT_SEND_BATCH_MAX_SIZE = 0;

    @Override
    public String describe() {
        return "batches of " + sendBatchSize + (sendBatchMaxSize > 0 ? " (at most " + sendBatchMaxSize + ")" : "")
                + " data points or every " + GoDurations.format(timeout)
                + (metadataKeys.isEmpty() ? "" : ", apart by " + String.join(", ", metadataKeys));
    }
}
