package io.github.otelflink.sink.remotewrite;

import io.github.otelflink.sink.remotewrite.deadletter.DeadLetterTarget;
import io.github.otelflink.sink.remotewrite.encode.RemoteWriteProtocol;
import io.github.otelflink.sink.remotewrite.http.AuthOptions;
import io.github.otelflink.sink.remotewrite.http.EndpointOptions;
import io.github.otelflink.sink.remotewrite.http.RequestSigner;
import io.github.otelflink.sink.remotewrite.retry.RetryPolicy;
import io.github.otelflink.sink.remotewrite.tls.TlsOptions;
import io.github.otelflink.sink.remotewrite.writer.FailurePolicy;

import org.apache.flink.annotation.PublicEvolving;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link PrometheusRemoteWriteSink}. Only the endpoint is required. For example, a sink
 * that verifies the receiver against its own CA, presents a client certificate, logs in with
 * basic auth whose password is read from a file (again at most once a second, so a rotated one is
 * used), and fails the job rather than drop data:
 *
 * <pre>{@code
 * DataStream<TimeSeries> series = ...;
 * PrometheusRemoteWriteSink sink = PrometheusRemoteWriteSink.builder()
 *         .endpoint("https://mimir.example:8080/api/v1/push")
 *         .tls(TlsOptions.defaults()
 *                 .withCaFile("/etc/ssl/ca/ca.crt")
 *                 .withClientCertificate("/etc/ssl/certs/tls.crt", "/etc/ssl/certs/tls.key"))
 *         .auth(AuthOptions.basicWithPasswordFile("writer", "/etc/secrets/remote-write-password"))
 *         .header("X-Scope-OrgID", "tenant-1")
 *         .onFailure(FailurePolicy.FAIL)
 *         .build();
 * series.sinkTo(sink);
 * }</pre>
 *
 * <p>The option types live beside their use: {@link TlsOptions} in {@code tls}, {@link
 * AuthOptions} and {@link RequestSigner} in {@code http}, {@link RetryPolicy} in {@code retry},
 * {@link FailurePolicy} in {@code writer}, {@link RemoteWriteProtocol} in {@code encode}; the
 * records ({@link io.github.otelflink.sink.remotewrite.model.TimeSeries}) in {@code model}.
 *
 * <p>Defaults:
 *
 * <ul>
 *   <li>protocol: remote write 1.0 ({@code prometheus.WriteRequest}); metadata not sent
 *   <li>timeout 5s per request; TLS from the JVM trust store, minimum TLS 1.2; no auth
 *   <li>retry: the Collector's {@code retry_on_failure} (50ms, ×1.5, ±50%, max 30s, give up after 5m)
 *   <li>on failure: drop and count
 *   <li>max 2000 samples and 3,000,000 bytes per request; 20,000 samples buffered per subtask;
 *       a sample waits at most 1s in the buffer
 *   <li>series routed to subtasks by fingerprint
 *   <li>one request in flight per subtask ({@link #maxConcurrentRequests(int)})
 *   <li>no dead letters: dropped points are only counted ({@link #deadLetters(DeadLetterTarget)})
 *   <li>no tenant routing ({@link #tenantRouting(TenantRouting)})
 * </ul>
 *
 * {@link #build()} checks every value and says which one is wrong.
 */
@PublicEvolving
public final class PrometheusRemoteWriteSinkBuilder {
    public static final int DEFAULT_MAX_SAMPLES_PER_SEND = 2000;
    public static final long DEFAULT_MAX_BATCH_SIZE_BYTES = 3_000_000;
    /** Ten full batches: enough to keep the sender busy while the next batches fill. */
    public static final int DEFAULT_MAX_BUFFERED_SAMPLES = 10 * DEFAULT_MAX_SAMPLES_PER_SEND;
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
    /** One request in flight per subtask. */
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 1;

    private URI endpoint;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Duration timeout = Duration.ofSeconds(5);
    private TlsOptions tls = TlsOptions.defaults();
    private AuthOptions auth = AuthOptions.none();
    private RequestSigner signer;
    private String userAgent = EndpointOptions.DEFAULT_USER_AGENT;
    private RemoteWriteProtocol protocol = RemoteWriteProtocol.V1;
    private boolean sendMetadata;
    private RetryPolicy retry = RetryPolicy.defaults();
    private FailurePolicy onFailure = FailurePolicy.DROP;
    private int maxSamplesPerSend = DEFAULT_MAX_SAMPLES_PER_SEND;
    private long maxBatchSizeBytes = DEFAULT_MAX_BATCH_SIZE_BYTES;
    private Integer maxBufferedSamples;
    private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;
    private boolean partitionBySeries = true;
    private int maxConcurrentRequests = DEFAULT_MAX_CONCURRENT_REQUESTS;
    private DeadLetterTarget deadLetters;
    private TenantRouting tenantRouting;
    private String omittedLabel;

    PrometheusRemoteWriteSinkBuilder() {}

    /** The receiver's URL, e.g. {@code https://prometheus:9090/api/v1/write}. Required. */
    public PrometheusRemoteWriteSinkBuilder endpoint(String endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        try {
            return endpoint(URI.create(endpoint));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("endpoint: not a valid URL: \"" + endpoint + "\"", e);
        }
    }

    public PrometheusRemoteWriteSinkBuilder endpoint(URI endpoint) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        return this;
    }

    /** An extra request header such as {@code X-Scope-OrgID}; the four protocol headers are refused. */
    public PrometheusRemoteWriteSinkBuilder header(String name, String value) {
        headers.put(Objects.requireNonNull(name, "header name"), Objects.requireNonNull(value, "header value"));
        return this;
    }

    public PrometheusRemoteWriteSinkBuilder headers(Map<String, String> headers) {
        headers.forEach(this::header);
        return this;
    }

    /** Connect, socket and response timeout of one request (default 5s). */
    public PrometheusRemoteWriteSinkBuilder timeout(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    public PrometheusRemoteWriteSinkBuilder tls(TlsOptions tls) {
        this.tls = Objects.requireNonNull(tls, "tls");
        return this;
    }

    public PrometheusRemoteWriteSinkBuilder auth(AuthOptions auth) {
        this.auth = Objects.requireNonNull(auth, "auth");
        return this;
    }

    /** Signs every request after all headers are set (e.g. SigV4). */
    public PrometheusRemoteWriteSinkBuilder requestSigner(RequestSigner signer) {
        this.signer = Objects.requireNonNull(signer, "signer");
        return this;
    }

    public PrometheusRemoteWriteSinkBuilder userAgent(String userAgent) {
        this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
        return this;
    }

    /** Remote write 1.0 (default) or 2.0; 2.0 falls back to 1.0 if the receiver lacks it. */
    public PrometheusRemoteWriteSinkBuilder protocol(RemoteWriteProtocol protocol) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        return this;
    }

    public PrometheusRemoteWriteSinkBuilder sendMetadata(boolean sendMetadata) {
        this.sendMetadata = sendMetadata;
        return this;
    }

    public PrometheusRemoteWriteSinkBuilder retry(RetryPolicy retry) {
        this.retry = Objects.requireNonNull(retry, "retry");
        return this;
    }

    public PrometheusRemoteWriteSinkBuilder onFailure(FailurePolicy onFailure) {
        this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
        return this;
    }

    public PrometheusRemoteWriteSinkBuilder maxSamplesPerSend(int maxSamplesPerSend) {
        this.maxSamplesPerSend = maxSamplesPerSend;
        return this;
    }

    public PrometheusRemoteWriteSinkBuilder maxBatchSizeBytes(long maxBatchSizeBytes) {
        this.maxBatchSizeBytes = maxBatchSizeBytes;
        return this;
    }

    /**
     * Points (samples + histograms) a subtask buffers before it backpressures. A hard bound: it is
     * checked before every record enters the buffer (so one record may overshoot it), and the
     * batches in flight (at most {@code maxConcurrentRequests} × max samples per send) come on
     * top. Default: 10 × max samples per send, and at least 2 × {@code maxConcurrentRequests} ×
     * max samples per send so that every lane can fill a batch. The OpenTelemetry Collector's
     * {@code remote_write_queue.queue_size} maps onto it.
     */
    public PrometheusRemoteWriteSinkBuilder maxBufferedSamples(int maxBufferedSamples) {
        this.maxBufferedSamples = maxBufferedSamples;
        return this;
    }

    public PrometheusRemoteWriteSinkBuilder flushInterval(Duration flushInterval) {
        this.flushInterval = Objects.requireNonNull(flushInterval, "flushInterval");
        return this;
    }

    /**
     * Whether the sink partitions its input by series fingerprint (default true). Turn it off only
     * when the stream is already partitioned by {@link SeriesFingerprint} with the sink's
     * parallelism, to save a network shuffle.
     */
    public PrometheusRemoteWriteSinkBuilder partitionBySeries(boolean partitionBySeries) {
        this.partitionBySeries = partitionBySeries;
        return this;
    }

    /**
     * Requests in flight per sink subtask (default 1; 1 to 256), the equivalent of the Collector's
     * {@code remote_write_queue.num_consumers}.
     *
     * <p>Each subtask splits its series into {@code n} lanes by label fingerprint ({@link
     * SeriesFingerprint#lane}), so a series always uses the same lane, and each lane has at most
     * one request in flight. A lane retries (5xx, 429, transport errors) or narrows (400 out of
     * order) its batch before it sends anything else, so a series' samples still reach the receiver
     * in order; the other lanes keep sending meanwhile, until the failing lane's points fill {@link
     * #maxBufferedSamples(int)}. A checkpoint waits for every lane's request in flight.
     *
     * <p>Batches are cut per lane: the sink sends the fullest free lane once the subtask buffers
     * about {@code n} full batches, or when {@link #flushInterval(Duration)} expires.
     */
    public PrometheusRemoteWriteSinkBuilder maxConcurrentRequests(int maxConcurrentRequests) {
        if (maxConcurrentRequests < 1 || maxConcurrentRequests > RemoteWriteSinkConfig.MAX_CONCURRENT_REQUESTS_LIMIT) {
            throw new IllegalArgumentException("maxConcurrentRequests must be between 1 and "
                    + RemoteWriteSinkConfig.MAX_CONCURRENT_REQUESTS_LIMIT
                    + " (requests in flight per sink subtask), got " + maxConcurrentRequests);
        }
        this.maxConcurrentRequests = maxConcurrentRequests;
        return this;
    }

    /**
     * Writes every point the sink drops for good (validation, a permanent refusal, retries run out)
     * to {@code target}, with the reason and the receiver's answer, besides counting it. Each
     * subtask writes its own output; letters are made durable before each checkpoint. With {@link
     * FailurePolicy#FAIL}, undeliverable batches fail the job instead and only the validator's
     * drops are written.
     */
    public PrometheusRemoteWriteSinkBuilder deadLetters(DeadLetterTarget target) {
        this.deadLetters = Objects.requireNonNull(target, "target");
        return this;
    }

    /**
     * Routes by tenant: each series names its tenant in {@link TenantRouting#label()}, each request
     * carries one tenant's series and that tenant in {@link TenantRouting#header()}, and each
     * tenant has {@link #maxConcurrentRequests(int)} lanes of its own in every subtask, so one
     * tenant's retries do not hold back the others. The routing label is not sent. The tenant's
     * header may not also be set with {@link #header(String, String)}.
     */
    public PrometheusRemoteWriteSinkBuilder tenantRouting(TenantRouting tenantRouting) {
        this.tenantRouting = Objects.requireNonNull(tenantRouting, "tenantRouting");
        return this;
    }

    /**
     * A label the sink never sends: one that an upstream step adds only to route by, such as a
     * tenant label that series restored from before tenant routing was turned off still carry.
     * With {@link #tenantRouting(TenantRouting)} only its label may be given.
     */
    public PrometheusRemoteWriteSinkBuilder omitLabel(String name) {
        this.omittedLabel = Objects.requireNonNull(name, "name");
        return this;
    }

    public PrometheusRemoteWriteSink build() {
        if (endpoint == null) {
            throw new IllegalArgumentException("endpoint is required: the receiver's remote-write URL");
        }
        EndpointOptions endpointOptions = new EndpointOptions(endpoint, headers, timeout, tls, auth, signer, userAgent);
        int buffered = maxBufferedSamples != null
                ? maxBufferedSamples
                : (int) Math.min(Integer.MAX_VALUE, Math.max(
                        Math.max(DEFAULT_MAX_BUFFERED_SAMPLES, 10L * maxSamplesPerSend),
                        2L * maxConcurrentRequests * maxSamplesPerSend));
        return new PrometheusRemoteWriteSink(new RemoteWriteSinkConfig(
                endpointOptions,
                protocol,
                sendMetadata,
                retry,
                onFailure,
                maxSamplesPerSend,
                maxBatchSizeBytes,
                buffered,
                flushInterval,
                partitionBySeries,
                maxConcurrentRequests,
                deadLetters,
                tenantRouting,
                omittedLabel));
    }
}
