package io.github.otelflink.connectors.otlp;

import java.io.Serializable;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.annotation.Nullable;

/**
 * Settings of the {@link OtlpIngressSource}, named and defaulted as the Collector's {@code otlp}
 * receiver where it has them:
 *
 * <pre>{@code
 * OtlpIngressOptions options = OtlpIngressOptions.builder()
 *         .grpc(OtlpIngressOptions.Grpc.at("0.0.0.0:4317").withTls(TlsServerOptions.of("tls.crt", "tls.key")))
 *         .http(OtlpIngressOptions.Http.at("0.0.0.0:4318").withAuth(BearerTokenAuth.tokenFile("/secrets/token")))
 *         .ack(AckMode.CHECKPOINT)
 *         .build();
 * }</pre>
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><td>{@code grpc}</td><td>{@code 0.0.0.0:4317}, 4 MiB messages, no TLS, no auth; null disables it</td></tr>
 *   <tr><td>{@code http}</td><td>{@code 0.0.0.0:4318}, {@code POST /v1/metrics}, 20 MiB bodies (after
 *       decompression too), no TLS, no auth; null disables it</td></tr>
 *   <tr><td>{@code healthCheckEndpoint}</td><td>{@code 0.0.0.0:13133}; null disables it</td></tr>
 *   <tr><td>{@code healthCheckPath}</td><td>{@code /}: the one path the health check answers on</td></tr>
 *   <tr><td>{@code ack}</td><td>{@link AckMode#ACCEPTED}</td></tr>
 *   <tr><td>{@code maxPendingRequests}</td><td>64 per source subtask; as many more wait for room, then 429 / {@code RESOURCE_EXHAUSTED}</td></tr>
 *   <tr><td>{@code retryAfter}</td><td>1 s, sent with 429 and 503 answers; also the longest a request waits for room</td></tr>
 * </table>
 *
 * <p>Why 64: the OpenTelemetry SDKs and the Collector send at most a few concurrent requests per
 * client, each typically well under 1 MiB, so 64 queued requests absorb a burst from dozens of
 * clients while a subtask holds at most 64 decoded requests in memory.
 *
 * @param grpc the OTLP/gRPC server, or null for none
 * @param http the OTLP/HTTP server, or null for none
 * @param healthCheckEndpoint {@code host:port} of the health check, or null for none
 * @param healthCheckPath the HTTP path the health check answers on; other paths get 404
 * @param ack when clients are answered
 * @param maxPendingRequests decoded requests a source subtask queues before refusing more
 * @param retryAfter the delay clients are asked to wait after 429 or 503, and the longest a request
 *     waits for room in a full queue before it is refused
 * @param passUndecoded binary protobuf bodies that {@code OtlpWireScan} accepts are emitted as
 *     {@code UndecodedRequest}s, decoded by whoever reads them; off, every request is decoded here
 */
