package io.github.otelflink.job.receiver.otlp;

import io.github.otelflink.job.config.ByteSizes;
import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.config.ConfigEnum;
import io.github.otelflink.job.config.TlsServerConfig;
import io.github.otelflink.job.receiver.ReceiverConfig;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.annotation.Nullable;

/**
 * The {@code otlp} receiver: OTLP metrics over gRPC and HTTP (protobuf or JSON).
 * <pre>
 * otlp:
 *   protocols:
 *     grpc:                              # present (even empty) = enabled
 *       endpoint: 0.0.0.0:4317           # default
 *       max_recv_msg_size_mib: 4         # default 4
 *       tls: {cert_file, key_file, client_ca_file, min_version}
 *       auth: {bearer_token: ...}        # or bearer_token_file
 *       include_metadata: false          # default; true keeps the client's metadata (see below)
 *     http:
 *       endpoint: 0.0.0.0:4318           # default
 *       max_request_body_size: 20MiB     # default 20 MiB; bytes or a size string
 *       include_metadata: false          # default; true keeps the client's request headers
 *   ack: accepted                        # beyond the Collector: accepted | checkpoint
 * </pre>
 * With {@code include_metadata}, the request's headers (gRPC metadata) go with its data to the
 * processors and exporters, for {@code from_context} ({@code headers_setter}, the exporter's
 * {@code tenant}, the {@code resource} processor). Unlike the Collector, only the keys some
 * {@code from_context} of a pipeline fed by this receiver reads are kept ({@code metadataKeys},
 * worked out by the loader): the others would cost memory and checkpoint space for nothing.
 *
 * @param id the component id
 * @param grpc the gRPC server, or null when {@code protocols.grpc} is absent
 * @param http the HTTP server, or null when {@code protocols.http} is absent
 * @param ack when a client's export request is answered
 * @param metadataKeys the metadata keys the pipelines read with {@code from_context} (not a
 *     config key: the loader sets it), captured by the protocols with {@code include_metadata}
 */
public record OtlpReceiverConfig(ComponentId id, @Nullable Grpc grpc, @Nullable Http http, Ack ack,
        Set<String> metadataKeys) implements ReceiverConfig {

    public OtlpReceiverConfig {
        metadataKeys = Set.copyOf(metadataKeys);
    }

    /** Whether any protocol keeps the client's metadata ({@code include_metadata: true}). */
    public boolean includesMetadata() {
        return (grpc != null && grpc.includeMetadata()) || (http != null && http.includeMetadata());
    }

    /** This receiver capturing {@code keys} (lower case) where {@code include_metadata} is on. */
    public OtlpReceiverConfig withMetadataKeys(Set<String> keys) {
        return new OtlpReceiverConfig(id, grpc, http, ack, keys);
    }

    public static final String DEFAULT_GRPC_ENDPOINT = "0.0.0.0:4317";
    public static final String DEFAULT_HTTP_ENDPOINT = "0.0.0.0:4318";
    public static final int DEFAULT_MAX_RECV_MSG_SIZE_MIB = 4;
    public static final long DEFAULT_MAX_REQUEST_BODY_SIZE = 20L * 1024 * 1024;

    /**
     * The gRPC server.
     *
     * @param endpoint {@code host:port} to listen on
     * @param maxRecvMsgSizeMib largest request accepted, in MiB
     * @param tls TLS settings, or null for plain text
     * @param auth required credentials, or null for none
     * @param includeMetadata whether the call's metadata goes with its data ({@code from_context})
     */
    public record Grpc(String endpoint, int maxRecvMsgSizeMib, @Nullable TlsServerConfig tls,
            @Nullable BearerTokenAuth auth, boolean includeMetadata) implements Serializable {}

    /**
     * The HTTP server ({@code POST /v1/metrics}).
     *
     * @param endpoint {@code host:port} to listen on
     * @param maxRequestBodySize largest body accepted in bytes, applied after decompression too
     * @param tls TLS settings, or null for plain text
     * @param auth required credentials, or null for none
     * @param includeMetadata whether the request's headers go with its data ({@code from_context})
     */
    public record Http(String endpoint, long maxRequestBodySize, @Nullable TlsServerConfig tls,
            @Nullable BearerTokenAuth auth, boolean includeMetadata) implements Serializable {}

    /**
     * A bearer token clients must send ({@code Authorization: Bearer <token>}); exactly one of
     * the two is set.
     *
     * @param token the token itself, or null
     * @param tokenFile a file holding the token, re-read when it changes, or null
     */
    public record BearerTokenAuth(@Nullable String token, @Nullable String tokenFile) implements Serializable {

        @Override
        public String toString() {
            return "BearerTokenAuth[token=" + (token == null ? "null" : "[REDACTED]") + ", tokenFile=" + tokenFile + "]";
        }
    }

    /** When the receiver answers a client. */
    public enum Ack implements ConfigEnum {
        /** As soon as the data is accepted into the job (the Collector's behaviour). */
        ACCEPTED("accepted"),
        /**
         * Only after the checkpoint that holds the data completes, so a client's retry closes
         * the at-least-once loop without Kafka; answers wait up to one checkpoint interval.
         */
        CHECKPOINT("checkpoint");

        private final String configName;

        Ack(String configName) {
            this.configName = configName;
        }

        @Override
        public String configName() {
            return configName;
        }
    }

    @Override
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (grpc != null) {
            parts.add("OTLP/gRPC on " + grpc.endpoint() + (grpc.tls() != null ? " (TLS)" : "")
                    + ", max " + grpc.maxRecvMsgSizeMib() + "MiB" + (grpc.includeMetadata() ? ", include_metadata" : ""));
        }
        if (http != null) {
            parts.add("OTLP/HTTP on " + http.endpoint() + (http.tls() != null ? " (TLS)" : "")
                    + ", max " + ByteSizes.format(http.maxRequestBodySize())
                    + (http.includeMetadata() ? ", include_metadata" : ""));
        }
        parts.add("ack " + ack.configName());
        if (includesMetadata()) {
            parts.add(metadataKeys.isEmpty() ? "no metadata key read by a pipeline"
                    : "keeps metadata " + String.join(", ", new java.util.TreeSet<>(metadataKeys)));
        }
        return String.join("; ", parts);
    }
}
