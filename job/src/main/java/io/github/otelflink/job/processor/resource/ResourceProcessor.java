package io.github.otelflink.job.processor.resource;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.github.otelflink.job.pdata.GoRegex;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Collector's {@code resource} processor: applies a list of {@link ResourceAction}s, in
 * order, to the resource attributes of each {@code ResourceMetrics}, with the semantics of
 * {@code internal/coreinternal/attraction.AttrProc.Process}:
 * <ul>
 *   <li>{@code insert} sets {@code key} only when absent, {@code update} only when present,
 *       {@code upsert} either way. A value source without a value ({@code from_attribute}
 *       naming an absent attribute, {@code from_context} naming an absent key) does nothing.
 *       {@code from_attribute} copies the value with its type.
 *   <li>{@code delete} removes {@code key}, then every attribute whose key matches
 *       {@code pattern} (unanchored, RE2).
 *   <li>{@code hash} replaces the value of {@code key}, then of every key matching
 *       {@code pattern}, by the lower-case hex SHA-256 of the value's bytes (the Collector's
 *       {@code sha2Hasher}): the UTF-8 bytes of a string; one byte 1 or 0 for a boolean; the
 *       8-byte little-endian two's complement of an integer; the 8-byte little-endian IEEE-754
 *       bits of a double. The result is a string. An empty string, and bytes, arrays, maps and
 *       empty values, become the empty string. As in the Collector, a key that is named by
 *       {@code key} and also matches {@code pattern} is hashed twice.
 *   <li>{@code extract} applies {@code pattern} (unanchored, first match) to the value of
 *       {@code key} when it is a string, and sets (inserting or overwriting) one string
 *       attribute per named group; a group that did not take part in the match gives
 *       {@code ""}. No match, an absent key or a non-string value: nothing happens.
 *   <li>{@code convert} changes the value of {@code key}: to {@code int} (double truncated
 *       toward zero, boolean 1/0, string parsed like Go's {@code strconv.ParseInt(s, 10, 64)}:
 *       {@code "123"} → 123, {@code "1.5"} stays a string), to {@code double} (integer, boolean,
 *       string parsed like {@code strconv.ParseFloat}), to {@code string} (pdata's
 *       {@code AsString}: {@code 1.5}, {@code true}, JSON for arrays and maps). A value that
 *       cannot be converted is left unchanged.
 * </ul>
 *
 * <p><b>{@code from_context}.</b> The Collector reads request metadata ({@code client.Info}) that
 * an HTTP or gRPC receiver captured. Here the OTLP receiver captures it with {@code
 * include_metadata: true} (the keys some {@code from_context} reads); Kafka records carry none.
 * Without metadata {@link #process(ResourceMetrics.Builder)} resolves every {@code from_context}
 * to "absent", and the action does nothing. The pipeline passes a request's metadata to
 * {@link #process(ResourceMetrics.Builder, Map)}; keys are resolved as the
 * Collector does: {@code metadata.<name>} and a bare {@code <name>} read the metadata entry
 * {@code <name>} (exact, then case-insensitive, as {@code client.Metadata.Get});
 * {@code auth.<name>} and {@code client.address} read the map entry with exactly that key. The
 * value is a string (join multiple values with {@code ;}, as the Collector does).
 *
 * <p>Attributes keep their order; new attributes are appended; {@code delete} removes every
 * attribute with the key (OTLP forbids duplicates; the Collector would remove the first). A
 * {@code ResourceMetrics} without a resource is left without one unless an action adds an
 * attribute. Immutable, thread-safe and serializable.
 */
public final class ResourceProcessor implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final String METADATA_PREFIX = "metadata.";
    private static final String AUTH_PREFIX = "auth.";
    private static final String CLIENT_ADDRESS = "client.address";

    private final List<ResourceAction> actions;
    private final Step[] steps;

    private ResourceProcessor(List<ResourceAction> actions) {
        this.actions = List.copyOf(actions);
        this.steps = new Step[this.actions.size()];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = new Step(this.actions.get(i));
        }
    }

    /** A processor applying {@code actions} in order (actions are validated when constructed). */
    public static ResourceProcessor compile(List<ResourceAction> actions) {
        return new ResourceProcessor(actions);
    }

    /** The actions, in order. */
    public List<ResourceAction> actions() {
        return actions;
    }

    /** Applies the actions to the resource attributes, with no request context. */
    public void process(ResourceMetrics.Builder resourceMetrics) {
        process(resourceMetrics, Map.of());
    }

    /**
     * Applies the actions to the resource attributes.
     *
     * @param context request metadata for {@code from_context} (see the class comment)
     */
    public void process(ResourceMetrics.Builder resourceMetrics, Map<String, String> context) {
        List<KeyValue> attributes = new ArrayList<>(resourceMetrics.getResource().getAttributesList());
        if (apply(attributes, context)) {
            resourceMetrics.getResourceBuilder().clearAttributes().addAllAttributes(attributes);
        }
    }

    /** Applies the actions to the attributes of a resource. */
    public void process(Resource.Builder resource, Map<String, String> context) {
        List<KeyValue> attributes = new ArrayList<>(resource.getAttributesList());
        if (apply(attributes, context)) {
            resource.clearAttributes().addAllAttributes(attributes);
        }
    }

    /** Applies every action; true when the attributes changed. */
    private boolean apply(List<KeyValue> attributes, Map<String, String> context) {
        boolean changed = false;
        for (Step step : steps) {
            changed |= step.apply(attributes, context);
        }
        return changed;
    }

    /** One compiled action. */
    private static final class Step implements Serializable {
        private static final long serialVersionUID = 1L;

        private final ResourceAction.Action action;
        private final String key;
        private final AnyValue value;
        private final String fromAttribute;
        private final String fromContext;
        private final Pattern pattern;
        private final String[] groupNames;
        private final ResourceAction.ConvertedType convertedType;

        Step(ResourceAction a) {
            this.action = a.action();
            this.key = a.key();
            this.value = a.value() == null ? null : ActionValues.of(a.value());
            this.fromAttribute = a.fromAttribute();
            this.fromContext = a.fromContext();
            GoRegex regex = a.pattern() == null ? null : ResourceAction.compile(a.pattern());
            this.pattern = regex == null ? null : regex.pattern();
            this.groupNames = regex == null ? new String[0] : regex.groupNames().toArray(new String[0]);
            this.convertedType = a.convertedType();
        }

        boolean apply(List<KeyValue> attributes, Map<String, String> context) {
            switch (action) {
                case INSERT: {
                    AnyValue v = source(attributes, context);
                    if (v == null || indexOf(attributes, key) >= 0) {
                        return false;
                    }
                    attributes.add(keyValue(key, v));
                    return true;
                }
                case UPDATE: {
                    AnyValue v = source(attributes, context);
                    int i = v == null ? -1 : indexOf(attributes, key);
                    if (i < 0) {
                        return false;
                    }
                    attributes.set(i, keyValue(key, v));
                    return true;
                }
                case UPSERT: {
                    AnyValue v = source(attributes, context);
                    if (v == null) {
                        return false;
                    }
                    put(attributes, key, v);
                    return true;
                }
                case DELETE:
                    return delete(attributes);
                case HASH:
                    return hash(attributes);
                case EXTRACT:
                    return extract(attributes);
                case CONVERT: {
                    int i = indexOf(attributes, key);
                    if (i < 0) {
                        return false;
                    }
                    AnyValue old = attributes.get(i).getValue();
                    AnyValue converted = ActionValues.convert(old, convertedType);
                    if (converted == old) {
                        return false;
                    }
                    attributes.set(i, keyValue(key, converted));
                    return true;
                }
                default:
                    throw new IllegalStateException("unhandled action " + action);
            }
        }

        /** The value to set, or null when the source has none. */
        private AnyValue source(List<KeyValue> attributes, Map<String, String> context) {
            if (value != null) {
                return value;
            }
            if (fromContext != null) {
                String v = fromContext(context, fromContext);
                return v == null ? null : ActionValues.string(v);
            }
            int i = indexOf(attributes, fromAttribute);
            return i < 0 ? null : attributes.get(i).getValue();
        }

        private boolean delete(List<KeyValue> attributes) {
            boolean changed = false;
            if (key != null) {
                changed = attributes.removeIf(kv -> kv.getKey().equals(key));
            }
            if (pattern != null) {
                changed |= attributes.removeIf(kv -> pattern.matcher(kv.getKey()).find());
            }
            return changed;
        }

        private boolean hash(List<KeyValue> attributes) {
            boolean changed = false;
            if (key != null) {
                changed = hashAt(attributes, indexOf(attributes, key));
            }
            if (pattern != null) {
                List<String> matching = new ArrayList<>();
                for (KeyValue kv : attributes) {
                    if (pattern.matcher(kv.getKey()).find()) {
                        matching.add(kv.getKey());
                    }
                }
                for (String k : matching) {
                    changed |= hashAt(attributes, indexOf(attributes, k));
                }
            }
            return changed;
        }

        private static boolean hashAt(List<KeyValue> attributes, int i) {
            if (i < 0) {
                return false;
            }
            KeyValue kv = attributes.get(i);
            attributes.set(i, keyValue(kv.getKey(), ActionValues.string(ActionValues.hash(kv.getValue()))));
            return true;
        }

        private boolean extract(List<KeyValue> attributes) {
            int i = indexOf(attributes, key);
            if (i < 0 || !attributes.get(i).getValue().hasStringValue()) {
                return false;
            }
            Matcher match = pattern.matcher(attributes.get(i).getValue().getStringValue());
            if (!match.find()) {
                return false;
            }
            for (int g = 1; g <= groupNames.length; g++) {
                String v = match.group(g);
                put(attributes, groupNames[g - 1], ActionValues.string(v == null ? "" : v));
            }
            return true;
        }
    }

    /** The Collector's getAttributeValueFromContext over a map of metadata; null when absent. */
    static String fromContext(Map<String, String> context, String key) {
        if (context.isEmpty()) {
            return null;
        }
        if (key.equals(CLIENT_ADDRESS) || key.startsWith(AUTH_PREFIX)) {
            return context.get(key);
        }
        String name = key.startsWith(METADATA_PREFIX) ? key.substring(METADATA_PREFIX.length()) : key;
        String v = context.get(name);
        if (v != null) {
            return v;
        }
        for (Map.Entry<String, String> entry : context.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static int indexOf(List<KeyValue> attributes, String key) {
        for (int i = 0; i < attributes.size(); i++) {
            if (attributes.get(i).getKey().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    private static void put(List<KeyValue> attributes, String key, AnyValue value) {
        int i = indexOf(attributes, key);
        if (i >= 0) {
            attributes.set(i, keyValue(key, value));
        } else {
            attributes.add(keyValue(key, value));
        }
    }

    private static KeyValue keyValue(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }
}
