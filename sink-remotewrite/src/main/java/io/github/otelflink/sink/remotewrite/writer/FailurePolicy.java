package io.github.otelflink.sink.remotewrite.writer;

import org.apache.flink.annotation.PublicEvolving;

/** What the sink does with a batch that cannot be delivered (retries exhausted or a permanent 4xx). */
@PublicEvolving
public enum FailurePolicy {
    /** Drop it, count it in {@code samples_dropped_total{reason}}, and go on. */
    DROP,
    /**
     * Fail the job: it restarts from the last checkpoint and sends the data again. Use when losing
     * data is worse than stopping.
     */
    FAIL
}
