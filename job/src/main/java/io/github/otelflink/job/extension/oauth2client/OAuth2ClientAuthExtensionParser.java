package io.github.otelflink.job.extension.oauth2client;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.config.ConfigNode;
import io.github.otelflink.job.config.TlsClientConfig;
import io.github.otelflink.job.config.TlsConfigParser;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.annotation.Nullable;

/** Reads the {@code oauth2client} extension; see {@link OAuth2ClientAuthExtensionConfig} for the keys. */
public final class OAuth2ClientAuthExtensionParser {

    /** The only grant this job implements, and the Collector's default. */
    static final String CLIENT_CREDENTIALS = "client_credentials";

    /** The Collector's keys for the RFC 7523 jwt-bearer grant, which this job does not implement. */
    private static final List<String> JWT_BEARER_KEYS = List.of("audience", "claims", "client_certificate_key",
            "client_certificate_key_file", "client_certificate_key_id", "iss", "signature_algorithm");

    private OAuth2ClientAuthExtensionParser() {}

    /** Reads the extension's map; problems are reported on the node. Null when it has errors. */
    @Nullable
    public static OAuth2ClientAuthExtensionConfig parse(ComponentId id, ConfigNode node) {
        String clientId = node.optionalString("client_id");
        String clientIdFile = node.optionalString("client_id_file");
        String clientSecret = node.optionalString("client_secret");
        String clientSecretFile = node.optionalString("client_secret_file");
        // The Collector lets a file win over the value when both are set; one of them would be
        // ignored, so both is refused here.
        boolean ok = node.requireOneOf("client_id", "client_id_file") != null;
        ok &= node.requireOneOf("client_secret", "client_secret_file") != null;
        for (String key : List.of("client_id", "client_secret")) {
            // The Collector refuses an empty value as it refuses a missing one.
            if ("".equals(node.optionalString(key))) {
                node.error(key, "must not be empty");
                ok = false;
            }
        }
        URI tokenUrl = tokenUrl(node);
        ok &= tokenUrl != null;
        List<String> scopes = node.stringList("scopes");
        Map<String, List<String>> params = endpointParams(node);
        ok &= params != null;
        Duration timeout = node.duration("timeout", Duration.ZERO);
        Duration expiryBuffer = node.duration("expiry_buffer", OAuth2ClientAuthExtensionConfig.DEFAULT_EXPIRY_BUFFER);
        TlsClientConfig tls = TlsConfigParser.client(node.object("tls"));
        ok &= grantType(node);
        node.finish();
        return ok ? new OAuth2ClientAuthExtensionConfig(id, clientId, clientIdFile, clientSecret, clientSecretFile,
                tokenUrl, scopes, params, tls, timeout, expiryBuffer) : null;
    }

    @Nullable
    private static URI tokenUrl(ConfigNode node) {
        String text = node.requiredString("token_url");
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        node.error("token_url", "expected an http:// or https:// URL with a host, got " + ConfigNode.quote(text));
        return null;
    }

    /** {@code url.Values} in the Collector: each parameter one string or a list of strings. */
    @Nullable
    private static Map<String, List<String>> endpointParams(ConfigNode node) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        boolean ok = true;
        for (Map.Entry<String, ConfigNode> entry : node.object("endpoint_params").entries().entrySet()) {
            String name = entry.getKey();
            ConfigNode value = entry.getValue();
            List<String> values = new ArrayList<>();
            if (value.scalarText() != null) {
                values.add(value.scalarText());
            } else {
                for (ConfigNode element : value.elements()) {
                    if (element.scalarText() == null) {
                        element.error("expected a string, got " + element.describeValue());
                        ok = false;
                    } else {
                        values.add(element.scalarText());
                    }
                }
            }
            if (name.equals("scope")) {
                // golang.org/x/oauth2 fails every token request with "cannot overwrite parameter".
                value.error("cannot be set here: the token request's scope comes from scopes");
                ok = false;
            }
            params.put(name, List.copyOf(values));
        }
        return ok ? Map.copyOf(params) : null;
    }

    private static boolean grantType(ConfigNode node) {
        String grant = node.string("grant_type", CLIENT_CREDENTIALS);
        boolean ok = true;
        if (!grant.equals(CLIENT_CREDENTIALS)) {
            node.error("grant_type", "only \"client_credentials\" is supported, got " + ConfigNode.quote(grant)
                    + " (the jwt-bearer grant of RFC 7523 is not implemented)");
            ok = false;
        }
        for (String key : JWT_BEARER_KEYS) {
            if (node.has(key)) {
                if (key.equals("claims")) {
                    node.object(key);
                } else {
                    node.optionalString(key);
                }
                node.error(key, "is for grant_type urn:ietf:params:oauth:grant-type:jwt-bearer, which is not"
                        + " implemented (only client_credentials is): remove the key");
                ok = false;
            }
        }
        return ok;
    }
}
