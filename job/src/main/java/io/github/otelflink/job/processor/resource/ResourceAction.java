package io.github.otelflink.job.processor.resource;

import io.github.otelflink.job.pdata.GoRegex;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One entry of the {@code resource} processor's {@code attributes} list, validated as the
 * Collector's {@code internal/coreinternal/attraction.NewAttrProc} validates it:
 * <ul>
 *   <li>insert, update, upsert: {@code key} and exactly one of {@code value},
 *       {@code from_attribute}, {@code from_context}; no {@code pattern}, no {@code converted_type};
 *   <li>delete, hash: {@code key} or {@code pattern} (or both); no value source, no
 *       {@code converted_type};
 *   <li>extract: {@code key} and a {@code pattern} whose groups are all named
 *       ({@code (?P<name>...)}); no value source, no {@code converted_type};
 *   <li>convert: {@code key} and {@code converted_type}; no value source, no {@code pattern}.
 * </ul>
 * One deliberate difference: the Collector ignores {@code from_context} on delete/hash; here it
 * is rejected like {@code value} and {@code from_attribute}.
 *
 * <p>Empty strings count as unset, as in the Collector. Integer values of any width are stored
 * as {@code Long}, {@code Float} as {@code Double}. An invalid action cannot be constructed: the
 * constructor throws {@link ResourceActionException}, whose message names the field at fault.
 *
 * @param key the attribute acted on; null when {@code pattern} selects (delete, hash)
 * @param value the value to set: {@code String}, {@code Long}, {@code Double} or {@code Boolean}
 * @param fromAttribute take the value from this attribute (no action when it is absent)
 * @param fromContext take the value from this request-context key (see {@link ResourceProcessor})
 * @param pattern RE2 expression, unanchored: which keys delete/hash act on, or the named groups
 *     extract creates from the value of {@code key}
 * @param action what to do
 * @param convertedType the target type of convert
 */
