package io.github.otelflink.job.receiver.otlp;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.config.ComponentParser;
import io.github.otelflink.job.config.ConfigNode;
import io.github.otelflink.job.config.Endpoints;
import io.github.otelflink.job.config.TlsConfigParser;
import io.github.otelflink.job.config.TlsServerConfig;
import javax.annotation.Nullable;

/** Reads the {@code otlp} receiver; see {@link OtlpReceiverConfig} for keys and defaults. */
public final class OtlpReceiverParser implements ComponentParser<OtlpReceiverConfig> {

    @Override
    public OtlpReceiverConfig parse(ComponentId id, ConfigNode node) {
        ConfigNode protocols = node.object("protocols");
        OtlpReceiverConfig.Grpc grpc = protocols.has("grpc") ? grpc(protocols.object("grpc")) : null;
        OtlpReceiverConfig.Http http = protocols.has("http") ? http(protocols.object("http")) : null;
        if (!protocols.has("grpc") && !protocols.has("http")) {
            node.error("protocols", "enable at least one protocol: grpc or http");
        }
        protocols.finish();
        OtlpReceiverConfig.Ack ack = node.choice("ack", OtlpReceiverConfig.Ack.ACCEPTED, OtlpReceiverConfig.Ack.class);
        node.finish();
        return new OtlpReceiverConfig(id, grpc, http, ack, java.util.Set.of());
    }

    private static OtlpReceiverConfig.Grpc grpc(ConfigNode node) {
        String endpoint = Endpoints.hostPort(node, "endpoint", OtlpReceiverConfig.DEFAULT_GRPC_ENDPOINT);
        int maxSize = node.positiveInt("max_recv_msg_size_mib", OtlpReceiverConfig.DEFAULT_MAX_RECV_MSG_SIZE_MIB);
        TlsServerConfig tls = TlsConfigParser.server(node.object("tls"));
        OtlpReceiverConfig.BearerTokenAuth auth = auth(node.object("auth"));
        boolean includeMetadata = node.bool("include_metadata", false);
        node.finish();
        return new OtlpReceiverConfig.Grpc(endpoint, maxSize, tls, auth, includeMetadata);
    }

    private static OtlpReceiverConfig.Http http(ConfigNode node) {
        String endpoint = Endpoints.hostPort(node, "endpoint", OtlpReceiverConfig.DEFAULT_HTTP_ENDPOINT);
        long maxSize = node.byteSize("max_request_body_size", OtlpReceiverConfig.DEFAULT_MAX_REQUEST_BODY_SIZE);
        if (maxSize == 0) {
            node.error("max_request_body_size", "must be greater than 0");
        }
        TlsServerConfig tls = TlsConfigParser.server(node.object("tls"));
        OtlpReceiverConfig.BearerTokenAuth auth = auth(node.object("auth"));
        boolean includeMetadata = node.bool("include_metadata", false);
        node.finish();
        return new OtlpReceiverConfig.Http(endpoint, maxSize, tls, auth, includeMetadata);
    }

    @Nullable
    private static OtlpReceiverConfig.BearerTokenAuth auth(ConfigNode node) {
        if (!node.isPresent()) {
            return null;
        }
        if (node.hasValue("authenticator")) {
            node.error("authenticator", "Collector authenticator extensions are not available here;"
                    + " use bearer_token or bearer_token_file");
        }
        String token = node.optionalString("bearer_token");
        String tokenFile = node.optionalString("bearer_token_file");
        if (!node.hasValue("authenticator")) {
            node.requireOneOf("bearer_token", "bearer_token_file");
        }
        node.finish();
        return token == null && tokenFile == null ? null : new OtlpReceiverConfig.BearerTokenAuth(token, tokenFile);
    }
}
