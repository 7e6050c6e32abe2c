/**
 * The configuration framework: one YAML file in the OpenTelemetry Collector's shape, loaded by
 * {@link io.github.otelflink.job.config.PipelineConfigLoader} into immutable, serializable
 * records ({@link io.github.otelflink.job.config.PipelineConfig}), with environment substitution,
 * Go durations and byte sizes, component ids, errors with suggestions, the {@code service}
 * section and the TLS settings shared by several components. Each component's config record and
 * parser (which owns the defaults) live with the component: {@code receiver/<type>/},
 * {@code processor/<type>/}, {@code exporter/<type>/}, {@code extension/<type>/}; relabel
 * configs, shared by the {@code prometheus} receiver and the remote-write exporter, in
 * {@code relabel/}.
 */
@ParametersAreNonnullByDefault
package io.github.otelflink.job.config;

import javax.annotation.ParametersAreNonnullByDefault;
