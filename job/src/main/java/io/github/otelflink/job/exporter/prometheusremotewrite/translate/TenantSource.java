package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import io.github.otelflink.job.pdata.AttributeValues;
import io.github.otelflink.sink.remotewrite.TenantRouting;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a resource's tenant comes from: one resource attribute, read once per resource (never per
 * point). The tenant becomes the series' routing label ({@link TenantRouting#DEFAULT_LABEL}), so
 * it is part of every series' identity from translation to the sink: the same labels in two
 * tenants are two series, in keyed state and in the sink's lanes.
 *
 * @param resourceAttribute the attribute whose value (as a string) names the tenant
 * @param defaultTenant the tenant of resources without the attribute (or with an empty value)
 * @param keepAttribute whether the attribute still becomes a label where resource attributes do
 *     ({@code target_info}, {@code resource_to_telemetry_conversion}); by default it routes only
 */
public record TenantSource(String resourceAttribute, String defaultTenant, boolean keepAttribute)
        implements Serializable {

    /** The label that carries the tenant to the sink (not sent: the sink leaves it out). */
    public static final String LABEL = TenantRouting.DEFAULT_LABEL;

    public TenantSource {
        Objects.requireNonNull(resourceAttribute, "resourceAttribute");
        Objects.requireNonNull(defaultTenant, "defaultTenant");
    }

    /** The position of the routing attribute among {@code attributes}, or -1. */
    int indexIn(List<KeyValue> attributes) {
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
