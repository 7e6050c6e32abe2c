package io.github.otelflink.job.exporter.prometheusremotewrite;

import io.github.otelflink.job.config.ByteSizes;
import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.config.ConfigEnum;
import io.github.otelflink.job.config.GoDurations;
import io.github.otelflink.job.config.TlsClientConfig;
import io.github.otelflink.job.exporter.ExporterConfig;
import io.github.otelflink.job.extension.AuthenticatorConfig;
import io.github.otelflink.job.extension.oauth2client.OAuth2ClientAuthExtensionConfig;
import io.github.otelflink.job.processor.batch.BatchProcessorConfig;
import io.github.otelflink.job.relabel.RelabelConfig;
import io.github.otelflink.sink.remotewrite.http.RequestSigner;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * The {@code prometheusremotewrite} exporter, with the Collector's keys, defaults and
 * meaning, plus a few keys the Collector lacks (marked "beyond the Collector").
 * <pre>
 * prometheusremotewrite:
 *   endpoint: https://prometheus:9090/api/v1/write   # required, http or https
 *   headers: {X-Scope-OrgID: tenant-1}               # not Content-Type, Content-Encoding,
 *                                                    #   User-Agent, X-Prometheus-Remote-Write-Version
 *   tls: {ca_file, cert_file, key_file, insecure_skip_verify, min_version: "1.2", ...}
 *   auth:                                            # one of authenticator, basic, bearer_token(_file)
 *     basic: {username: u, password: p}              # beyond the Collector; or password_file
 *     bearer_token: t                                # beyond the Collector; or bearer_token_file
 *     authenticator: basicauth/x                     # a basicauth, bearertokenauth or headers_setter extension,
 *                                                    #   listed in service.extensions
 *   timeout: 5s                                      # bounds one request (retries: max_elapsed_time)
 *   compression: snappy                              # the only value: the spec requires snappy
 *   retry_on_failure: {enabled: true, initial_interval: 50ms, randomization_factor: 0.5,
 *                      multiplier: 1.5, max_interval: 30s, max_elapsed_time: 5m}
 *   remote_write_queue: {enabled: true, queue_size: 10000, num_consumers: 1}   # see RemoteWriteQueue
 *   max_batch_size_bytes: 3000000                    # bytes, or a size like 10MB / 10MiB
 *   max_samples_per_send: 2000                       # beyond the Collector (Prometheus' default)
 *   namespace: ""                                    # prefix of every metric name
 *   external_labels: {cluster: a}                    # added to every series
 *   resource_to_telemetry_conversion: {enabled: false}
 *   target_info: {enabled: true}
 *   add_metric_suffixes: true
 *   translation_strategy: UnderscoreEscapingWithSuffixes   # absent: from add_metric_suffixes
 *   send_metadata: false
 *   protobuf_message: prometheus.WriteRequest        # or io.prometheus.write.v2.Request
 *   wal: {directory, buffer_size: 300, truncate_frequency: 1m}   # accepted, not used
 *   metric_relabels: [...]                           # beyond the Collector; alias write_relabel_configs
 *   on_failure: drop                                 # beyond the Collector; or fail
 *   ordering:                                        # beyond the Collector (see job/README.md)
 *     reorder_window: 200ms                          # default: the pipeline's batch timeout
 *     out_of_order_time_window: 0s                   # the receiver's; late samples within it are sent
 *   dead_letter:                                     # beyond the Collector; absent: dropped points are
 *     directory: /var/lib/otel-flink/dead-letters    #   only counted (see job/README.md "Dead letters")
 *     rotation: {max_megabytes: 100}
 *     # or, instead of directory: kafka: {brokers: [localhost:9092], topic: otlp_dead_letters}
 *   tenant:                                          # beyond the Collector; absent: no routing (see Tenant)
 *     resource_attribute: tenant.id                  # required: the attribute that names the tenant
 *     header: X-Scope-OrgID                          # set per request to its tenant
 *     default: anonymous                             # the tenant of resources without the attribute
 *     max_tenants: 100                               # per sink subtask; further tenants are dropped
 *     keep_attribute: false                          # true: the attribute is still a resource attribute
 * </pre>
 *
 * The keys sit at one level, as in the Collector; the components group them as its config structs do.
 *
 * @param id the component id
 * @param client the HTTP client: endpoint, headers, TLS, credentials, timeout, compression
 * @param sending the queue, retries, request size and protocol, and what happens on failure
 * @param translation metric names, labels, {@code target_info} and metadata
 * @param metricRelabels Prometheus relabel rules applied to each series before sending
 * @param ordering how the keyed step orders each series' samples
 * @param tenant routing by tenant ({@link TenantRoutingConfig}), or null for none (every request to the one endpoint as configured)
 */
