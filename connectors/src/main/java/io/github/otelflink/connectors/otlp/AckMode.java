package io.github.otelflink.connectors.otlp;

/** When the OTLP ingress answers a client's export request with success. */
public enum AckMode {
    /**
     * As soon as the request is decoded and in the source's queue (the Collector's behaviour). A
     * failure of the job loses what was queued or in flight since the last checkpoint.
     */
    ACCEPTED,
    /**
     * Only after a checkpoint taken after the request's data was emitted completes, so a client's
     * retry closes the at-least-once loop without Kafka. Answers wait up to one checkpoint
     * interval, and forever when checkpointing is disabled: use it only with checkpoints on.
     */
    CHECKPOINT
}
