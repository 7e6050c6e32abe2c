package io.github.otelflink.job.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.annotation.Nullable;

/** Checks for {@code host:port} addresses and HTTP URLs. */
public final class Endpoints {

    // host may be empty (all interfaces, as in Go's ":4317"), a name, IPv4, or [IPv6].
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[^:\\[\\]/\\s]*):(\\d{1,5})");

    private Endpoints() {}

    /** True for {@code host:port} with a port from 0 to 65535; the host may be empty. */
    public static boolean isHostPort(String address) {
        Matcher matcher = HOST_PORT.matcher(address);
        return matcher.matches() && Integer.parseInt(matcher.group(2)) <= 65535;
    }

    /** Reads a {@code host:port} string, reporting it when malformed. */
    public static String hostPort(ConfigNode node, String key, String defaultValue) {
        String address = node.string(key, defaultValue);
        if (!isHostPort(address)) {
            node.error(key, "expected host:port like \"" + defaultValue + "\", got " + ConfigNode.quote(address));
        }
        return address;
    }

    /** Reads a required absolute http or https URL with a host. */
    @Nullable
    public static URI httpUrl(ConfigNode node, String key) {
        String text = node.requiredString(key);
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme();
            if (scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        node.error(key, "expected an http or https URL like \"https://prometheus:9090/api/v1/write\", got "
                + ConfigNode.quote(text));
        return null;
    }
}
