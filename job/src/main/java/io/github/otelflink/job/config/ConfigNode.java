package io.github.otelflink.job.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.Nullable;

/**
 * A position in the YAML tree with typed getters that know their path, so every problem is
 * reported as {@code path: what was expected, got what}. Getters never throw: a wrong value is
 * recorded as an error and the default is returned, so one load reports every problem.
 *
 * <p>Each getter also records its key as known; {@link #finish()} then reports every key of
 * the map that no getter asked for as unknown, with a "did you mean" suggestion. An explicit
 * {@code null} (a key with nothing after the colon) reads as absent, as in the Collector.
 *
 * <p>Used by the component parsers; not meant for code outside the {@code config} packages.
 */
public final class ConfigNode extends ConfigScalars {

    private final String path;
    @Nullable private final JsonNode value;
    private final Set<String> knownKeys = new LinkedHashSet<>();
    private boolean read;
    private boolean finished;

    ConfigNode(ConfigContext context, String path, @Nullable JsonNode value) {
        super(context);
        this.path = path;
        this.value = value == null || value.isNull() || value.isMissingNode() ? null : value;
    }

    /** Where this node is, for example {@code exporters.prometheusremotewrite.tls}. */
    public String path() {
        return path;
    }

    /** The path of a key of this map. */
    @Override
    public String pathOf(String key) {
        return ConfigContext.childPath(path, key);
    }

    /** True when this node holds a value (it is neither absent nor written as empty). */
    public boolean isPresent() {
        return value != null;
    }

    /** True when this node is a map. */
    public boolean isMap() {
        return value != null && value.isObject();
    }

    /** This node's own value as text when it is a string, number or boolean; null otherwise. */
    @Nullable
    public String scalarText() {
        return value != null && value.isValueNode() ? value.asText() : null;
    }

    /** This node's value as error messages show it: {@code "text"}, {@code 5}, {@code a map}... */
    public String describeValue() {
        return describe(value);
    }

    /** True when the key is written in this map, even without a value ({@code grpc:}). */
    public boolean has(String key) {
        known(key);
        return value != null && value.isObject() && value.has(key);
    }

    /** True when the key holds a list (possibly empty). */
    public boolean hasList(String key) {
        JsonNode child = raw(key);
        return child != null && child.isArray();
    }

    /** True when the key is written with a value. */
    @Override
    public boolean hasValue(String key) {
        return raw(key) != null;
    }

    // ---------------------------------------------------------------- structure

    /**
     * The map under {@code key}. Absent or empty gives an absent node whose getters return
     * their defaults; anything other than a map is an error.
     */
    public ConfigNode object(String key) {
        JsonNode child = raw(key);
        if (child != null && !child.isObject()) {
            context.error(pathOf(key), "expected a map, got " + describe(child));
            child = null;
        }
        return new ConfigNode(context, pathOf(key), child);
    }

    /** The elements of the list under {@code key}; absent gives an empty list. */
    public List<ConfigNode> list(String key) {
        JsonNode child = raw(key);
        if (child == null) {
            return List.of();
        }
        if (!child.isArray()) {
            context.error(pathOf(key), "expected a list, got " + describe(child));
            return List.of();
        }
        return new ConfigNode(context, pathOf(key), child).elements();
    }

