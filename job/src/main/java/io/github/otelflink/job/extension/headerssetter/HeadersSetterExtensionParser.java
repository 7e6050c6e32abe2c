package io.github.otelflink.job.extension.headerssetter;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.config.ConfigNode;
import io.github.otelflink.job.extension.headerssetter.HeaderAction.Action;
import io.github.otelflink.sink.remotewrite.http.EndpointOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.annotation.Nullable;

/** Reads the {@code headers_setter} extension; see {@link HeadersSetterExtensionConfig} for the keys. */
public final class HeadersSetterExtensionParser {

    private static final String NO_REQUEST_METADATA = "not supported yet: the job does not carry the client"
            + " metadata of the request that brought the data (a later feature, with per-tenant routing); set value";

    private HeadersSetterExtensionParser() {}

    /** Reads the extension's map; problems are reported on the node. Null when it has errors. */
    @Nullable
    public static HeadersSetterExtensionConfig parse(ComponentId id, ConfigNode node) {
        boolean ok = true;
        if (node.has("additional_auth")) {
            node.error("additional_auth", "not supported yet: an exporter takes one authenticator here");
            ok = false;
        }
        List<ConfigNode> entries = node.list("headers");
        node.finish();
        if (entries.isEmpty()) {
            node.error("headers is required: the headers to set, each with key and value (or action: delete)");
            return null;
        }
        List<HeaderAction> headers = new ArrayList<>();
        // Keys an earlier entry sets: an update or delete of anything else finds nothing to change.
        Set<String> set = new HashSet<>();
        for (ConfigNode entry : entries) {
            HeaderAction header = header(entry, set);
            ok &= header != null;
            if (header != null) {
                headers.add(header);
            }
        }
        return ok ? new HeadersSetterExtensionConfig(id, headers) : null;
    }

    @Nullable
    private static HeaderAction header(ConfigNode entry, Set<String> set) {
        if (!entry.isMap()) {
            entry.error("expected a map with key and value, got " + entry.describeValue());
            return null;
        }
        String key = entry.requiredString("key");
        Action written = entry.optionalChoice("action", Action.class, true);
        Action action = written == null ? Action.UPSERT : written;
        String value = entry.optionalString("value");
        boolean ok = key != null && (written != null || !entry.hasValue("action"));
        for (String unsupported : List.of("from_context", "from_attribute")) {
            if (entry.has(unsupported)) {
                entry.error(unsupported, NO_REQUEST_METADATA);
                ok = false;
            }
        }
        if (entry.has("value_file")) {
            entry.error("value_file", "not supported yet: set value (${env:VAR} reads it from the environment)");
            ok = false;
        }
        if (entry.has("default_value") && value != null) {
            entry.error("default_value", "only used when from_context finds nothing; next to value it is never sent"
                    + " (remove it)");
            ok = false;
        }
        if (action == Action.DELETE) {
            if (value != null) {
                entry.error("value", "not used by action delete (remove it)");
                ok = false;
            }
        } else if (value == null && !entry.has("from_context") && !entry.has("from_attribute")
                && !entry.has("value_file")) {
            entry.error("value is required: the header's value (or action: delete)");
            ok = false;
        }
        if (key != null && EndpointOptions.PROTOCOL_HEADERS.contains(key.toLowerCase(Locale.ROOT))) {
            entry.error("key", "cannot be " + ConfigNode.quote(key) + ": the remote-write protocol sets that header");
            ok = false;
        }
        entry.finish();
        if (!ok) {
            return null;
        }
        String lower = key.toLowerCase(Locale.ROOT);
        if ((action == Action.UPDATE || action == Action.DELETE) && !set.contains(lower)) {
            entry.warn("action", action.configName() + " finds no " + key + " header: the exporter's headers may not"
                    + " set it (that is refused) and no earlier entry does, so this entry changes nothing");
        }
        if (action == Action.DELETE) {
            set.remove(lower);
        } else if (action != Action.UPDATE) {
            set.add(lower);
        }
        return new HeaderAction(key, action, value);
    }
}
