package io.github.otelflink.job.receiver.otlp;

import io.github.otelflink.job.config.ByteSizes;
import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.config.ConfigEnum;
import io.github.otelflink.job.config.TlsServerConfig;
import io.github.otelflink.job.receiver.ReceiverConfig;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
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
 *     http:
 *       endpoint: 0.0.0.0:4318           # default
 *       max_request_body_size: 20MiB     # default 20 MiB; bytes or a size string
 *   ack: accepted                        # beyond the Collector: accepted | checkpoint
 * </pre>
 *
 * @param id the component id
 * @param grpc the gRPC server, or null when {@code protocols.grpc} is absent
 * @param http the HTTP server, or null when {@code protocols.http} is absent
 * @param ack when a client's export request is answered
 */
public record OtlpReceiverConfig(ComponentId id, @Nullable Grpc grpc, @Nullable Http http, Ack ack)
        implements ReceiverConfig {

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
     */
    public record Grpc(String endpoint, int maxRecvMsgSizeMib, @Nullable TlsServerConfig tls,
            @Nullable BearerTokenAuth auth) implements Serializable {}

    /**
     * The HTTP server ({@code POST /v1/metrics}).
     *
     * @param endpoint {@code host:port} to listen on
     * @param maxRequestBodySize largest body accepted in bytes, applied after decompression too
     * @param tls TLS settings, or null for plain text
     * @param auth required credentials, or null for none
     */
    public record Http(String endpoint, long maxRequestBodySize, @Nullable TlsServerConfig tls,
            @Nullable BearerTokenAuth auth) implements Serializable {}

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
                    + ", max " + grpc.maxRecvMsgSizeMib() + "MiB");
        }
        if (http != null) {
            parts.add("OTLP/HTTP on " + http.endpoint() + (http.tls() != null ? " (TLS)" : "")
                    + ", max " + ByteSizes.format(http.maxRequestBodySize()));
        }
        parts.add("ack " + ack.configName());
        return String.join("; ", parts);
    }
}
