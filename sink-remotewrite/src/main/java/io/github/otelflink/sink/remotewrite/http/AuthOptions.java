package io.github.otelflink.sink.remotewrite.http;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Basic or bearer-token authentication. Passwords and tokens may come from files, which are read
 * for every request (as Prometheus does with {@code credentials_file}), so a rotated secret is used
 * without a restart.
 */
@PublicEvolving
public record AuthOptions(
        String basicUsername,
        String basicPassword,
        String basicPasswordFile,
        String bearerToken,
        String bearerTokenFile)
        implements Serializable {

    public AuthOptions {
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

    /** The {@code Authorization} header value for the next request, or null when none is set. */
    @Internal
    public String authorizationHeader() {
        if (basicUsername != null) {
            String password = basicPasswordFile != null ? readSecret(basicPasswordFile) : nullToEmpty(basicPassword);
            String raw = basicUsername + ":" + password;
            return "Basic " + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }
        if (bearerTokenFile != null) {
            return "Bearer " + readSecret(bearerTokenFile);
        }
        if (bearerToken != null) {
            return "Bearer " + bearerToken;
        }
        return null;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String readSecret(String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read credentials file " + file, e);
        }
    }

    /** Never prints secrets. */
    @Override
    public String toString() {
        if (basicUsername != null) {
            return "AuthOptions[basic, username=" + basicUsername + ", password=[REDACTED]]";
        }
        if (bearerToken != null || bearerTokenFile != null) {
            return "AuthOptions[bearer, token=[REDACTED]" + (bearerTokenFile != null ? ", file=" + bearerTokenFile : "") + "]";
        }
        return "AuthOptions[none]";
    }
}
