package io.github.otelflink.job.extension.oauth2client;

import java.time.Duration;
import java.util.Locale;
import javax.annotation.Nullable;

/**
 * An access token as the token endpoint issued it.
 *
 * @param value the token
 * @param type the {@code token_type}, or empty
 * @param lifetime the {@code expires_in}, or null when the endpoint gave none (the token is used until a 401)
 */
record AccessToken(String value, String type, @Nullable Duration lifetime) {

    /**
     * The {@code Authorization} header value. As golang.org/x/oauth2's {@code Token.Type()}: the
     * common types in their canonical case, and {@code Bearer} when the endpoint named none.
     */
    String authorization() {
        String scheme = switch (type.toLowerCase(Locale.ROOT)) {
            case "", "bearer" -> "Bearer";
            case "mac" -> "MAC";
            case "basic" -> "Basic";
            default -> type;
        };
        return scheme + " " + value;
    }

    @Override
    public String toString() {
        return "AccessToken[value=[REDACTED], type=" + type + ", lifetime=" + lifetime + "]";
    }
}
