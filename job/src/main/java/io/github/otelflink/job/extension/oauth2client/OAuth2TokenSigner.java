package io.github.otelflink.job.extension.oauth2client;

import io.github.otelflink.sink.remotewrite.http.RequestSigner;
import io.github.otelflink.sink.remotewrite.tls.TlsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs remote-write requests with {@code Authorization: Bearer <access token>} for the {@code
 * oauth2client} extension. The token is fetched on the first request (not at start-up, so a job
 * whose token endpoint is down still starts and counts its failed requests), reused by every
 * request until {@code expiry_buffer} before it expires, and dropped when the endpoint answers 401
 * to it, so the client fetches a new one and sends the request once more.
 *
 * <p>A fetch blocks the sending thread for at most the token request's timeout; concurrent
 * requests wait for the same fetch instead of starting their own. A failed fetch fails the request
 * as a transport error: the sink counts it and retries it with backoff like any other.
 *
 * <p>Each subtask deserializes its own signer, so each caches its own token.
 */
public final class OAuth2TokenSigner implements RequestSigner {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(OAuth2TokenSigner.class);

    /**
     * A token this young that the endpoint refuses is not replaced: the endpoint would refuse its
     * successor too (wrong scope or audience), and replacing it on every 401 would send one token
     * request per remote-write request.
     */
    static final Duration MIN_AGE_TO_RENEW = Duration.ofSeconds(5);

    private final TokenSource source;
    private final Duration expiryBuffer;
    private final Clock clock;
    /** Guarded by {@code this}; transient: every subtask fetches its own. */
    @Nullable
    private transient Cached cached;

    /** The cached token with when it was fetched and when it stops being used (null: never). */
    private record Cached(String authorization, Instant fetchedAt, @Nullable Instant replaceAt) {}

    OAuth2TokenSigner(TokenSource source, Duration expiryBuffer, Clock clock) {
        this.source = source;
        this.expiryBuffer = expiryBuffer;
        this.clock = clock;
    }

    /**
     * The signer for an {@code oauth2client} extension.
     *
     * @param config the extension
     * @param tls TLS for the token endpoint, built from {@code config.tls()}
     * @param defaultTimeout bounds a token request when the extension's {@code timeout} is zero
     */
    public static OAuth2TokenSigner create(OAuth2ClientAuthExtensionConfig config, TlsOptions tls,
            Duration defaultTimeout) {
        Duration timeout = config.timeout().isZero() ? defaultTimeout : config.timeout();
        return new OAuth2TokenSigner(new ClientCredentialsTokenEndpoint(config, tls, timeout),
                config.expiryBuffer(), Clock.systemUTC());
    }

    @Override
    public void sign(String method, URI uri, Map<String, String> headers, byte[] body) {
        headers.put("Authorization", authorization());
    }

    /** The header value of a token valid now, fetched when there is none. */
    synchronized String authorization() {
        Instant now = clock.instant();
        if (cached == null || (cached.replaceAt() != null && !now.isBefore(cached.replaceAt()))) {
            AccessToken token;
            try {
                token = source.fetch();
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
            Instant fetchedAt = clock.instant();
            Instant replaceAt = token.lifetime() == null ? null : fetchedAt.plus(token.lifetime()).minus(expiryBuffer);
            cached = new Cached(token.authorization(), fetchedAt, replaceAt);
            LOG.debug("Fetched an OAuth2 access token valid for {}", token.lifetime());
        }
        return cached.authorization();
    }

    @Override
    public synchronized boolean unauthorized(Map<String, String> signedHeaders) {
        String sent = signedHeaders.get("Authorization");
        if (cached == null || !cached.authorization().equals(sent)) {
            // Another request already replaced the refused token: send again with the current one.
            return true;
        }
        if (clock.instant().isBefore(cached.fetchedAt().plus(MIN_AGE_TO_RENEW))) {
            return false;
        }
        LOG.info("The remote-write endpoint answered 401 to the OAuth2 access token: fetching a new one");
        cached = null;
        return true;
    }

    @Override
    public String toString() {
        return "OAuth2TokenSigner[" + source + "]";
    }
}
