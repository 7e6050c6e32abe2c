package io.github.otelflink.job.ottl;

import java.util.Locale;

/**
 * The OTTL contexts for metrics, from the outside in. A statement runs once per item of its
 * context and may read and write that item and every enclosing one: a {@link #DATAPOINT}
 * statement sees its data point, metric, scope and resource; a {@link #RESOURCE} statement
 * sees only the resource.
 */
public enum OttlContext {
    RESOURCE("resource"),
    SCOPE("scope"),
    METRIC("metric"),
    DATAPOINT("datapoint");

    private final String configName;

    OttlContext(String configName) {
        this.configName = configName;
    }

    /** The name used in the transform processor's {@code context:} key and in path prefixes. */
    public String configName() {
        return configName;
    }

    /** True when statements of this context may use paths of {@code level}. */
    public boolean canSee(OttlContext level) {
        return level.ordinal() <= ordinal();
    }

    /**
     * The context named in a configuration ({@code resource}, {@code scope},
     * {@code metric}, {@code datapoint}; case-insensitive).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static OttlContext fromConfigName(String name) {
        String lower = name.trim().toLowerCase(Locale.ROOT);
        for (OttlContext context : values()) {
            if (context.configName.equals(lower)) {
                return context;
            }
        }
        throw new IllegalArgumentException(
                "unknown context '" + name + "'; expected one of resource, scope, metric, datapoint");
    }

    @Override
    public String toString() {
        return configName;
    }
}
