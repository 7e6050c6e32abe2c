package io.github.otelflink.job.processor;

import io.github.otelflink.job.config.ConfigEnum;
import java.util.Locale;

/**
 * What the transform and filter processors do when an OTTL statement or condition fails on an
 * item at run time (a type error, a division by zero, ...), as the Collector's {@code error_mode}.
 * Compile errors are never affected: they always fail at start-up.
 */
public enum ErrorMode implements ConfigEnum {
    /** Log the failure (throttled), skip the statement and carry on with the next one. */
    IGNORE("ignore"),
    /** Skip the statement and carry on, without logging. */
    SILENT("silent"),
    /** Stop and throw (OTTL's {@code OttlEvaluationException}): the whole request fails (the default). */
    PROPAGATE("propagate");

    private final String configName;

    ErrorMode(String configName) {
        this.configName = configName;
    }

    /** The value used in the {@code error_mode:} key. */
    @Override
    public String configName() {
        return configName;
    }

    /**
     * The mode named in a configuration (case-insensitive).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static ErrorMode fromConfigName(String name) {
        String lower = name.trim().toLowerCase(Locale.ROOT);
        for (ErrorMode mode : values()) {
            if (mode.configName.equals(lower)) {
                return mode;
            }
        }
        throw new IllegalArgumentException(
                "unknown error_mode '" + name + "'; expected one of ignore, silent, propagate");
    }
}
