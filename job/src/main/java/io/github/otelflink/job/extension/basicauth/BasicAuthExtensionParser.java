package io.github.otelflink.job.extension.basicauth;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.config.ConfigNode;
import javax.annotation.Nullable;

/** Reads the {@code basicauth} extension; see {@link BasicAuthExtensionConfig} for the keys. */
public final class BasicAuthExtensionParser {

    private BasicAuthExtensionParser() {}

    /** Reads the extension's map; problems are reported on the node. Null when it has errors. */
    @Nullable
    public static BasicAuthExtensionConfig parse(ComponentId id, ConfigNode node) {
        boolean htpasswd = node.has("htpasswd");
        if (htpasswd) {
            node.error("htpasswd", "not supported: htpasswd authenticates incoming requests (the server side),"
                    + " and this job's receivers do not take authenticators; use client_auth for an exporter");
        }
        ConfigNode client = node.object("client_auth");
        node.finish();
        if (!client.isPresent()) {
            if (!htpasswd) {
                node.error("client_auth is required: the username and password an exporter sends");
            }
            return null;
        }
        String username = client.requiredString("username");
        String password = client.optionalString("password");
        String passwordFile = client.optionalString("password_file");
        boolean usernameFile = client.has("username_file");
        if (usernameFile) {
            client.error("username_file", "not supported: set username (only the password can come from a file)");
        }
        boolean aws = client.has("aws_secrets_manager");
        if (aws) {
            client.error("aws_secrets_manager", "not supported: set password or password_file");
        }
        client.requireAtMostOneOf("password", "password_file");
        client.finish();
        if (username == null || htpasswd || usernameFile || aws || (password != null && passwordFile != null)) {
            return null;
        }
        return new BasicAuthExtensionConfig(id, username, password, passwordFile);
    }
}
