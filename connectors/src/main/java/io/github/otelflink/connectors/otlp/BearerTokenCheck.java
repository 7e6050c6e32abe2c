package io.github.otelflink.connectors.otlp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import javax.annotation.Nullable;

/**
 * Checks {@code Authorization: Bearer <token>} against a {@link BearerTokenAuth}, in constant
 * time. A token file is re-read when its modification time changes; if it cannot be read, the
 * last token read stays in force.
 */
final class BearerTokenCheck {

    private static final String PREFIX = "Bearer ";

    @Nullable private final Path tokenFile;
    private volatile byte[] expected;
    private volatile FileTime readAt;

    BearerTokenCheck(BearerTokenAuth auth) {
        if (auth.token() != null) {
            this.tokenFile = null;
            this.expected = auth.token().getBytes(StandardCharsets.UTF_8);
        } else {
            this.tokenFile = Path.of(auth.tokenFile());
            try {
                this.readAt = Files.getLastModifiedTime(tokenFile);
                this.expected = readToken(tokenFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the bearer token file " + tokenFile + ": " + e.getMessage(), e);
            }
        }
    }

    /** True when {@code authorization} (the header value, or null if absent) carries the token. */
    boolean allows(@Nullable String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        byte[] presented = authorization.substring(PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, currentToken());
    }

    private byte[] currentToken() {
        if (tokenFile != null) {
            try {
                FileTime modified = Files.getLastModifiedTime(tokenFile);
                if (!modified.equals(readAt)) {
                    expected = readToken(tokenFile);
                    readAt = modified;
                }
            } catch (IOException e) {
                // Keep the last token: a file briefly missing during rotation must not lock clients out.
            }
        }
        return expected;
    }

    private static byte[] readToken(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).trim().getBytes(StandardCharsets.UTF_8);
    }
}
