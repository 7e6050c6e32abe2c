package io.github.otelflink.job.extension.headerssetter;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.extension.AuthenticatorConfig;
import java.util.List;
import java.util.stream.Collectors;
import javax.annotation.Nullable;

/**
 * The Collector's {@code headers_setter} extension: an exporter that names it in
 * {@code auth.authenticator} sets, updates or deletes request headers, in the listed order. Read by
 * {@link HeadersSetterExtensionParser}.
 * <pre>
 * extensions:
 *   headers_setter:
 *     headers:
 *       - key: X-Scope-OrgID
 *         value: tenant-1         # a static value
 *         action: upsert          # default; insert, update, upsert, delete
 *       - key: X-Debug
 *         action: delete
 *       - key: X-Scope-OrgID
 *         from_context: X-Scope-OrgID # the client's request header (needs include_metadata)
 *         default_value: anonymous    # when the request has none
 * </pre>
 * An entry {@code from_context} is the exporter's tenant routing ({@code TenantRoutingConfig}):
 * each request carries one tenant, with series state and lanes per tenant. At most one entry per
 * extension takes {@code from_context}, with {@code action} insert or upsert, and no other entry
 * may change its header. Refused: {@code from_attribute} (the job carries no authentication data
 * of the request that brought the data), {@code value_file}, {@code additional_auth}, and a key
 * the remote-write protocol sets.
 *
 * @param id the extension id
 * @param headers the actions, applied in order to every request
 */
public record HeadersSetterExtensionConfig(ComponentId id, List<HeaderAction> headers) implements AuthenticatorConfig {

    public HeadersSetterExtensionConfig {
        headers = List.copyOf(headers);
    }

    @Override
    public List<String> headerNames() {
        return headers.stream().map(HeaderAction::key).toList();
    }

    /** The entry that takes its value from the request context, and its index, or null. */
    @Nullable
    public HeaderAction fromContext() {
        return headers.stream().filter(h -> h.fromContext() != null).findFirst().orElse(null);
    }

    /** The position of {@link #fromContext()} among the headers, or -1. */
    public int fromContextIndex() {
        for (int i = 0; i < headers.size(); i++) {
            if (headers.get(i).fromContext() != null) {
                return i;
            }
        }
        return -1;
    }

    /** The actions and keys, never the values. */
    @Override
    public String describe() {
        return "headers " + headers.stream().map(h -> h.action().configName() + " " + h.key()
                        + (h.fromContext() == null ? "" : " from_context " + h.fromContext()))
                .collect(Collectors.joining(", "));
    }
}