public record ResourceAction(
        String key,
        Object value,
        String fromAttribute,
        String fromContext,
        String pattern,
        Action action,
        ConvertedType convertedType)
        implements Serializable {

    /** The actions of the Collector's attributes/resource processors. */
    public enum Action {
        /** Sets the attribute when it is absent (and the value source has a value). */
        INSERT,
        /** Sets the attribute when it is present (and the value source has a value). */
        UPDATE,
        /** Sets the attribute either way (when the value source has a value). */
        UPSERT,
        /** Removes the attribute {@code key} and every attribute whose key matches {@code pattern}. */
        DELETE,
        /** Replaces the value of {@code key} and of every key matching {@code pattern} by its SHA-256 hash (hex). */
        HASH,
        /** Sets one string attribute per named group of {@code pattern} matched against the value of {@code key}. */
        EXTRACT,
        /** Changes the type of the value of {@code key} to {@code converted_type}. */
        CONVERT;

        /** The name in a configuration file, for example {@code "upsert"}. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The action written in a configuration file, case-insensitively as the Collector reads it. */
        public static Action fromConfigName(String name) {
            for (Action action : values()) {
                if (action.name().equalsIgnoreCase(name)) {
                    return action;
                }
            }
            throw new ResourceActionException("action", "unsupported action \"" + name
                    + "\": use insert, update, upsert, delete, hash, extract or convert");
        }
    }

    /** Target types of the convert action. */
    public enum ConvertedType {
        INT,
        DOUBLE,
        STRING;

        /** The name in a configuration file, for example {@code "int"}. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The type written in a configuration file (lower case, exactly as the Collector compares it). */
        public static ConvertedType fromConfigName(String name) {
            for (ConvertedType type : values()) {
                if (type.configName().equals(name)) {
                    return type;
                }
            }
            throw new ResourceActionException("converted_type",
                    "invalid value \"" + name + "\": use int, double or string");
        }
    }

    public ResourceAction {
        key = emptyToNull(key);
        fromAttribute = emptyToNull(fromAttribute);
        fromContext = emptyToNull(fromContext);
        pattern = emptyToNull(pattern);
        value = normalize(value);
        validate(key, value, fromAttribute, fromContext, pattern, action, convertedType);
    }

    /** insert/update/upsert of a constant value. */
    public static ResourceAction set(Action action, String key, Object value) {
        return new ResourceAction(key, value, null, null, null, action, null);
    }

    /**
     * The action of a parsed configuration entry. The parser warns that {@code converted_type} is
     * ignored on other actions than convert, so it is dropped for them here.
     *
     * @throws ResourceActionException when the entry breaks a rule the parser did not check
     *     (for example an extract pattern with an unnamed group)
     */
    public static ResourceAction fromConfig(AttributeAction config) {
        Action action = Action.valueOf(config.action().name());
        ConvertedType type = action == Action.CONVERT && config.convertedType() != null
                ? ConvertedType.valueOf(config.convertedType().name())
                : null;
        return new ResourceAction(config.key(), config.value(), config.fromAttribute(), config.fromContext(),
                config.pattern() == null ? null : config.pattern().source(), action, type);
    }

    /** A short form for plans, for example {@code upsert cluster.name="demo"}. */
    public String describe() {
        StringBuilder out = new StringBuilder(action.configName()).append(' ');
        if (key != null) {
            out.append(key);
        }
        if (pattern != null) {
            out.append(key != null ? " " : "").append('/').append(pattern).append('/');
        }
        if (value != null) {
            out.append('=').append(value instanceof String text ? '"' + text + '"' : value);
        } else if (fromAttribute != null) {
            out.append(" from attribute ").append(fromAttribute);
        } else if (fromContext != null) {
            out.append(" from context ").append(fromContext);
        } else if (convertedType != null) {
            out.append(" to ").append(convertedType.configName());
        }
        return out.toString();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static Object normalize(Object value) {
        if (value == null || value instanceof String || value instanceof Long || value instanceof Double
                || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        throw new ResourceActionException("value", "unsupported type " + value.getClass().getSimpleName()
                + ": use a string, an integer, a double or a boolean");
    }

    private static void validate(String key, Object value, String fromAttribute, String fromContext, String pattern,
            Action action, ConvertedType convertedType) {
        if (action == null) {
            throw new ResourceActionException("action",
                    "required: one of insert, update, upsert, delete, hash, extract, convert");
        }
        String name = action.configName();
        List<String> sources = new ArrayList<>(3);
        if (value != null) {
            sources.add("value");
        }
        if (fromAttribute != null) {
            sources.add("from_attribute");
        }
        if (fromContext != null) {
            sources.add("from_context");
        }
        if (action == Action.DELETE || action == Action.HASH) {
            if (key == null && pattern == null) {
                throw new ResourceActionException("key", "the " + name + " action needs key or pattern (or both)");
            }
        } else if (key == null) {
            throw new ResourceActionException("key", "required for the " + name + " action");
        }
        switch (action) {
            case INSERT, UPDATE, UPSERT -> {
                if (sources.isEmpty()) {
                    throw new ResourceActionException("value",
                            "the " + name + " action needs one of value, from_attribute, from_context");
                }
                if (sources.size() > 1) {
                    throw new ResourceActionException(sources.get(1), "the " + name
                            + " action takes only one of value, from_attribute, from_context; "
                            + String.join(" and ", sources) + " are set");
                }
                if (pattern != null) {
                    throw new ResourceActionException("pattern", "not used by the " + name + " action");
                }
            }
            case DELETE, HASH -> {
                if (!sources.isEmpty()) {
                    throw new ResourceActionException(sources.get(0), "not used by the " + name + " action");
                }
                if (pattern != null) {
                    compile(pattern);
                }
            }
            case EXTRACT -> {
                if (!sources.isEmpty()) {
                    throw new ResourceActionException(sources.get(0), "not used by the extract action");
                }
                if (pattern == null) {
                    throw new ResourceActionException("pattern", "required for the extract action");
                }
                List<String> groups = compile(pattern).groupNames();
                if (groups.isEmpty()) {
                    throw new ResourceActionException("pattern",
                            "contains no named groups like (?P<name>...), so extract would add nothing");
                }
                for (int i = 0; i < groups.size(); i++) {
                    if (groups.get(i).isEmpty()) {
                        throw new ResourceActionException("pattern", "group " + (i + 1) + " has no name: every group"
                                + " of an extract pattern must be named (use (?:...) to group without capturing)");
                    }
                }
            }
            case CONVERT -> {
                if (!sources.isEmpty()) {
                    throw new ResourceActionException(sources.get(0), "not used by the convert action");
                }
                if (pattern != null) {
                    throw new ResourceActionException("pattern", "not used by the convert action");
                }
                if (convertedType == null) {
                    throw new ResourceActionException("converted_type",
                            "required for the convert action: int, double or string");
                }
            }
            default -> throw new IllegalStateException("unhandled action " + action);
        }
        if (convertedType != null && action != Action.CONVERT) {
            throw new ResourceActionException("converted_type", "not used by the " + name + " action");
        }
    }

    /** Compiles the unanchored pattern (Go's regexp.Compile); invalid patterns are a {@code pattern} error. */
    static GoRegex compile(String pattern) {
        try {
            return GoRegex.compile(pattern);
        } catch (IllegalArgumentException e) {
            throw new ResourceActionException("pattern",
                    "invalid regular expression \"" + pattern + "\": " + e.getMessage());
        }
    }
}
