package io.github.otelflink.sink.remotewrite.http;

import io.github.otelflink.sink.remotewrite.tls.TlsOptions;

import org.apache.flink.annotation.Internal;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where and how to send: the endpoint URL, extra headers (e.g. {@code X-Scope-OrgID}), the
 * per-request timeout, TLS, authentication and an optional request signer.
 */
@Internal
public record EndpointOptions(
        URI endpoint,
        Map<String, String> headers,
        Duration timeout,
        TlsOptions tls,
        AuthOptions auth,
        RequestSigner signer,
        String userAgent)
        implements Serializable {

    /** Headers the protocol fixes; user headers may not replace them. */
    public static final Set<String> PROTOCOL_HEADERS =
            Set.of("content-encoding", "content-type", "x-prometheus-remote-write-version", "user-agent");

    public static final String DEFAULT_USER_AGENT = "otel-flink-prometheus/0.1.0";

    public EndpointOptions {
        Objects.requireNonNull(endpoint, "endpoint");
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("endpoint: expected an http:// or https:// URL, got \"" + endpoint + "\"");
        }
        if (endpoint.getHost() == null) {
            throw new IllegalArgumentException("endpoint: no host in \"" + endpoint + "\"");
        }
        headers = headers == null ? Map.of() : Map.copyOf(new TreeMap<>(headers));
        for (String name : headers.keySet()) {
            if (PROTOCOL_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(
                        "headers." + name + ": this header is set by the remote-write protocol and cannot be overridden");
            }
        }
        timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        tls = tls == null ? TlsOptions.defaults() : tls;
        auth = auth == null ? AuthOptions.none() : auth;
        userAgent = userAgent == null ? DEFAULT_USER_AGENT : userAgent;
    }

    public static EndpointOptions of(URI endpoint) {
        return new EndpointOptions(endpoint, null, null, null, null, null, null);
    }

    /** Header values may hold secrets (tokens): never print them. */
    @Override
    public String toString() {
        return "EndpointOptions[endpoint=" + endpoint + ", headers=" + headers.keySet() + " (values redacted), timeout="
                + timeout + ", tls=" + tls + ", auth=" + auth + "]";
    }
}
