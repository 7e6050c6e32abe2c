package io.github.otelflink.sink.remotewrite.http;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.net.URI;
import java.util.Map;

/**
 * Adds authentication headers computed from the request itself (for example AWS SigV4), after
 * every other header is set. Implementations must be serializable: the sink is shipped to the
 * task managers.
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
}
