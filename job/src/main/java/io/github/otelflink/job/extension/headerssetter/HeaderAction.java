package io.github.otelflink.job.extension.headerssetter;

import io.github.otelflink.job.config.ConfigEnum;
import java.io.Serializable;
import javax.annotation.Nullable;

/**
 * One entry of {@code headers_setter}'s {@code headers}: what to do with one request header.
 *
 * @param key the header name
 * @param action what to do, {@code upsert} by default
 * @param value the value to set; null for {@code delete} and with {@code fromContext}
 * @param fromContext the client metadata key (request header) whose value is set, or null
 * @param defaultValue the value when the request has no {@code fromContext} key, or null
 */
public record HeaderAction(String key, Action action, @Nullable String value, @Nullable String fromContext,
        @Nullable String defaultValue) implements Serializable {

    /** An action with a static value (or none, for {@code delete}). */
    public HeaderAction(String key, Action action, @Nullable String value) {
        this(key, action, value, null, null);
    }

    /** The Collector's header actions. Written case-insensitively. */
    public enum Action implements ConfigEnum {
        /** Sets the header when the request does not carry it. */
        INSERT("insert"),
        /** Replaces the header's value when the request carries it. */
        UPDATE("update"),
        /** Sets the header either way (the default). */
        UPSERT("upsert"),
        /** Removes the header. */
        DELETE("delete");

        private final String configName;

        Action(String configName) {
            this.configName = configName;
        }

        @Override
        public String configName() {
            return configName;
        }
    }

    /** Header values may be secrets (API keys, tenant tokens): never printed. */
    @Override
    public String toString() {
        return "HeaderAction[key=" + key + ", action=" + action.configName()
                + (value == null ? "" : ", value=[REDACTED]") + (fromContext == null ? "" : ", from_context=" + fromContext)
                + (defaultValue == null ? "" : ", default_value=[REDACTED]") + "]";
    }
}
