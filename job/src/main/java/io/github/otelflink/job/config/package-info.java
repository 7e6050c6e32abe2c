/**
 * The job's configuration: one YAML file in the OpenTelemetry Collector's shape, loaded by
 * {@link io.github.otelflink.job.config.PipelineConfigLoader} into immutable, serializable
 * records ({@link io.github.otelflink.job.config.PipelineConfig}). Component configs live in
 * the {@code receiver}, {@code processor} and {@code exporter} subpackages, one record and
 * one parser per component type; the parser owns the defaults.
 */
@ParametersAreNonnullByDefault
package io.github.otelflink.job.config;

import javax.annotation.ParametersAreNonnullByDefault;
