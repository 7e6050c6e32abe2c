package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import io.github.otelflink.job.pdata.AttributeValues;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.List;
import javax.annotation.Nullable;

/**
 * The {@code job} and {@code instance} labels of a resource: {@code job} is
 * {@code service.namespace/service.name} (or {@code service.name} alone; no {@code job} without
 * {@code service.name}), {@code instance} is {@code service.instance.id}.
 */
final class ServiceIdentity {
    static final String SERVICE_NAME = "service.name";
    static final String SERVICE_NAMESPACE = "service.namespace";
    static final String SERVICE_INSTANCE_ID = "service.instance.id";

    @Nullable final String job;
    @Nullable final String instance;
    /** Number of resource attributes other than the three identifying ones. */
    final int otherAttributes;

    private ServiceIdentity(@Nullable String job, @Nullable String instance, int otherAttributes) {
        this.job = job;
        this.instance = instance;
        this.otherAttributes = otherAttributes;
    }

    static boolean isIdentifyingKey(String key) {
        return key.equals(SERVICE_NAME) || key.equals(SERVICE_NAMESPACE) || key.equals(SERVICE_INSTANCE_ID);
    }

    /** Reads the identity from resource attributes; the first of a repeated key counts, as in pdata. */
    static ServiceIdentity of(List<KeyValue> resourceAttributes) {
        AnyValue name = null;
        AnyValue namespace = null;
        AnyValue instance = null;
        int other = 0;
        for (int i = 0; i < resourceAttributes.size(); i++) {
            KeyValue kv = resourceAttributes.get(i);
            switch (kv.getKey()) {
                case SERVICE_NAME:
                    name = name == null ? kv.getValue() : name;
                    break;
                case SERVICE_NAMESPACE:
                    namespace = namespace == null ? kv.getValue() : namespace;
                    break;
                case SERVICE_INSTANCE_ID:
                    instance = instance == null ? kv.getValue() : instance;
                    break;
                default:
                    other++;
            }
        }
        String job = null;
        if (name != null) {
            job = AttributeValues.asString(name);
            if (namespace != null) {
                job = AttributeValues.asString(namespace) + "/" + job;
            }
        }
        return new ServiceIdentity(job, instance == null ? null : AttributeValues.asString(instance), other);
    }
}