public record OtlpIngressOptions(
        @Nullable Grpc grpc,
        @Nullable Http http,
        @Nullable String healthCheckEndpoint,
        String healthCheckPath,
        AckMode ack,
        int maxPendingRequests,
        Duration retryAfter,
        boolean passUndecoded)
        implements Serializable {

    public static final String DEFAULT_GRPC_ENDPOINT = "0.0.0.0:4317";
    public static final String DEFAULT_HTTP_ENDPOINT = "0.0.0.0:4318";
    public static final String DEFAULT_HEALTH_CHECK_ENDPOINT = "0.0.0.0:13133";
    public static final String DEFAULT_HEALTH_CHECK_PATH = "/";
    public static final String DEFAULT_METRICS_URL_PATH = "/v1/metrics";
    public static final int DEFAULT_MAX_RECV_MSG_SIZE_MIB = 4;
    public static final long DEFAULT_MAX_REQUEST_BODY_BYTES = 20L * 1024 * 1024;
    public static final int DEFAULT_MAX_PENDING_REQUESTS = 64;
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

    public OtlpIngressOptions {
        Objects.requireNonNull(healthCheckPath, "healthCheckPath");
        Objects.requireNonNull(ack, "ack");
        Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** Options whose requests are emitted decoded. */
    public OtlpIngressOptions(@Nullable Grpc grpc, @Nullable Http http, @Nullable String healthCheckEndpoint,
            String healthCheckPath, AckMode ack, int maxPendingRequests, Duration retryAfter) {
        this(grpc, http, healthCheckEndpoint, healthCheckPath, ack, maxPendingRequests, retryAfter, false);
    }

    /** Options with the health check on {@link #DEFAULT_HEALTH_CHECK_PATH}. */
    public OtlpIngressOptions(@Nullable Grpc grpc, @Nullable Http http, @Nullable String healthCheckEndpoint,
            AckMode ack, int maxPendingRequests, Duration retryAfter) {
        this(grpc, http, healthCheckEndpoint, DEFAULT_HEALTH_CHECK_PATH, ack, maxPendingRequests, retryAfter);
    }

    /**
     * The OTLP/gRPC server ({@code opentelemetry.proto.collector.metrics.v1.MetricsService/Export}).
     *
     * @param endpoint {@code host:port} to listen on
     * @param maxRecvMsgSizeMiB largest message accepted, in MiB, after decompression
     * @param tls TLS settings, or null for plain text
     * @param auth the bearer token clients must send, or null for none
     * @param metadataKeys the metadata keys captured as the request's client metadata
     *     ({@code include_metadata}; see {@code RequestMetadata}), empty for none
     */
    public record Grpc(String endpoint, int maxRecvMsgSizeMiB, @Nullable TlsServerOptions tls,
            @Nullable BearerTokenAuth auth, Set<String> metadataKeys) implements Serializable {

        public Grpc {
            Objects.requireNonNull(endpoint, "endpoint");
            metadataKeys = Set.copyOf(metadataKeys);
        }

        public Grpc(String endpoint, int maxRecvMsgSizeMiB, @Nullable TlsServerOptions tls,
                @Nullable BearerTokenAuth auth) {
            this(endpoint, maxRecvMsgSizeMiB, tls, auth, Set.of());
        }

        public Grpc withMetadataKeys(Set<String> metadataKeys) {
            return new Grpc(endpoint, maxRecvMsgSizeMiB, tls, auth, metadataKeys);
        }

        /** A plain-text gRPC server on {@code endpoint} with the default message size. */
        public static Grpc at(String endpoint) {
            return new Grpc(endpoint, DEFAULT_MAX_RECV_MSG_SIZE_MIB, null, null);
        }

        public Grpc withMaxRecvMsgSizeMiB(int maxRecvMsgSizeMiB) {
            return new Grpc(endpoint, maxRecvMsgSizeMiB, tls, auth, metadataKeys);
        }

        public Grpc withTls(@Nullable TlsServerOptions tls) {
            return new Grpc(endpoint, maxRecvMsgSizeMiB, tls, auth, metadataKeys);
        }

        public Grpc withAuth(@Nullable BearerTokenAuth auth) {
            return new Grpc(endpoint, maxRecvMsgSizeMiB, tls, auth, metadataKeys);
        }

        void validate(List<String> errors) {
            validateEndpoint("grpc.endpoint", endpoint, errors);
            if (maxRecvMsgSizeMiB < 1 || maxRecvMsgSizeMiB > 2047) {
                errors.add("grpc.maxRecvMsgSizeMiB: expected 1 to 2047, got " + maxRecvMsgSizeMiB);
            }
            if (tls != null) {
                tls.validate("grpc.tls", errors);
            }
            if (auth != null) {
                auth.validate("grpc.auth", errors);
            }
        }
    }

    /**
     * The OTLP/HTTP server: {@code POST} of {@code application/x-protobuf} or {@code
     * application/json}, optionally {@code gzip} or {@code deflate} encoded.
     *
     * @param endpoint {@code host:port} to listen on
     * @param maxRequestBodyBytes largest body accepted, checked on the received bytes and again on
     *     the decompressed ones (a gzip bomb is refused with 413)
     * @param tls TLS settings, or null for plain text
     * @param auth the bearer token clients must send, or null for none
     * @param metricsUrlPath the path export requests are posted to
     * @param metadataKeys the headers captured as the request's client metadata
     *     ({@code include_metadata}; see {@code RequestMetadata}), empty for none
     */
    public record Http(String endpoint, long maxRequestBodyBytes, @Nullable TlsServerOptions tls,
            @Nullable BearerTokenAuth auth, String metricsUrlPath, Set<String> metadataKeys) implements Serializable {

        public Http {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(metricsUrlPath, "metricsUrlPath");
            metadataKeys = Set.copyOf(metadataKeys);
        }

        public Http(String endpoint, long maxRequestBodyBytes, @Nullable TlsServerOptions tls,
                @Nullable BearerTokenAuth auth, String metricsUrlPath) {
            this(endpoint, maxRequestBodyBytes, tls, auth, metricsUrlPath, Set.of());
        }

        public Http withMetadataKeys(Set<String> metadataKeys) {
            return new Http(endpoint, maxRequestBodyBytes, tls, auth, metricsUrlPath, metadataKeys);
        }

        /** A plain-text HTTP server on {@code endpoint} with the default path and body size. */
        public static Http at(String endpoint) {
            return new Http(endpoint, DEFAULT_MAX_REQUEST_BODY_BYTES, null, null, DEFAULT_METRICS_URL_PATH);
        }

        public Http withMaxRequestBodyBytes(long maxRequestBodyBytes) {
            return new Http(endpoint, maxRequestBodyBytes, tls, auth, metricsUrlPath, metadataKeys);
        }

        public Http withTls(@Nullable TlsServerOptions tls) {
            return new Http(endpoint, maxRequestBodyBytes, tls, auth, metricsUrlPath, metadataKeys);
        }

        public Http withAuth(@Nullable BearerTokenAuth auth) {
            return new Http(endpoint, maxRequestBodyBytes, tls, auth, metricsUrlPath, metadataKeys);
        }

        public Http withMetricsUrlPath(String metricsUrlPath) {
            return new Http(endpoint, maxRequestBodyBytes, tls, auth, metricsUrlPath, metadataKeys);
        }

        void validate(List<String> errors) {
            validateEndpoint("http.endpoint", endpoint, errors);
            if (maxRequestBodyBytes < 1 || maxRequestBodyBytes > Integer.MAX_VALUE - 8) {
                errors.add("http.maxRequestBodyBytes: expected 1 to " + (Integer.MAX_VALUE - 8) + ", got "
                        + maxRequestBodyBytes);
            }
            if (!metricsUrlPath.startsWith("/")) {
                errors.add("http.metricsUrlPath: must start with /, got \"" + metricsUrlPath + "\"");
            }
            if (tls != null) {
                tls.validate("http.tls", errors);
            }
            if (auth != null) {
                auth.validate("http.auth", errors);
            }
        }
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Every problem of these options, in field order; empty when they are valid. */
    public List<String> validate() {
        List<String> errors = new ArrayList<>();
        if (grpc == null && http == null) {
            errors.add("grpc, http: enable at least one of the two servers");
        }
        if (grpc != null) {
            grpc.validate(errors);
        }
        if (http != null) {
            http.validate(errors);
        }
        if (healthCheckEndpoint != null) {
            validateEndpoint("healthCheckEndpoint", healthCheckEndpoint, errors);
        }
        if (!healthCheckPath.startsWith("/")) {
            errors.add("healthCheckPath: must start with /, got \"" + healthCheckPath + "\"");
        }
        if (maxPendingRequests < 1) {
            errors.add("maxPendingRequests: must be at least 1, got " + maxPendingRequests);
        }
        if (retryAfter.isNegative() || retryAfter.isZero()) {
            errors.add("retryAfter: must be positive, got " + retryAfter);
        }
        return errors;
    }

    /**
     * Parses {@code host:port}, {@code [ipv6]:port} or {@code :port} (all interfaces), the
     * Collector's endpoint forms, into an unresolved address.
     */
    static InetSocketAddress parseEndpoint(String endpoint) {
        int colon = endpoint.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("expected host:port, got \"" + endpoint + "\"");
        }
        String host = endpoint.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            host = "0.0.0.0";
        }
        int port;
        try {
            port = Integer.parseInt(endpoint.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected host:port, got \"" + endpoint + "\"");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    private static void validateEndpoint(String name, String endpoint, List<String> errors) {
        try {
            parseEndpoint(endpoint);
        } catch (IllegalArgumentException e) {
            errors.add(name + ": " + e.getMessage());
        }
    }

    /** Builds {@link OtlpIngressOptions}; {@link #build()} reports every invalid setting at once. */
    public static final class Builder {
        @Nullable private Grpc grpc = Grpc.at(DEFAULT_GRPC_ENDPOINT);
        @Nullable private Http http = Http.at(DEFAULT_HTTP_ENDPOINT);
        @Nullable private String healthCheckEndpoint = DEFAULT_HEALTH_CHECK_ENDPOINT;
        private String healthCheckPath = DEFAULT_HEALTH_CHECK_PATH;
        private AckMode ack = AckMode.ACCEPTED;
        private int maxPendingRequests = DEFAULT_MAX_PENDING_REQUESTS;
        private Duration retryAfter = DEFAULT_RETRY_AFTER;
        private boolean passUndecoded;

        private Builder() {}

        /** The gRPC server, or null to disable it. */
        public Builder grpc(@Nullable Grpc grpc) {
            this.grpc = grpc;
            return this;
        }

        /** The HTTP server, or null to disable it. */
        public Builder http(@Nullable Http http) {
            this.http = http;
            return this;
        }

        /** The health check's {@code host:port}, or null to disable it. */
        public Builder healthCheckEndpoint(@Nullable String healthCheckEndpoint) {
            this.healthCheckEndpoint = healthCheckEndpoint;
            return this;
        }

        /**
         * The health check's {@code host:port} (null disables it) and the path it answers on (null
         * for {@code /}), as the {@code health_check} extension's {@code endpoint} and {@code path}.
         */
        public Builder healthCheckEndpoint(@Nullable String healthCheckEndpoint, @Nullable String healthCheckPath) {
            this.healthCheckEndpoint = healthCheckEndpoint;
            this.healthCheckPath = healthCheckPath == null ? DEFAULT_HEALTH_CHECK_PATH : healthCheckPath;
            return this;
        }

        public Builder ack(AckMode ack) {
            this.ack = Objects.requireNonNull(ack, "ack");
            return this;
        }

        public Builder maxPendingRequests(int maxPendingRequests) {
            this.maxPendingRequests = maxPendingRequests;
            return this;
        }

        public Builder retryAfter(Duration retryAfter) {
            this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
            return this;
        }

        /**
         * Whether protobuf bodies the scan accepts go on undecoded ({@code UndecodedRequest}); for
         * a job whose every operator reading requests handles them. Off by default.
         */
        public Builder passUndecoded(boolean passUndecoded) {
            this.passUndecoded = passUndecoded;
            return this;
        }

        /** Validated options; the exception's message lists every problem. */
        public OtlpIngressOptions build() {
            OtlpIngressOptions options =
                    new OtlpIngressOptions(grpc, http, healthCheckEndpoint, healthCheckPath, ack, maxPendingRequests,
                            retryAfter, passUndecoded);
            List<String> errors = options.validate();
            if (!errors.isEmpty()) {
                throw new IllegalArgumentException("invalid OTLP ingress options: " + String.join("; ", errors));
            }
            return options;
        }
    }
}
