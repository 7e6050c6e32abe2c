/**
 * Exporters: where a pipeline's metrics go. One package per exporter type
 * ({@code prometheusremotewrite}, {@code debug}), each with its config record, its parser and its
 * behaviour. Here: the common {@link io.github.otelflink.job.exporter.ExporterConfig} and the
 * parsers by type.
 */
@ParametersAreNonnullByDefault
package io.github.otelflink.job.exporter;

import javax.annotation.ParametersAreNonnullByDefault;
