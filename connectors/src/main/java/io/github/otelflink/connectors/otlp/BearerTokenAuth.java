package io.github.otelflink.connectors.otlp;

import java.io.Serializable;
import java.util.List;
import javax.annotation.Nullable;

/**
 * A bearer token clients must send as {@code Authorization: Bearer <token>} (HTTP header or gRPC
 * metadata). Exactly one of the two is set; a token file is re-read when its modification time
 * changes, so a rotated token takes effect without a restart. The token is never logged and
 * {@link #toString()} shows it as {@code [REDACTED]}.
 *
 * @param token the token itself, or null
 * @param tokenFile a file holding the token (surrounding white space ignored), or null
 */
public record BearerTokenAuth(@Nullable String token, @Nullable String tokenFile) implements Serializable {

    /** Clients must send {@code token}. */
    public static BearerTokenAuth token(String token) {
        return new BearerTokenAuth(token, null);
    }

    /** Clients must send the token held in {@code tokenFile}. */
    public static BearerTokenAuth tokenFile(String tokenFile) {
        return new BearerTokenAuth(null, tokenFile);
    }

    void validate(String name, List<String> errors) {
        if ((token == null) == (tokenFile == null)) {
            errors.add(name + ": set exactly one of token and tokenFile");
        } else if (token != null && token.isBlank()) {
            errors.add(name + ".token: must not be empty");
        }
    }

    @Override
    public String toString() {
        return "BearerTokenAuth[token=" + (token == null ? "null" : "[REDACTED]") + ", tokenFile=" + tokenFile + "]";
    }
}
