package io.github.otelflink.job.processor.resource;

import io.github.otelflink.job.config.ConfigEnum;
import io.github.otelflink.job.pdata.GoRegex;
import java.io.Serializable;
import javax.annotation.Nullable;

/**
 * One entry of the resource processor's {@code attributes} list, with the Collector's
 * meaning:
 * <pre>
 * - key: cluster.name                  # the attribute acted on
 *   value: prometheus-demo-cluster     # a string, number or boolean
 *   from_attribute: k8s.cluster.name   # or copy another attribute's value
 *   from_context: metadata.x-tenant    # or take it from the request context
 *   pattern: ^(?P<a>.*)$               # for delete/hash (instead of key) and extract
 *   converted_type: int                # for convert: int, double or string
 *   action: upsert
 * </pre>
 *
 * @param key the attribute name, or null when {@code pattern} selects attributes (delete, hash)
 * @param value the value to set ({@code String}, {@code Long}, {@code Double} or {@code Boolean}), or null
 * @param fromAttribute the attribute to copy the value from, or null
 * @param fromContext the request-context key to take the value from, or null
 * @param pattern unanchored RE2 expression: which attributes delete/hash act on, or the
 *     named groups extract creates; null when not set
 * @param convertedType the target type of convert, or null
 * @param action what to do
 */
public record AttributeAction(
        @Nullable String key,
        @Nullable Object value,
        @Nullable String fromAttribute,
        @Nullable String fromContext,
        @Nullable GoRegex pattern,
        @Nullable ConvertedType convertedType,
        Action action)
        implements Serializable {

    /** The resource processor's actions. Written case-insensitively, as in the Collector. */
    public enum Action implements ConfigEnum {
        /** Sets the attribute when it is absent. */
        INSERT("insert"),
        /** Sets the attribute when it is present. */
        UPDATE("update"),
        /** Sets the attribute either way. */
        UPSERT("upsert"),
        /** Removes the attribute, or every attribute matching {@code pattern}. */
        DELETE("delete"),
        /** Replaces the value by its SHA-256 hash (hex). */
        HASH("hash"),
        /** Adds one attribute per named group of {@code pattern} matched against the value. */
        EXTRACT("extract"),
        /** Changes the value's type to {@code converted_type}. */
        CONVERT("convert");

        private final String configName;

        Action(String configName) {
            this.configName = configName;
        }

        @Override
        public String configName() {
            return configName;
        }
    }

    /** Target types of the convert action. */
    public enum ConvertedType implements ConfigEnum {
        INT("int"),
        DOUBLE("double"),
        STRING("string");

        private final String configName;

        ConvertedType(String configName) {
            this.configName = configName;
        }

        @Override
        public String configName() {
            return configName;
        }
    }

    /** A short form for plans, for example {@code upsert cluster.name="demo"}. */
    public String describe() {
        StringBuilder out = new StringBuilder(action.configName()).append(' ');
        out.append(key != null ? key : "/" + pattern + "/");
        if (value != null) {
            out.append('=').append(value instanceof String text ? '"' + text + '"' : value);
        } else if (fromAttribute != null) {
            out.append(" from attribute ").append(fromAttribute);
        } else if (fromContext != null) {
            out.append(" from context ").append(fromContext);
        } else if (convertedType != null) {
            out.append(" to ").append(convertedType.configName());
        } else if (action == Action.EXTRACT && pattern != null) {
            out.append(" with /").append(pattern).append('/');
        }
        return out.toString();
    }
}
