package io.github.otelflink.job.extension.headerssetter;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.extension.AuthenticatorConfig;
import java.util.List;
import java.util.stream.Collectors;

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
 * </pre>
 * Refused: {@code from_context} and {@code from_attribute} (the job carries no client metadata or
 * authentication data of the request that brought the data, yet), with them {@code default_value},
 * {@code value_file}, {@code additional_auth}, and a key the remote-write protocol sets.
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

    /** The actions and keys, never the values. */
    @Override
    public String describe() {
        return "headers " + headers.stream().map(h -> h.action().configName() + " " + h.key())
                .collect(Collectors.joining(", "));
    }
}
