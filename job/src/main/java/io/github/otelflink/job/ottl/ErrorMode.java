package io.github.otelflink.job.ottl;

import java.util.Locale;

/**
 * What happens when a statement or condition fails on an item at run time (a type error,
 * a division by zero, ...), as the Collector's {@code error_mode}. Compile errors are never
 * affected: they always fail at start-up.
 */
public enum ErrorMode {
    /** Log the failure (throttled), skip the statement and carry on with the next one. */
    IGNORE("ignore"),
    /** Skip the statement and carry on, without logging. */
    SILENT("silent"),
    /** Stop and throw {@link OttlEvaluationException}: the whole request fails. */
    PROPAGATE("propagate");

    private final String configName;

    ErrorMode(String configName) {
        this.configName = configName;
    }

    /** The value used in the {@code error_mode:} key. */
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

    @Override
    public String toString() {
        return configName;
    }
}
