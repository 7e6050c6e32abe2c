package io.github.otelflink.job.ottl;

/**
 * The scalar fields a statement can read or write through {@link TransformContext}, with the
 * level that owns each one and the Java type of its values. Attributes are not fields: they
 * are reached through {@link TransformContext#attributes(OttlContext)}.
 *
 * <p>Values are {@link String} ({@link Kind#STRING}), {@link Long} ({@link Kind#INT}: every
 * OTLP integer, as OTTL's int64), {@link Double} ({@link Kind#DOUBLE}) or {@link Boolean}
 * ({@link Kind#BOOL}).
 */
public enum TelemetryField {
    RESOURCE_DROPPED_ATTRIBUTES_COUNT(OttlContext.RESOURCE, "dropped_attributes_count", Kind.INT, true),
    /** {@code ResourceMetrics.schema_url}. */
    RESOURCE_SCHEMA_URL(OttlContext.RESOURCE, "schema_url", Kind.STRING, true),

    SCOPE_NAME(OttlContext.SCOPE, "name", Kind.STRING, true),
    SCOPE_VERSION(OttlContext.SCOPE, "version", Kind.STRING, true),
    SCOPE_DROPPED_ATTRIBUTES_COUNT(OttlContext.SCOPE, "dropped_attributes_count", Kind.INT, true),
    /** {@code ScopeMetrics.schema_url}. */
    SCOPE_SCHEMA_URL(OttlContext.SCOPE, "schema_url", Kind.STRING, true),

    METRIC_NAME(OttlContext.METRIC, "name", Kind.STRING, true),
    METRIC_DESCRIPTION(OttlContext.METRIC, "description", Kind.STRING, true),
    METRIC_UNIT(OttlContext.METRIC, "unit", Kind.STRING, true),
    /** The data type as OTTL's {@code METRIC_DATA_TYPE_*} enum: none 0, gauge 1, sum 2, histogram 3, exponential histogram 4, summary 5. */
    METRIC_TYPE(OttlContext.METRIC, "type", Kind.INT, false),
    /** {@code AggregationTemporality} number of a sum or (exponential) histogram; null for other types. */
    METRIC_AGGREGATION_TEMPORALITY(OttlContext.METRIC, "aggregation_temporality", Kind.INT, true),
    /** Monotonicity of a sum; null for other types. */
    METRIC_IS_MONOTONIC(OttlContext.METRIC, "is_monotonic", Kind.BOOL, true),

    DATAPOINT_TIME_UNIX_NANO(OttlContext.DATAPOINT, "time_unix_nano", Kind.INT, true),
    DATAPOINT_START_TIME_UNIX_NANO(OttlContext.DATAPOINT, "start_time_unix_nano", Kind.INT, true),
    DATAPOINT_FLAGS(OttlContext.DATAPOINT, "flags", Kind.INT, true),
    /** The double value of a number data point (0.0 when it holds an int); null for other point types. */
    DATAPOINT_VALUE_DOUBLE(OttlContext.DATAPOINT, "value_double", Kind.DOUBLE, true),
    /** The int value of a number data point (0 when it holds a double); null for other point types. */
    DATAPOINT_VALUE_INT(OttlContext.DATAPOINT, "value_int", Kind.INT, true),
    /** Count of a histogram, exponential histogram or summary point. */
    DATAPOINT_COUNT(OttlContext.DATAPOINT, "count", Kind.INT, true),
    /** Sum of a histogram, exponential histogram or summary point; null when absent. */
    DATAPOINT_SUM(OttlContext.DATAPOINT, "sum", Kind.DOUBLE, true),
    /** Scale of an exponential histogram point. */
    DATAPOINT_SCALE(OttlContext.DATAPOINT, "scale", Kind.INT, true),
    /** Zero count of an exponential histogram point. */
    DATAPOINT_ZERO_COUNT(OttlContext.DATAPOINT, "zero_count", Kind.INT, true);

    /** The Java type of a field's values. */
    public enum Kind {
        STRING,
        INT,
        DOUBLE,
        BOOL;

        /** True when {@code value} has this kind's Java type. */
        public boolean accepts(Object value) {
            switch (this) {
                case STRING: return value instanceof String;
                case INT: return value instanceof Long;
                case DOUBLE: return value instanceof Double;
                default: return value instanceof Boolean;
            }
        }
    }

    private final OttlContext level;
    private final String pathName;
    private final Kind kind;
    private final boolean settable;

    TelemetryField(OttlContext level, String pathName, Kind kind, boolean settable) {
        this.level = level;
        this.pathName = pathName;
        this.kind = kind;
        this.settable = settable;
    }

    /** The item that owns the field. */
    public OttlContext level() {
        return level;
    }

    /** The path segment naming the field within its level, e.g. {@code name}. */
    public String pathName() {
        return pathName;
    }

    public Kind kind() {
        return kind;
    }

    /** False for fields OTTL cannot change (the metric type). */
    public boolean settable() {
        return settable;
    }

    /** The field of {@code level} named {@code pathName}, or null. */
    static TelemetryField find(OttlContext level, String pathName) {
        for (TelemetryField field : values()) {
            if (field.level == level && field.pathName.equals(pathName)) {
                return field;
            }
        }
        return null;
    }
}
