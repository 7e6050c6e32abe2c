package io.github.otelflink.job.config.exporter;

import io.github.otelflink.job.config.ComponentConfig;

/** The configuration of an exporter: where a pipeline's metrics go. */
public sealed interface ExporterConfig extends ComponentConfig
        permits PrometheusRemoteWriteExporterConfig, DebugExporterConfig {}
