package io.github.otelflink.job.extension.bearertokenauth;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.extension.AuthenticatorConfig;
import java.util.List;
import javax.annotation.Nullable;

/**
 * The Collector's {@code bearertokenauth} extension, client side: an exporter that names it in
 * {@code auth.authenticator} sends {@code <header>: <scheme> <token>}. Read by
 * {@link BearerTokenAuthExtensionParser}.
 * <pre>
 * extensions:
 *   bearertokenauth:
 *     token: ${env:TOKEN}     # or tokens: [a, b] (the first is sent, as in the Collector),
 *                             #   or filename: /run/secrets/token (its first line; read again at most once a second)
 *     scheme: Bearer          # default; any scheme, "" sends the token alone
 *     header: Authorization   # default; not one of the four headers the remote-write protocol sets
 * </pre>
 * The Collector's startup retries for a missing file ({@code retry_on_failure}, {@code file_retry},
 * {@code wait_for_token_file}) are refused: an unreadable file fails each request, which is retried.
 *
 * @param id the extension id
 * @param token the token sent, or null
 * @param filename a file holding the token (its first line), read again at most once a second, or null;
 *     exactly one of the two is set
 * @param header the header the token goes in
 * @param scheme the scheme before the token; empty for the token alone
 */
public record BearerTokenAuthExtensionConfig(ComponentId id, @Nullable String token, @Nullable String filename,
        String header, String scheme) implements AuthenticatorConfig {

    /** The Collector's default scheme. */
    public static final String SCHEME = "Bearer";
    /** The Collector's default header. */
    public static final String HEADER = "Authorization";

    /** With the Collector's defaults: {@code Authorization: Bearer <token>}. */
    public BearerTokenAuthExtensionConfig(ComponentId id, @Nullable String token, @Nullable String filename) {
        this(id, token, filename, HEADER, SCHEME);
    }

    @Override
    public List<String> headerNames() {
        return List.of(header);
    }

    @Override
    public String describe() {
        String sent = header.equals(HEADER) && scheme.equals(SCHEME) ? "bearer token"
                : "token in " + header + (scheme.isEmpty() ? " without a scheme" : " with scheme " + scheme);
        return sent + (filename != null ? " from " + filename : "");
    }

    @Override
    public String toString() {
        return "BearerTokenAuthExtensionConfig[id=" + id + ", token=" + (token == null ? "null" : "[REDACTED]")
                + ", filename=" + filename + ", header=" + header + ", scheme=" + scheme + "]";
    }
}
