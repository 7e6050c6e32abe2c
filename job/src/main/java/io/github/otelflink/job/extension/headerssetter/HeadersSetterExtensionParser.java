package io.github.otelflink.job.extension.headerssetter;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.config.ConfigNode;
import io.github.otelflink.job.extension.headerssetter.HeaderAction.Action;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterParser;
import io.github.otelflink.sink.remotewrite.TenantRouting;
import io.github.otelflink.sink.remotewrite.http.EndpointOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.annotation.Nullable;

/** Reads the {@code headers_setter} extension; see {@link HeadersSetterExtensionConfig} for the keys. */
public final class HeadersSetterExtensionParser {

    private static final String NO_AUTH_DATA = "not supported: the job does not carry the authentication data of the"
            + " request that brought the data; set value, or from_context to copy one of its headers";

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
        int contextEntry = -1;
        for (int i = 0; i < entries.size(); i++) {
            ConfigNode entry = entries.get(i);
            HeaderAction header = header(entry, set);
            ok &= header != null;
            if (header != null) {
                headers.add(header);
            }
            if (entry.isMap() && entry.hasValue("from_context")) {
                if (contextEntry >= 0) {
                    entry.error("from_context", "only one entry may take from_context: its header becomes the"
                            + " exporter's tenant header (headers[" + contextEntry + "]), and each request carries one"
                            + " tenant; a second header per request would need requests split by both values, which"
                            + " is not supported");
                    ok = false;
                } else {
                    contextEntry = i;
                }
            }
        }
        ok &= onlyFromContextSets(entries, contextEntry);
        return ok ? new HeadersSetterExtensionConfig(id, headers) : null;
    }

    /** No entry other than the from_context one may touch the tenant header: it is set per request by tenant. */
    private static boolean onlyFromContextSets(List<ConfigNode> entries, int contextEntry) {
        if (contextEntry < 0) {
            return true;
        }
        String tenantHeader = entries.get(contextEntry).optionalString("key");
        boolean ok = true;
        for (int i = 0; i < entries.size(); i++) {
            ConfigNode entry = entries.get(i);
            if (i != contextEntry && tenantHeader != null && entry.isMap()
                    && tenantHeader.equalsIgnoreCase(entry.optionalString("key"))) {
                entry.error("key", tenantHeader + " is set per request from the request context by headers["
                        + contextEntry + "] (the tenant header): remove this entry");
                ok = false;
            }
        }
        return ok;
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
        String fromContext = entry.optionalString("from_context");
        String defaultValue = entry.optionalString("default_value");
        boolean ok = key != null && (written != null || !entry.hasValue("action"));
        if (entry.has("from_attribute")) {
            entry.error("from_attribute", NO_AUTH_DATA);
            ok = false;
        }
        if (entry.has("value_file")) {
            entry.error("value_file", "not supported yet: set value (${env:VAR} reads it from the environment)");
            ok = false;
        }
        if (value != null && fromContext != null) {
            entry.error("from_context", "only one of value and from_context may be set");
            ok = false;
        }
        if (fromContext != null && fromContext.isEmpty()) {
            entry.error("from_context", "must not be empty: the client's request header (metadata key) to copy");
            ok = false;
        }
        if (defaultValue != null && value != null) {
            entry.error("default_value", "only used when from_context finds nothing; next to value it is never sent"
                    + " (remove it)");
            ok = false;
        } else if (defaultValue != null && fromContext == null) {
            entry.error("default_value", "only used with from_context, when the request has no such key (remove it)");
            ok = false;
        }
        if (action == Action.DELETE) {
            if (value != null) {
                entry.error("value", "not used by action delete (remove it)");
                ok = false;
            }
            if (fromContext != null) {
                entry.error("from_context", "not used by action delete (remove it)");
                ok = false;
            }
        } else if (value == null && fromContext == null && !entry.has("from_context") && !entry.has("from_attribute")
                && !entry.has("value_file")) {
            entry.error("value is required: the header's value, or from_context (or action: delete)");
            ok = false;
        }
        if (fromContext != null && action == Action.UPDATE) {
            entry.error("action", "update is not supported with from_context: that header is the exporter's tenant"
                    + " header, which nothing else sets, so update would never set it; use upsert (the default) or insert");
            ok = false;
        }
        if (key != null && EndpointOptions.PROTOCOL_HEADERS.contains(key.toLowerCase(Locale.ROOT))) {
            entry.error("key", "cannot be " + ConfigNode.quote(key) + ": the remote-write protocol sets that header");
            ok = false;
        } else if (key != null && fromContext != null
                && PrometheusRemoteWriteExporterParser.tenantHeaderProblem(key) != null) {
            // A header taken from the request context is the exporter's tenant header.
            entry.error("key", PrometheusRemoteWriteExporterParser.tenantHeaderProblem(key));
            ok = false;
        }
        if (fromContext != null && defaultValue != null && !TenantRouting.isValidTenant(defaultValue)) {
            entry.error("default_value", PrometheusRemoteWriteExporterParser.defaultTenantProblem(defaultValue)
                    + "; it is the tenant of requests without " + fromContext);
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
        return new HeaderAction(key, action, value, fromContext, fromContext == null ? null : defaultValue);
    }
}
