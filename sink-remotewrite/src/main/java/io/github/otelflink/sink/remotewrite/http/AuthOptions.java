package io.github.otelflink.sink.remotewrite.http;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.util.Locale;

/**
 * Basic or bearer-token authentication. Passwords and tokens may come from files, which are read
 * again at most once a second while the sink runs, so a rotated secret is used without a restart
 * and without reading the file for every request. A token is sent as {@code <tokenHeader>:
 * <tokenScheme> <token>}, by default {@code Authorization: Bearer <token>} (an empty scheme sends the
 * token alone), as the Collector's {@code bearertokenauth} extension does with {@code header} and
 * {@code scheme}.
 */
@PublicEvolving
public record AuthOptions(
        String basicUsername,
        String basicPassword,
        String basicPasswordFile,
        String bearerToken,
        String bearerTokenFile,
        String tokenHeader,
        String tokenScheme)
        implements Serializable {

    /** The header a token goes in unless {@link #withTokenHeader} names another. */
    public static final String DEFAULT_TOKEN_HEADER = "Authorization";
    /** The scheme before a token unless {@link #withTokenHeader} sets another. */
    public static final String DEFAULT_TOKEN_SCHEME = "Bearer";

    /** Basic auth or a token in {@code Authorization: Bearer <token>}. */
    public AuthOptions(String basicUsername, String basicPassword, String basicPasswordFile, String bearerToken,
            String bearerTokenFile) {
        this(basicUsername, basicPassword, basicPasswordFile, bearerToken, bearerTokenFile, null, null);
    }

    public AuthOptions {
        tokenHeader = tokenHeader == null ? DEFAULT_TOKEN_HEADER : tokenHeader;
        tokenScheme = tokenScheme == null ? DEFAULT_TOKEN_SCHEME : tokenScheme;
        if (tokenHeader.isBlank()) {
            throw new IllegalArgumentException("auth: the token header name is empty");
        }
        if (EndpointOptions.PROTOCOL_HEADERS.contains(tokenHeader.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("auth: the token cannot go in " + tokenHeader
                    + ": the remote-write protocol sets that header");
        }
        boolean basic = basicUsername != null;
        boolean bearer = bearerToken != null || bearerTokenFile != null;
        if (basic && bearer) {
            throw new IllegalArgumentException("auth: configure either basic auth or a bearer token, not both");
        }
        if (basicPassword != null && basicPasswordFile != null) {
            throw new IllegalArgumentException("auth.basic: set password or password_file, not both");
        }
        if (!basic && (basicPassword != null || basicPasswordFile != null)) {
            throw new IllegalArgumentException("auth.basic.username is required with a password");
        }
        if (bearerToken != null && bearerTokenFile != null) {
            throw new IllegalArgumentException("auth: set bearer_token or bearer_token_file, not both");
        }
    }

    public static AuthOptions none() {
        return new AuthOptions(null, null, null, null, null);
    }

    public static AuthOptions basic(String username, String password) {
        return new AuthOptions(username, password, null, null, null);
    }

    public static AuthOptions basicWithPasswordFile(String username, String passwordFile) {
        return new AuthOptions(username, null, passwordFile, null, null);
    }

    public static AuthOptions bearer(String token) {
        return new AuthOptions(null, null, null, token, null);
    }

    public static AuthOptions bearerFromFile(String tokenFile) {
        return new AuthOptions(null, null, null, null, tokenFile);
    }

    /**
     * These options with the token sent in {@code header} as {@code <scheme> <token>} ({@code scheme}
     * empty: the token alone), as the Collector's bearertokenauth {@code header} and {@code scheme}.
     */
    public AuthOptions withTokenHeader(String header, String scheme) {
        return new AuthOptions(basicUsername, basicPassword, basicPasswordFile, bearerToken, bearerTokenFile,
                header, scheme);
    }

    /** Never prints secrets. */
    @Override
    public String toString() {
        if (basicUsername != null) {
            return "AuthOptions[basic, username=" + basicUsername + ", password=[REDACTED]]";
        }
        if (bearerToken != null || bearerTokenFile != null) {
            return "AuthOptions[bearer, token=[REDACTED]" + (bearerTokenFile != null ? ", file=" + bearerTokenFile : "")
                    + (tokenHeader.equals(DEFAULT_TOKEN_HEADER) ? "" : ", header=" + tokenHeader)
                    + (tokenScheme.equals(DEFAULT_TOKEN_SCHEME) ? "" : ", scheme=\"" + tokenScheme + "\"") + "]";
        }
        return "AuthOptions[none]";
    }
}
