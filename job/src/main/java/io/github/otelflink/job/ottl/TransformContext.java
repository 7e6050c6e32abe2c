package io.github.otelflink.job.ottl;

import javax.annotation.Nullable;

/**
 * What a compiled statement or condition reads and writes: the current item of its context
 * and the items that enclose it. The pipeline positions one instance on each item in turn and
 * passes it to {@link OttlStatement#execute} or {@link OttlCondition#matches}; statements
 * never see the data model behind it.
 *
 * <p>{@link OtlpTransformContext} implements it over OTLP protobuf builders. Another data
 * model only has to map {@link TelemetryField}s and the three attribute maps.
 *
 * <p>The compiler only hands out fields and attribute owners that the statement's context
 * can see, so implementations need not check visibility.
 */
public interface TransformContext {

    /**
     * The value of {@code field}, of the Java type given by {@link TelemetryField#kind()}, or
     * null when the current item has no such field (e.g. {@code value_double} of a histogram
     * point).
     */
    @Nullable
    Object get(TelemetryField field);

    /**
     * Sets {@code field}. The caller guarantees that {@code value} is non-null, has the type
     * given by {@link TelemetryField#kind()} and that the field is
     * {@link TelemetryField#settable()}; as in OTTL, an item without such a field ignores it.
     */
    void set(TelemetryField field, Object value);

    /**
     * The attributes of the resource ({@link OttlContext#RESOURCE}), the instrumentation scope
     * ({@link OttlContext#SCOPE}) or the data point ({@link OttlContext#DATAPOINT}).
     *
     * @throws IllegalArgumentException for {@link OttlContext#METRIC}, which has none
     */
    AttributeMap attributes(OttlContext owner);
}
