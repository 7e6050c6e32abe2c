package io.github.otelflink.sink.remotewrite.http;

import org.apache.flink.annotation.Internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.function.LongSupplier;

/**
 * The credentials header of one client, built from its {@link AuthOptions}: the header name and,
 * for each request, its value. Secrets in files are read through {@link SecretFile}, so a rotated
 * file is used within a second without being read for every request.
 */
@Internal
final class CredentialHeader {
    private final String name;
    private final String prefix;
    private final String secret;
    private final SecretFile secretFile;
    private final String basicUsername;

    private CredentialHeader(String name, String prefix, String secret, SecretFile secretFile, String basicUsername) {
        this.name = name;
        this.prefix = prefix;
        this.secret = secret;
        this.secretFile = secretFile;
        this.basicUsername = basicUsername;
    }

    /** The header for {@code auth}, or null when it sets no credentials. */
    static CredentialHeader of(AuthOptions auth, LongSupplier nanoTime) {
        if (auth.basicUsername() != null) {
            SecretFile file = auth.basicPasswordFile() == null
                    ? null : new SecretFile(Path.of(auth.basicPasswordFile()), false, nanoTime);
            String password = auth.basicPassword() == null ? "" : auth.basicPassword();
            return new CredentialHeader("Authorization", "Basic ", password, file, auth.basicUsername());
        }
        if (auth.bearerToken() == null && auth.bearerTokenFile() == null) {
            return null;
        }
        String prefix = auth.tokenScheme().isEmpty() ? "" : auth.tokenScheme() + " ";
        SecretFile file = auth.bearerTokenFile() == null
                ? null : new SecretFile(Path.of(auth.bearerTokenFile()), true, nanoTime);
        return new CredentialHeader(auth.tokenHeader(), prefix, auth.bearerToken(), file, null);
    }

    /** The header name, {@code Authorization} unless the options name another. */
    String name() {
        return name;
    }

    /** The header value for the next request; throws when a credentials file was never readable. */
    String value() {
        String current = secretFile != null ? secretFile.value() : secret;
        if (basicUsername != null) {
            String raw = basicUsername + ":" + current;
            return prefix + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }
        return prefix + current;
    }
}
