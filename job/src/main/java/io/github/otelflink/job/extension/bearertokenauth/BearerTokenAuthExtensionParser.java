package io.github.otelflink.job.extension.bearertokenauth;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.config.ConfigNode;
import javax.annotation.Nullable;

/** Reads the {@code bearertokenauth} extension; see {@link BearerTokenAuthExtensionConfig} for the keys. */
public final class BearerTokenAuthExtensionParser {

    private BearerTokenAuthExtensionParser() {}

    /** Reads the extension's map; problems are reported on the node. Null when it has errors. */
    @Nullable
    public static BearerTokenAuthExtensionConfig parse(ComponentId id, ConfigNode node) {
        String scheme = node.string("scheme", BearerTokenAuthExtensionConfig.SCHEME);
        String token = node.optionalString("token");
        String filename = node.optionalString("filename");
        String set = node.requireOneOf("token", "filename");
        node.finish();
        boolean ok = set != null;
        if (!scheme.equals(BearerTokenAuthExtensionConfig.SCHEME)) {
            node.error("scheme", "only \"Bearer\" is supported, got " + ConfigNode.quote(scheme)
                    + ": the remote-write client sends \"Authorization: Bearer <token>\" (remove the key)");
            ok = false;
        }
        return ok ? new BearerTokenAuthExtensionConfig(id, token, filename) : null;
    }
}
