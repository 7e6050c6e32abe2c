package io.github.otelflink.job.extension.healthcheck;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.config.ConfigNode;
import io.github.otelflink.job.config.Endpoints;

/** Reads the {@code health_check} extension; see {@link HealthCheckExtensionConfig} for keys and defaults. */
public final class HealthCheckExtensionParser {

    private HealthCheckExtensionParser() {}

    /** Reads the extension's map; problems are reported on the node. */
    public static HealthCheckExtensionConfig parse(ComponentId id, ConfigNode node) {
        String endpoint = Endpoints.hostPort(node, "endpoint", HealthCheckExtensionConfig.DEFAULT_ENDPOINT);
        String path = node.string("path", HealthCheckExtensionConfig.DEFAULT_PATH);
        if (!path.startsWith("/")) {
            node.error("path", "must start with /, got " + ConfigNode.quote(path));
        }
        node.finish();
        return new HealthCheckExtensionConfig(id, endpoint, path);
    }
}
