package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import io.github.otelflink.job.pdata.AttributeValues;
import io.github.otelflink.sink.remotewrite.TenantRouting;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.annotation.Nullable;

/**
 * Where a resource's tenant comes from: one resource attribute, read once per resource (never per
 * point), or the client's request header (metadata key) of the request that brought it, read once
 * per request by the caller and handed over with {@link OtlpTranslator#beginRequest}. The tenant
 * becomes the series' routing label ({@link TenantRouting#DEFAULT_LABEL}), so
 * it is part of every series' identity from translation to the sink: the same labels in two
 * tenants are two series, in keyed state and in the sink's lanes.
 *
 * @param resourceAttribute the attribute whose value (as a string) names the tenant, or null
 *     when {@code contextKey} does
 * @param defaultTenant the tenant of resources without the attribute (or with an empty value)
 * @param keepAttribute whether the attribute still becomes a label where resource attributes do
 *     ({@code target_info}, {@code resource_to_telemetry_conversion}); by default it routes only
 * @param contextKey the request metadata key whose value names the tenant, or null when
 *     {@code resourceAttribute} does
 */
public record TenantSource(@Nullable String resourceAttribute, String defaultTenant, boolean keepAttribute,
        @Nullable String contextKey) implements Serializable {

    /** The label that carries the tenant to the sink (not sent: the sink leaves it out). */
    public static final String LABEL = TenantRouting.DEFAULT_LABEL;

    public TenantSource {
        if ((resourceAttribute == null) == (contextKey == null)) {
            throw new IllegalArgumentException("exactly one of resourceAttribute and contextKey");
        }
        Objects.requireNonNull(defaultTenant, "defaultTenant");
    }

    /** The tenant from a resource attribute. */
    public TenantSource(String resourceAttribute, String defaultTenant, boolean keepAttribute) {
        this(resourceAttribute, defaultTenant, keepAttribute, null);
    }

    /** The tenant from the request metadata key {@code contextKey}. */
    public static TenantSource fromContext(String contextKey, String defaultTenant) {
        return new TenantSource(null, defaultTenant, false, contextKey);
    }

    /**
     * The tenant named by a request's values of {@link #contextKey()}: the default without one (or
     * with an empty one). Several values are joined as one HTTP header joins them ({@code ", "}),
     * which is no valid tenant (it has a space), so the sink drops such points as {@code
     * invalid_tenant}: the Collector's {@code headers_setter} also refuses a key with several values
     * rather than pick one.
     */
    public String requestTenant(List<String> values) {
        if (values.isEmpty()) {
            return defaultTenant;
        }
        String value = values.size() == 1 ? values.get(0) : String.join(", ", values);
        return value.isEmpty() ? defaultTenant : value;
    }

    /** The position of the routing attribute among {@code attributes}, or -1. */
    int indexIn(List<KeyValue> attributes) {
        if (resourceAttribute == null) {
            return -1;
        }
        for (int i = 0; i < attributes.size(); i++) {
            if (attributes.get(i).getKey().equals(resourceAttribute)) {
                return i;
            }
        }
        return -1;
    }

    /** The tenant named by the attribute at {@code index} (-1: none), or the default tenant. */
    String tenant(List<KeyValue> attributes, int index) {
        if (index < 0) {
            return defaultTenant;
        }
        String value = AttributeValues.asString(attributes.get(index).getValue());
        return value.isEmpty() ? defaultTenant : value;
    }

    /** The attributes translation sees: without the routing attribute unless it is kept. */
    List<KeyValue> labelAttributes(List<KeyValue> attributes, int index) {
        if (index < 0 || keepAttribute) {
            return attributes;
        }
        List<KeyValue> rest = new ArrayList<>(attributes);
        rest.remove(index);
        return rest;
    }
}
