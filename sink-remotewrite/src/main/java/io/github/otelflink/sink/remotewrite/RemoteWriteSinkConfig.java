package io.github.otelflink.sink.remotewrite;

import io.github.otelflink.sink.remotewrite.deadletter.DeadLetterTarget;
import io.github.otelflink.sink.remotewrite.encode.RemoteWriteProtocol;
import io.github.otelflink.sink.remotewrite.http.EndpointOptions;
import io.github.otelflink.sink.remotewrite.retry.RetryPolicy;
import io.github.otelflink.sink.remotewrite.writer.FailurePolicy;

import org.apache.flink.annotation.Internal;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

import javax.annotation.Nullable;

/**
 * Everything a {@link PrometheusRemoteWriteSink} needs, validated when built. Create it with
 * {@link PrometheusRemoteWriteSink#builder()}.
 *
 * @param endpoint where and how to send (URL, headers, timeout, TLS, auth)
 * @param protocol remote write 1.0 or 2.0
 * @param sendMetadata whether to send metric metadata (type, help, unit)
 * @param retry the retry policy for 5xx, 429 and transport errors
 * @param onFailure what to do with data that cannot be delivered
 * @param maxSamplesPerSend points per request (samples + histograms)
 * @param maxBatchSizeBytes uncompressed protobuf bytes per request
 * @param maxBufferedSamples points a writer holds before it backpressures
 * @param flushInterval the longest a point waits in the buffer
 * @param partitionBySeries whether the sink routes each series to one subtask itself
 * @param maxConcurrentRequests requests in flight per subtask, over disjoint series (lanes)
 * @param deadLetters where dropped points are written, or null for nowhere (only counted)
 * @param tenantRouting routing by a tenant label, one tenant per request with its header; null for
 *     none (every request carries only the endpoint's headers)
 * @param omittedLabel a label never sent (one an upstream step may have added for routing); the
 *     tenant routing label is never sent either; null when every label is sent
 */
@Internal
public record RemoteWriteSinkConfig(
        EndpointOptions endpoint,
        RemoteWriteProtocol protocol,
        boolean sendMetadata,
        RetryPolicy retry,
        FailurePolicy onFailure,
        int maxSamplesPerSend,
        long maxBatchSizeBytes,
        int maxBufferedSamples,
        Duration flushInterval,
        boolean partitionBySeries,
        int maxConcurrentRequests,
        @Nullable DeadLetterTarget deadLetters,
        @Nullable TenantRouting tenantRouting,
        @Nullable String omittedLabel)
        implements Serializable {

    /** The most lanes (concurrent requests) a subtask may use. */
    public static final int MAX_CONCURRENT_REQUESTS_LIMIT = 256;

    public RemoteWriteSinkConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        if (tenantRouting != null && omittedLabel != null && !omittedLabel.equals(tenantRouting.label())) {
            throw new IllegalArgumentException("the sink leaves one label out of its requests: the tenant routing label "
                    + tenantRouting.label() + ", not also " + omittedLabel);
        }
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(onFailure, "onFailure");
        Objects.requireNonNull(flushInterval, "flushInterval");
        if (maxSamplesPerSend < 1) {
            throw new IllegalArgumentException("max_samples_per_send must be at least 1, got " + maxSamplesPerSend);
        }
        if (maxBatchSizeBytes < 1024) {
            throw new IllegalArgumentException("max_batch_size_bytes must be at least 1024, got " + maxBatchSizeBytes);
        }
        if (maxBufferedSamples <= maxSamplesPerSend) {
            throw new IllegalArgumentException(
                    "max_buffered_samples (" + maxBufferedSamples + ") must be greater than max_samples_per_send ("
                            + maxSamplesPerSend + "), or no batch could ever fill");
        }
        if (maxConcurrentRequests < 1 || maxConcurrentRequests > MAX_CONCURRENT_REQUESTS_LIMIT) {
            throw new IllegalArgumentException("max_concurrent_requests must be between 1 and "
                    + MAX_CONCURRENT_REQUESTS_LIMIT + " (requests in flight per sink subtask), got "
                    + maxConcurrentRequests);
        }
        if (tenantRouting != null) {
            for (String name : endpoint.headers().keySet()) {
                if (name.equalsIgnoreCase(tenantRouting.header())) {
                    throw new IllegalArgumentException("header " + name
                            + " is set per request by tenant routing: remove it from the endpoint's headers");
                }
            }
        }
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("flush_interval must be positive, got " + flushInterval);
        }
    }

    /** The label left out of every request: the tenant routing label, else {@link #omittedLabel()}, else null. */
    @Nullable
    public String unsentLabel() {
        return tenantRouting != null ? tenantRouting.label() : omittedLabel;
    }
}
