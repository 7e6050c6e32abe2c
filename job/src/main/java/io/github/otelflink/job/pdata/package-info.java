/**
 * The job's one home for what the Collector's {@code pdata} and its Go runtime decide about OTLP
 * data, shared by the translation to Prometheus, OTTL, the resource processor and relabelling:
 * attribute values as strings ({@link io.github.otelflink.job.pdata.AttributeValues}: pdata's
 * {@code AsString} and OTTL's string-like conversion), label names
 * ({@link io.github.otelflink.job.pdata.LabelNames}), Go's float formatting
 * ({@link io.github.otelflink.job.pdata.GoFloats}), string order and hex
 * ({@link io.github.otelflink.job.pdata.GoStrings}) and RE2 regular expressions
 * ({@link io.github.otelflink.job.pdata.GoRegex}). Each rule is written once, here; every class
 * names the Collector source it follows. {@code CollectorParityTest} checks them against rows
 * taken from the Collector's own tests.
 */
@ParametersAreNonnullByDefault
package io.github.otelflink.job.pdata;

import javax.annotation.ParametersAreNonnullByDefault;
