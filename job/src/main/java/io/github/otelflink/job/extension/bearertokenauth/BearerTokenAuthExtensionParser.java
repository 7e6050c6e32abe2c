package io.github.otelflink.job.extension.bearertokenauth;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.config.ConfigNode;
import io.github.otelflink.sink.remotewrite.http.EndpointOptions;
import java.util.List;
import java.util.Locale;
import javax.annotation.Nullable;

/** Reads the {@code bearertokenauth} extension; see {@link BearerTokenAuthExtensionConfig} for the keys. */
public final class BearerTokenAuthExtensionParser {

    /** The Collector's startup retries for a token file that is not there yet. */
    private static final List<String> FILE_RETRY_KEYS = List.of("retry_on_failure", "file_retry", "wait_for_token_file");

    private BearerTokenAuthExtensionParser() {}

    /** Reads the extension's map; problems are reported on the node. Null when it has errors. */
    @Nullable
    public static BearerTokenAuthExtensionConfig parse(ComponentId id, ConfigNode node) {
        String scheme = node.string("scheme", BearerTokenAuthExtensionConfig.SCHEME);
        String header = node.string("header", BearerTokenAuthExtensionConfig.HEADER);
        String token = node.optionalString("token");
        List<String> tokens = node.stringList("tokens");
        String filename = node.optionalString("filename");
        boolean ok = true;
        for (String key : FILE_RETRY_KEYS) {
            if (node.has(key)) {
                node.error(key, "not supported: a token file that cannot be read fails each request, and the exporter"
                        + " retries it like a network error until the file is there (remove the key)");
                ok = false;
            }
        }
        // The Collector ignores token(s) next to filename (with a warning); here nothing set is ignored.
        ok &= node.requireOneOf("token", "tokens", "filename") != null;
        if (node.hasValue("tokens") && tokens.isEmpty()) {
            node.error("tokens", "empty: list the token to send (an exporter sends the first)");
            ok = false;
        }
        if (header.isBlank()) {
            node.error("header", "empty: name the header the token goes in (default Authorization)");
            ok = false;
        } else if (EndpointOptions.PROTOCOL_HEADERS.contains(header.toLowerCase(Locale.ROOT))) {
            node.error("header", "cannot be " + ConfigNode.quote(header) + ": the remote-write protocol sets that header");
            ok = false;
        }
        node.finish();
        if (!ok) {
            return null;
        }
        // An exporter sends one token; of several, the Collector's client sends the first.
        String sent = token != null ? token : tokens.isEmpty() ? null : tokens.get(0);
        return new BearerTokenAuthExtensionConfig(id, sent, filename, header, scheme);
    }
}
