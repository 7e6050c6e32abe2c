package io.github.otelflink.job.processor;

import io.github.otelflink.job.config.ComponentConfig;

/**
 * The configuration of a processor: a step that changes, drops or groups metrics in a pipeline.
 * The kinds are those of {@link ProcessorParsers}: {@code batch}, {@code memory_limiter},
 * {@code resource}, {@code transform}, {@code filter}. Not sealed: outside a named module a sealed
 * type's permitted kinds must share its package, and each kind has its own
 * ({@code processor/<type>/}).
 */
public interface ProcessorConfig extends ComponentConfig {}
