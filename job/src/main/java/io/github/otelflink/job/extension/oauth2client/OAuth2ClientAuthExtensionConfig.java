package io.github.otelflink.job.extension.oauth2client;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.config.GoDurations;
import io.github.otelflink.job.config.TlsClientConfig;
import io.github.otelflink.job.extension.AuthenticatorConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * The Collector's {@code oauth2client} extension: the OAuth2 client-credentials grant (RFC 6749
 * 4.4). An exporter that names it in {@code auth.authenticator} sends {@code Authorization: Bearer
 * <access token>}; the token is fetched on the first request, reused until {@code expiry_buffer}
 * before it expires, and fetched again after a 401. Read by {@link OAuth2ClientAuthExtensionParser}.
 * <pre>
 * extensions:
 *   oauth2client:
 *     client_id: my-app                   # or client_id_file
 *     client_secret: ${env:SECRET}        # or client_secret_file (read at every token request)
 *     token_url: https://login.example.com/oauth2/token
 *     scopes: [api.metrics]               # sent as "scope", space-separated
 *     endpoint_params: {audience: prom}   # more form parameters
 *     timeout: 5s                         # token request; 0 (default): the exporter's timeout
 *     expiry_buffer: 10s                  # default
 *     tls: {ca_file: /etc/ssl/ca.crt}     # for the token endpoint
 * </pre>
 *
 * @param id the extension id
 * @param clientId the client id, or null when {@code clientIdFile} is set
 * @param clientIdFile a file holding the client id, or null
 * @param clientSecret the client secret, or null when {@code clientSecretFile} is set
 * @param clientSecretFile a file holding the client secret, or null
 * @param tokenUrl the token endpoint
 * @param scopes requested scopes, possibly none
 * @param endpointParams more form parameters for the token request, each with one or more values
 * @param tls TLS for the token endpoint
 * @param timeout bound of one token request; zero: the exporter's timeout bounds it
 * @param expiryBuffer how long before its expiry a token is replaced
 */
public record OAuth2ClientAuthExtensionConfig(
        ComponentId id,
        @Nullable String clientId,
        @Nullable String clientIdFile,
        @Nullable String clientSecret,
        @Nullable String clientSecretFile,
        URI tokenUrl,
        List<String> scopes,
        Map<String, List<String>> endpointParams,
        TlsClientConfig tls,
        Duration timeout,
        Duration expiryBuffer)
        implements AuthenticatorConfig {

    /** golang.org/x/oauth2's default expiry delta, which the Collector's extension inherits. */
    public static final Duration DEFAULT_EXPIRY_BUFFER = Duration.ofSeconds(10);

    @Override
    public String describe() {
        return "OAuth2 client credentials for client " + (clientId != null ? clientId : "from " + clientIdFile)
                + " from " + tokenUrl
                + (scopes.isEmpty() ? "" : ", scopes " + String.join(" ", scopes))
                + (clientSecretFile != null ? ", secret from " + clientSecretFile : "")
                + (timeout.isZero() ? "" : ", timeout " + GoDurations.format(timeout));
    }

    /** Never prints the client secret, nor endpoint parameter values (some servers take assertions there). */
    @Override
    public String toString() {
        return "OAuth2ClientAuthExtensionConfig[id=" + id + ", clientId=" + clientId + ", clientIdFile=" + clientIdFile
                + ", clientSecret=" + (clientSecret == null ? "null" : "[REDACTED]")
                + ", clientSecretFile=" + clientSecretFile + ", tokenUrl=" + tokenUrl + ", scopes=" + scopes
                + ", endpointParams=" + endpointParams.keySet() + " (values redacted), tls=" + tls + ", timeout=" + timeout
                + ", expiryBuffer=" + expiryBuffer + "]";
    }
}
