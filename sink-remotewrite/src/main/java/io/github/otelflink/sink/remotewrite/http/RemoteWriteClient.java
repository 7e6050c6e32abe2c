package io.github.otelflink.sink.remotewrite.http;

import io.github.otelflink.sink.remotewrite.encode.EncodedRequest;
import io.github.otelflink.sink.remotewrite.encode.RemoteWriteProtocol;

import org.apache.flink.annotation.Internal;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Sends one encoded request to the receiver. The future completes with the receiver's answer,
 * or exceptionally on a transport error (connection refused, TLS failure, timeout). Batching,
 * retry and splitting sit above this interface, so they are tested against recording fakes.
 */
@Internal
public interface RemoteWriteClient extends AutoCloseable {
    /** Sends with the client's own headers only. */
    default CompletableFuture<RemoteWriteResponse> send(EncodedRequest request, RemoteWriteProtocol protocol) {
        return send(request, protocol, Map.of());
    }

    /**
     * Sends with {@code requestHeaders} on top of the client's own headers (the tenant of this
     * request); the protocol headers and credentials still win over both.
     */
    CompletableFuture<RemoteWriteResponse> send(
            EncodedRequest request, RemoteWriteProtocol protocol, Map<String, String> requestHeaders);

    @Override
    void close();
}
