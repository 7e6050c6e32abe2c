package io.github.otelflink.job.exporter;

import io.github.otelflink.job.config.ComponentConfig;

/**
 * The configuration of an exporter: where a pipeline's metrics go. The kinds are those of
 * {@link ExporterParsers}: {@code prometheusremotewrite}, {@code debug}. Not sealed: outside a
 * named module a sealed type's permitted kinds must share its package, and each kind has its own
 * ({@code exporter/<type>/}).
 */
public interface ExporterConfig extends ComponentConfig {}
