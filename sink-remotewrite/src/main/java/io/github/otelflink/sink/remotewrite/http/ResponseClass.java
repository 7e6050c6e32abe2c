package io.github.otelflink.sink.remotewrite.http;

import org.apache.flink.annotation.Internal;

/** What a receiver's answer means for the batch that was sent. */
@Internal
public enum ResponseClass {
    /** Stored. */
    DELIVERED,
    /** A transient failure (5xx, 429, transport error): send the same batch again later. */
    RETRYABLE,
    /**
     * The receiver already has a sample at or after this one's timestamp ("out of order sample",
     * "duplicate sample for timestamp"): after a restore this is data replayed from the last
     * checkpoint. The receiver rejected the whole request, so the batch must be narrowed down to
     * deliver its fresh samples.
     */
    SAMPLE_CONFLICT,
    /** A sample older than the receiver accepts ("out of bounds", "too old"); also narrowed down. */
    SAMPLE_TOO_OLD,
    /** The receiver does not speak the protocol version (remote write 2.0): fall back to 1.0. */
    UNSUPPORTED_PROTOCOL,
    /** Any other 4xx: sending the same bytes again cannot succeed. */
    PERMANENT
}
