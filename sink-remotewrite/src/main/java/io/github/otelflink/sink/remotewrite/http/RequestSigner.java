package io.github.otelflink.sink.remotewrite.http;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.net.URI;
import java.util.Map;

/**
 * Adds authentication headers computed from the request itself (for example AWS SigV4) or
 * fetched for it (an OAuth2 access token), after every other header is set. Implementations must
 * be serializable: the sink is shipped to the task managers. {@link #sign} may run on the task
 * thread, the HTTP client's I/O thread or the retry timer, possibly at once.
 */
@PublicEvolving
@FunctionalInterface
public interface RequestSigner extends Serializable {
    /**
     * @param method the HTTP method
     * @param uri the endpoint
     * @param headers the headers so far; add or replace entries here
     * @param body the exact body that will be sent
     */
    void sign(String method, URI uri, Map<String, String> headers, byte[] body);

    /**
     * The endpoint answered 401 to a request signed with {@code signedHeaders}. Return true when
     * the signer has renewed its credentials (for example dropped an expired or revoked token), and
     * the client signs and sends that request once more; the second answer stands, even a 401.
     * The default keeps the 401.
     *
     * @param signedHeaders the headers the refused request carried, as {@link #sign} left them
     */
    default boolean unauthorized(Map<String, String> signedHeaders) {
        return false;
    }
}
