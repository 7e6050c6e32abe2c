/**
 * A subset of the OpenTelemetry Transformation Language (OTTL) for metrics: a hand-written
 * parser, a compiler to small evaluator objects, and the transform processor over OTLP
 * builders.
 *
 * <p>Entry points: {@link io.github.otelflink.job.ottl.OttlStatement#compile},
 * {@link io.github.otelflink.job.ottl.OttlCondition#compile},
 * {@link io.github.otelflink.job.ottl.ContextStatements},
 * {@link io.github.otelflink.job.ottl.OttlTransformer} and, for filters,
 * {@link io.github.otelflink.job.ottl.OttlConditions} with
 * {@link io.github.otelflink.job.ottl.OtlpTransformContext}. Other data models implement
 * {@link io.github.otelflink.job.ottl.TransformContext}.
 *
 * <p>Supported: contexts {@code resource}, {@code scope}, {@code metric}, {@code datapoint};
 * editors {@code set}, {@code delete_key}, {@code delete_matching_keys}, {@code keep_keys},
 * {@code keep_matching_keys}, {@code limit}, {@code truncate_all}, {@code replace_pattern},
 * {@code replace_all_patterns}; converters {@code Concat}, {@code IsMatch},
 * {@code ConvertCase}, {@code Substring}, {@code Split}; literals (strings with Go escapes,
 * ints, floats, bools, {@code nil}, {@code 0x} bytes, lists), enums, math expressions,
 * comparisons, {@code and}/{@code or}/{@code not} and parentheses.
 *
 * <p>Extensions (not OTTL, kept because the blueprint's statements use them): {@code +} on
 * strings concatenates ({@code Concat([a, b], "")}); {@code x matches "re"} is
 * {@code IsMatch(x, "re")}.
 *
 * <p>Not supported: maps {@code {...}}, named arguments, optional function arguments,
 * {@code cache}, time values, other functions.
 */
@ParametersAreNonnullByDefault
package io.github.otelflink.job.ottl;

import javax.annotation.ParametersAreNonnullByDefault;
