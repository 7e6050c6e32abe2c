/**
 * Processors: steps that change, drop or group metrics in a pipeline. One package per processor
 * type ({@code batch}, {@code memorylimiter}, {@code filter}, {@code resource}, {@code transform}),
 * each with its config record, its parser and its behaviour. Here: the common
 * {@link io.github.otelflink.job.processor.ProcessorConfig}, the parsers by type, the
 * {@link io.github.otelflink.job.processor.ErrorMode} shared by filter and transform, and the
 * {@link io.github.otelflink.job.processor.MetricsProcessor} step each kind compiles to. The
 * pipeline runs them in order ({@code pipeline/ProcessorChain}).
 */
@ParametersAreNonnullByDefault
package io.github.otelflink.job.processor;

import javax.annotation.ParametersAreNonnullByDefault;
