package io.github.otelflink.job.config;

import java.io.Serializable;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.annotation.Nullable;

/**
 * A component or pipeline id as the Collector writes it: {@code type} or {@code type/name},
 * for example {@code prometheusremotewrite/tenant1} or {@code metrics/tenant1}.
 *
 * @param type what kind of component it is ({@code otlp}, {@code batch}, {@code metrics}...)
 * @param name distinguishes several components of one type; empty when there is none
 */
public record ComponentId(String type, String name) implements Serializable, Comparable<ComponentId> {

    // The Collector's rules: a type starts with a letter and holds letters, digits and '_';
    // a name is anything without spaces, control characters, symbols or '/'.
    private static final Pattern TYPE = Pattern.compile("[a-zA-Z][0-9a-zA-Z_]{0,62}");
    private static final Pattern NAME = Pattern.compile("[^\\p{Z}\\p{C}\\p{S}/]+");

    public ComponentId {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
    }

    /** An id without a name. */
    public static ComponentId of(String type) {
        return new ComponentId(type, "");
    }

    /**
     * Parses {@code type} or {@code type/name}.
     *
     * @throws IllegalArgumentException saying what is wrong with the id
     */
    public static ComponentId parse(String id) {
        int slash = id.indexOf('/');
        String type = slash < 0 ? id : id.substring(0, slash);
        String name = slash < 0 ? "" : id.substring(slash + 1);
        if (!TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("invalid id \"" + id
                    + "\": the type must start with a letter and hold only letters, digits and _");
        }
        if (slash >= 0 && (name.isEmpty() || name.contains("/") || !NAME.matcher(name).matches())) {
            throw new IllegalArgumentException("invalid id \"" + id
                    + "\": the name after / must not be empty or hold spaces, control characters, symbols or /");
        }
        return new ComponentId(type, name);
    }

    /** Parses, or returns null after reporting the problem at {@code node}. */
    @Nullable
    static ComponentId parse(String id, ConfigNode node) {
        try {
            return parse(id);
        } catch (IllegalArgumentException e) {
            node.error(e.getMessage());
            return null;
        }
    }

    @Override
    public int compareTo(ComponentId other) {
        return toString().compareTo(other.toString());
    }

    /** {@code type} or {@code type/name}, as written in the file. */
    @Override
    public String toString() {
        return name.isEmpty() ? type : type + "/" + name;
    }
}
