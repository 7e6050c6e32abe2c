package io.github.otelflink.job.extension.basicauth;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.extension.AuthenticatorConfig;
import javax.annotation.Nullable;

/**
 * The Collector's {@code basicauth} extension, client side only: an exporter that names it in
 * {@code auth.authenticator} sends HTTP basic credentials. Read by {@link BasicAuthExtensionParser}.
 * <pre>
 * extensions:
 *   basicauth/prometheus:
 *     client_auth:
 *       username: alice
 *       password: ${env:PROM_PASSWORD}   # or password_file: /run/secrets/pw (read again at most once a second)
 * </pre>
 * {@code htpasswd} (the server side), {@code client_auth.username_file} and
 * {@code client_auth.aws_secrets_manager} are refused.
 *
 * @param id the extension id
 * @param username the user
 * @param password the password, or null (with no file either, the password is empty, as in the Collector)
 * @param passwordFile a file holding the password, read again at most once a second, or null
 */
public record BasicAuthExtensionConfig(ComponentId id, String username, @Nullable String password,
        @Nullable String passwordFile) implements AuthenticatorConfig {

    @Override
    public String describe() {
        return "basic auth for user " + username + (passwordFile != null ? ", password from " + passwordFile : "");
    }

    @Override
    public String toString() {
        return "BasicAuthExtensionConfig[id=" + id + ", username=" + username
                + ", password=" + (password == null ? "null" : "[REDACTED]") + ", passwordFile=" + passwordFile + "]";
    }
}
