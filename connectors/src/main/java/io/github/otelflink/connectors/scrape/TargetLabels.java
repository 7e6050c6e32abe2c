package io.github.otelflink.connectors.scrape;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A target's labels on what it serves, as Prometheus puts them: the resource (the target's job
 * and instance, or with {@code honor_labels} those a point's scraped {@code job} / {@code instance}
 * labels name), and the target's static labels on every point; without {@code honor_labels} a
 * scraped label named like one of them (or {@code job} / {@code instance}) becomes
 * {@code exported_<name>}.
 */
final class TargetLabels {

    /** The job and instance a point belongs to: one resource of a scrape. */
    record ResourceKey(String job, String instance) {}

    /** A point's attributes once the target's labels are applied, and its resource. */
    record Relabeled(ResourceKey resource, List<KeyValue> attributes) {}

    private final ScrapeTarget target;

    TargetLabels(ScrapeTarget target) {
        this.target = target;
    }

    /** The target's own resource. */
    ResourceKey targetResource() {
        return new ResourceKey(target.jobName(), target.instance());
    }

    /** The target's static labels as attributes, by name. */
    List<KeyValue> staticAttributes() {
        return MetricFamilyConverter.attributes(new TreeMap<>(target.labels()));
    }

    /** Applies the target's labels and {@code honor_labels} to a point's scraped labels. */
    Relabeled relabel(List<KeyValue> scraped) {
        String job = target.jobName();
        String instance = target.instance();
        Map<String, KeyValue> attributes = new LinkedHashMap<>();
        Map<String, String> labels = target.labels();
        for (KeyValue kv : scraped) {
            String name = kv.getKey();
            String value = kv.getValue().getStringValue();
            if (value.isEmpty()) {
                continue; // an empty label is no label, as in Prometheus
            }
            boolean conflicts = name.equals("job") || name.equals("instance") || labels.containsKey(name);
            if (!conflicts) {
                attributes.put(name, kv);
            } else if (!target.honorLabels()) {
                String exported = "exported_" + name;
                attributes.put(exported, kv.toBuilder().setKey(exported).build());
            } else if (name.equals("job")) {
                job = value;
            } else if (name.equals("instance")) {
                instance = value;
            } else {
                attributes.put(name, kv);
            }
        }
        for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
            if (!label.getValue().isEmpty()) {
                attributes.putIfAbsent(label.getKey(), KeyValue.newBuilder().setKey(label.getKey())
                        .setValue(AnyValue.newBuilder().setStringValue(label.getValue())).build());
            }
        }
        return new Relabeled(new ResourceKey(job, instance), List.copyOf(attributes.values()));
    }

    /**
     * The resource's attributes: {@code service.name} = job, {@code service.instance.id} =
     * instance, {@code server.address}, {@code server.port} (when the instance is host:port) and
     * {@code url.scheme}.
     */
    Resource resource(ResourceKey key) {
        Resource.Builder resource = Resource.newBuilder()
                .addAttributes(string("service.name", key.job()))
                .addAttributes(string("service.instance.id", key.instance()));
        int colon = key.instance().lastIndexOf(':');
        String host = colon > 0 ? key.instance().substring(0, colon) : key.instance();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        resource.addAttributes(string("server.address", host));
        if (colon > 0) {
            try {
                long port = Long.parseLong(key.instance().substring(colon + 1));
                resource.addAttributes(KeyValue.newBuilder().setKey("server.port")
                        .setValue(AnyValue.newBuilder().setIntValue(port)));
            } catch (NumberFormatException e) {
                // an instance label that is not host:port: no server.port
            }
        }
        resource.addAttributes(string("url.scheme", target.url().getScheme()));
        return resource.build();
    }

    private static KeyValue string(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }
}