    /** The elements of this node, which must be a list. */
    public List<ConfigNode> elements() {
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            context.error(path, "expected a list, got " + describe(value));
            return List.of();
        }
        List<ConfigNode> elements = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            elements.add(new ConfigNode(context, ConfigContext.indexPath(path, i), value.get(i)));
        }
        return elements;
    }

    /**
     * Every entry of this node, which must be a map whose keys are the user's (component
     * ids, pipeline ids); all of them count as known.
     */
    public Map<String, ConfigNode> entries() {
        if (value == null) {
            return Map.of();
        }
        if (!value.isObject()) {
            context.error(path, "expected a map, got " + describe(value));
            return Map.of();
        }
        Map<String, ConfigNode> entries = new LinkedHashMap<>();
        for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            known(name);
            entries.put(name, new ConfigNode(context, pathOf(name), value.get(name)));
        }
        return entries;
    }

    // ---------------------------------------------------------------- scalar lists and maps (the single scalars: ConfigScalars)

    /** A list of strings; absent gives an empty list. */
    public List<String> stringList(String key) {
        List<String> strings = new ArrayList<>();
        for (ConfigNode element : list(key)) {
            JsonNode item = element.value;
            if (item != null && item.isValueNode()) {
                strings.add(item.asText());
            } else {
                context.error(element.path, "expected a string, got " + describe(item));
            }
        }
        return List.copyOf(strings);
    }

    /** A map of strings to strings, in file order; absent gives an empty map. */
    public Map<String, String> stringMap(String key) {
        Map<String, String> strings = new LinkedHashMap<>();
        ConfigNode map = object(key);
        for (Map.Entry<String, ConfigNode> entry : map.entries().entrySet()) {
            JsonNode item = entry.getValue().value;
            if (item != null && item.isValueNode()) {
                strings.put(entry.getKey(), item.asText());
            } else {
                context.error(entry.getValue().path, "expected a string, got " + describe(item));
            }
        }
        return Collections.unmodifiableMap(strings);
    }

    // ---------------------------------------------------------------- rules

    /** Exactly one of the keys must be set; reports which otherwise. Returns the one set, or null. */
    @Nullable
    public String requireOneOf(String... keys) {
        List<String> set = setKeys(keys);
        if (set.isEmpty()) {
            context.error(path, "one of " + String.join(", ", keys) + " is required");
            return null;
        }
        if (set.size() > 1) {
            context.error(path, "only one of " + String.join(", ", set) + " may be set");
            return null;
        }
        return set.get(0);
    }

    /** At most one of the keys may be set. */
    public void requireAtMostOneOf(String... keys) {
        List<String> set = setKeys(keys);
        if (set.size() > 1) {
            context.error(path, "only one of " + String.join(", ", set) + " may be set");
        }
    }

    private List<String> setKeys(String... keys) {
        List<String> set = new ArrayList<>();
        for (String key : keys) {
            if (hasValue(key)) {
                set.add(key);
            }
        }
        return set;
    }

    /** Reports a problem with the value of {@code key}. */
    public void error(String key, String message) {
        context.error(pathOf(key), message);
    }

    /** Reports a problem with this node as a whole. */
    public void error(String message) {
        context.error(path, message);
    }

    /** Records a warning about {@code key}: the file loads, and the warning is shown to the user. */
    public void warn(String key, String message) {
        context.warn(pathOf(key), message);
    }

    /** Records a warning about this node. */
    public void warn(String message) {
        context.warn(path, message);
    }

    /** Records a warning at a path given in full, for checks that span sections. */
    void warnAt(String fullPath, String message) {
        context.warn(fullPath, message);
    }

    /**
     * Reports every key of this map that no getter asked for. Parsers call it when they are
     * done; the loader calls it again for any node a parser read but did not finish.
     */
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        if (value == null || !value.isObject()) {
            return;
        }
        for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!knownKeys.contains(name)) {
                context.error(pathOf(name), unknownKeyMessage(name));
            }
        }
    }

    private String unknownKeyMessage(String name) {
        return Suggestions.closest(name, knownKeys)
                .map(suggestion -> "unknown key (did you mean " + suggestion + "?)")
                .orElseGet(() -> "unknown key (expected one of: " + String.join(", ", knownKeys) + ")");
    }

    // ---------------------------------------------------------------- helpers

    @Override
    @Nullable
    JsonNode raw(String key) {
        known(key);
        if (value == null || !value.isObject()) {
            return null;
        }
        JsonNode child = value.get(key);
        return child == null || child.isNull() ? null : child;
    }

    private void known(String key) {
        if (!read) {
            read = true;
            context.nodeRead(this);
        }
        knownKeys.add(key);
    }

    @Override
    boolean substituted(String key) {
        return context.isSubstituted(pathOf(key));
    }

}
