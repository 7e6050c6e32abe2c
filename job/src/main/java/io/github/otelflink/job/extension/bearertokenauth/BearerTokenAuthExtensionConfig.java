package io.github.otelflink.job.extension.bearertokenauth;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.extension.AuthenticatorConfig;
import javax.annotation.Nullable;

/**
 * The Collector's {@code bearertokenauth} extension: an exporter that names it in
 * {@code auth.authenticator} sends {@code Authorization: Bearer <token>}. Read by
 * {@link BearerTokenAuthExtensionParser}.
 * <pre>
 * extensions:
 *   bearertokenauth:
 *     token: ${env:TOKEN}     # or filename: /run/secrets/token (re-read for every request)
 *     scheme: Bearer          # default; no other scheme is supported
 * </pre>
 *
 * @param id the extension id
 * @param token the token, or null
 * @param filename a file holding the token, re-read for every request, or null; exactly one of the two is set
 */
public record BearerTokenAuthExtensionConfig(ComponentId id, @Nullable String token, @Nullable String filename)
        implements AuthenticatorConfig {

    /** The only scheme the remote-write client sends. */
    public static final String SCHEME = "Bearer";

    @Override
    public String describe() {
        return "bearer token" + (filename != null ? " from " + filename : "");
    }

    @Override
    public String toString() {
        return "BearerTokenAuthExtensionConfig[id=" + id + ", token=" + (token == null ? "null" : "[REDACTED]")
                + ", filename=" + filename + "]";
    }
}