public record PrometheusRemoteWriteExporterConfig(
        ComponentId id,
        Client client,
        Sending sending,
        Translation translation,
        List<RelabelConfig> metricRelabels,
        Ordering ordering,
        @Nullable TenantRoutingConfig tenant)
        implements ExporterConfig {

    public PrometheusRemoteWriteExporterConfig {
        metricRelabels = List.copyOf(metricRelabels);
    }

    /**
     * The HTTP client settings: the Collector's {@code confighttp.ClientConfig}.
     *
     * @param endpoint the remote-write URL
     * @param headers extra request headers, in file order
     * @param tls TLS settings for an https endpoint
     * @param auth credentials
     * @param timeout bound on one request (connect, send, answer); retries are bounded by
     *     {@code retry_on_failure.max_elapsed_time}
     * @param compression body compression
     */
    public record Client(URI endpoint, Map<String, String> headers, TlsClientConfig tls, Auth auth, Duration timeout,
            Compression compression) implements Serializable {

        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

        public Client {
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        }

        /** As the record's, but with header values redacted: they often carry credentials. */
        @Override
        public String toString() {
            Map<String, String> redacted = new LinkedHashMap<>();
            headers.keySet().forEach(name -> redacted.put(name, "[REDACTED]"));
            return "Client[endpoint=" + endpoint + ", headers=" + redacted + ", tls=" + tls + ", auth=" + auth
                    + ", timeout=" + timeout + ", compression=" + compression + "]";
        }
    }

    /**
     * How requests are sent: the Collector's {@code retry_on_failure}, {@code remote_write_queue},
     * {@code max_batch_size_bytes}, {@code protobuf_message} and {@code wal}, and the keys beyond it.
     *
     * @param retryOnFailure backoff for retryable failures (5xx, 429, network errors)
     * @param remoteWriteQueue the send queue
     * @param maxBatchSizeBytes the largest uncompressed request body
     * @param maxSamplesPerSend the most samples in one request
     * @param protobufMessage remote write 1.0 or 2.0
     * @param wal the Collector's write-ahead log settings, or null when absent (never used here)
     * @param onFailure what happens to a batch that cannot be delivered after retries
     * @param deadLetter where dropped points are written, or null when they are only counted
     */
    public record Sending(RetryOnFailure retryOnFailure, RemoteWriteQueue remoteWriteQueue, long maxBatchSizeBytes,
            int maxSamplesPerSend, ProtobufMessage protobufMessage, @Nullable Wal wal, OnFailure onFailure,
            @Nullable DeadLetterConfig deadLetter)
            implements Serializable {

        /** Without dead letters. */
        public Sending(RetryOnFailure retryOnFailure, RemoteWriteQueue remoteWriteQueue, long maxBatchSizeBytes,
                int maxSamplesPerSend, ProtobufMessage protobufMessage, @Nullable Wal wal, OnFailure onFailure) {
            this(retryOnFailure, remoteWriteQueue, maxBatchSizeBytes, maxSamplesPerSend, protobufMessage, wal,
                    onFailure, null);
        }

        public static final long DEFAULT_MAX_BATCH_SIZE_BYTES = 3_000_000L;
        // Prometheus' own default: with 5 consumers and ~100 ms per request, 2000 samples per
        // request is ~100k samples/s per sink subtask before requests overlap.
        public static final int DEFAULT_MAX_SAMPLES_PER_SEND = 2000;
    }

    /**
     * How OTLP metrics become Prometheus series.
     *
     * @param namespace prefix of metric names ({@code ns_}), empty for none
     * @param externalLabels labels added to every series
     * @param resourceToTelemetryConversion copy all resource attributes to every series
     * @param targetInfo write the {@code target_info} series per resource
     * @param addMetricSuffixes append unit and type suffixes ({@code _seconds}, {@code _total})
     * @param translationStrategy how names are translated; null to follow {@code addMetricSuffixes}
     * @param sendMetadata send metric metadata (type, help, unit)
     */
    public record Translation(String namespace, Map<String, String> externalLabels, boolean resourceToTelemetryConversion,
            boolean targetInfo, boolean addMetricSuffixes, @Nullable TranslationStrategy translationStrategy,
            boolean sendMetadata) implements Serializable {

        public Translation {
            externalLabels = Collections.unmodifiableMap(new LinkedHashMap<>(externalLabels));
        }

        /** The strategy in effect: {@link #translationStrategy()}, or the one {@link #addMetricSuffixes()} implies. */
        public TranslationStrategy effectiveTranslationStrategy() {
            if (translationStrategy != null) {
                return translationStrategy;
            }
            return addMetricSuffixes
                    ? TranslationStrategy.UNDERSCORE_ESCAPING_WITH_SUFFIXES
                    : TranslationStrategy.UNDERSCORE_ESCAPING_WITHOUT_SUFFIXES;
        }
    }

    /**
     * Credentials. At most one of {@code basic}, {@code bearerToken}, {@code bearerTokenFile} is set.
     * With {@code authenticator} (an extension id), the loader has filled them from that extension and
     * set {@code extension} to its config, for what goes beyond a user and a token (a bearer token's
     * header and scheme, the headers of {@code headers_setter}, an OAuth2 client's token endpoint).
     */
    public record Auth(
            @Nullable String authenticator,
            @Nullable BasicAuth basic,
            @Nullable String bearerToken,
            @Nullable String bearerTokenFile,
            @Nullable AuthenticatorConfig extension)
            implements Serializable {

        /** No credentials. */
        public static final Auth NONE = new Auth(null, null, null, null);

        /** Credentials set in the exporter itself, or an authenticator not resolved yet. */
        public Auth(@Nullable String authenticator, @Nullable BasicAuth basic, @Nullable String bearerToken,
                @Nullable String bearerTokenFile) {
            this(authenticator, basic, bearerToken, bearerTokenFile, null);
        }

        @Override
        public String toString() {
            return "Auth[authenticator=" + authenticator + ", basic=" + basic
                    + ", bearerToken=" + (bearerToken == null ? "null" : "[REDACTED]")
                    + ", bearerTokenFile=" + bearerTokenFile + ", extension=" + extension + "]";
        }
    }

    /**
     * HTTP basic authentication; exactly one of {@code password} and {@code passwordFile} is set.
     *
     * @param username the user
     * @param password the password, or null
     * @param passwordFile a file holding the password, read again at most once a second, or null
     */
    public record BasicAuth(String username, @Nullable String password, @Nullable String passwordFile)
            implements Serializable {

        @Override
        public String toString() {
            return "BasicAuth[username=" + username + ", password=" + (password == null ? "null" : "[REDACTED]")
                    + ", passwordFile=" + passwordFile + "]";
        }
    }

    /**
     * Exponential backoff with jitter, as the Collector's {@code retry_on_failure}.
     *
     * @param enabled retry at all
     * @param initialInterval the first wait
     * @param randomizationFactor each wait is randomized by ± this fraction
     * @param multiplier growth of the wait per attempt
     * @param maxInterval the longest wait
     * @param maxElapsedTime give up after this long; zero for never
     */
    public record RetryOnFailure(
            boolean enabled,
            Duration initialInterval,
            double randomizationFactor,
            double multiplier,
            Duration maxInterval,
            Duration maxElapsedTime)
            implements Serializable {

        public static final RetryOnFailure DEFAULT = new RetryOnFailure(
                true, Duration.ofMillis(50), 0.5, 1.5, Duration.ofSeconds(30), Duration.ofMinutes(5));
    }

    /**
     * The send queue, mapped onto the sink. {@code num_consumers}: requests in flight at once per
     * sink subtask, each over its own share of the series (lanes by series fingerprint), so a
     * series' samples stay in order through retries, which the Collector gives up for
     * concurrency. Default 1, not the Collector's 5: one request in flight keeps batches full, and
     * parallelism already sends concurrently. {@code queue_size}: the most samples a sink subtask
     * buffers before it backpressures (samples, not the Collector's batches: the buffer holds
     * samples), raised to two batches per consumer so batches can fill. {@code enabled: false} is
     * refused: the sink always buffers, in checkpointed state.
     *
     * @param enabled always true (false is refused)
     * @param queueSize samples a sink subtask may buffer
     * @param numConsumers requests in flight at once per sink subtask, over disjoint series
     */
    public record RemoteWriteQueue(boolean enabled, int queueSize, int numConsumers) implements Serializable {

        public static final RemoteWriteQueue DEFAULT = new RemoteWriteQueue(true, 10_000, 1);
    }

    /**
     * The Collector's write-ahead log. Accepted so Collector files load; not used, because
     * unsent data is kept in Flink checkpoints.
     *
     * @param directory where the Collector would keep it, or null
     * @param bufferSize entries read per batch
     * @param truncateFrequency how often it would be truncated
     */
    public record Wal(@Nullable String directory, int bufferSize, Duration truncateFrequency) implements Serializable {

        public static final int DEFAULT_BUFFER_SIZE = 300;
        public static final Duration DEFAULT_TRUNCATE_FREQUENCY = Duration.ofMinutes(1);
    }

    /**
     * How the keyed step orders each series' samples (beyond the Collector).
     *
     * @param reorderWindow how long samples are held beyond the moment every source reached their
     *     arrival time, or null for the pipeline's batch processor {@code timeout} (200ms without one)
     * @param outOfOrderTimeWindow late samples (not deltas) at most this much older than the
     *     series' newest are still sent; zero drops every late sample
     */
    public record Ordering(@Nullable Duration reorderWindow, Duration outOfOrderTimeWindow) implements Serializable {
        public static final Ordering DEFAULT = new Ordering(null, Duration.ZERO);
    }

    /** The protobuf message sent, which selects the remote-write protocol version. */
    public enum ProtobufMessage implements ConfigEnum {
        /** Remote write 1.0 (the default). */
        PROMETHEUS_WRITE_REQUEST("prometheus.WriteRequest"),
        /** Remote write 2.0 (experimental), falling back to 1.0 on 415. */
        IO_PROMETHEUS_WRITE_V2_REQUEST("io.prometheus.write.v2.Request");

        private final String configName;

        ProtobufMessage(String configName) {
            this.configName = configName;
        }

        @Override
        public String configName() {
            return configName;
        }
    }

    /** How OTLP names become Prometheus names (the Collector's and Prometheus' strategies). */
    public enum TranslationStrategy implements ConfigEnum {
        /** Invalid characters become {@code _}; unit and type suffixes are added. */
        UNDERSCORE_ESCAPING_WITH_SUFFIXES("UnderscoreEscapingWithSuffixes"),
        /** Invalid characters become {@code _}; no suffixes. */
        UNDERSCORE_ESCAPING_WITHOUT_SUFFIXES("UnderscoreEscapingWithoutSuffixes"),
        /** Names keep their UTF-8 characters; suffixes are added. */
        NO_UTF8_ESCAPING_WITH_SUFFIXES("NoUTF8EscapingWithSuffixes"),
        /** Names are passed through unchanged. */
        NO_TRANSLATION("NoTranslation");

        private final String configName;

        TranslationStrategy(String configName) {
            this.configName = configName;
        }

        @Override
        public String configName() {
            return configName;
        }

        /** True when label and metric names are rewritten to {@code [a-zA-Z0-9_:]}. */
        public boolean escapesNames() {
            return this == UNDERSCORE_ESCAPING_WITH_SUFFIXES || this == UNDERSCORE_ESCAPING_WITHOUT_SUFFIXES;
        }

        /** True when unit, {@code _total} and {@code _ratio} suffixes are appended. */
        public boolean addsSuffixes() {
            return this == UNDERSCORE_ESCAPING_WITH_SUFFIXES || this == NO_UTF8_ESCAPING_WITH_SUFFIXES;
        }
    }

    /** What happens to samples that could not be delivered once retries are exhausted. */
    public enum OnFailure implements ConfigEnum {
        /** Count them as dropped (with the reason), log once, and go on (the Collector's behaviour). */
        DROP("drop"),
        /** Fail the job, so it restarts from the last checkpoint and tries again. */
        FAIL("fail");

        private final String configName;

        OnFailure(String configName) {
            this.configName = configName;
        }

        @Override
        public String configName() {
            return configName;
        }
    }

    @Override
    public String describe() {
        return ExporterPlanText.of(this, null);
    }

    /**
     * As {@link #describe()}, with the request and buffer sizes this exporter has in a pipeline
     * with {@code batch}: its batch size is the samples per request, and the buffer holds at
     * least two of them per consumer.
     */
    public String describe(@Nullable BatchProcessorConfig batch) {
        return ExporterPlanText.of(this, batch);
    }
}
