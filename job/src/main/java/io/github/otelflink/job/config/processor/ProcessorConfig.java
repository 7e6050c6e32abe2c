package io.github.otelflink.job.config.processor;

import io.github.otelflink.job.config.ComponentConfig;

/** The configuration of a processor: a step that changes, drops or groups metrics in a pipeline. */
public sealed interface ProcessorConfig extends ComponentConfig
        permits BatchProcessorConfig, MemoryLimiterProcessorConfig, ResourceProcessorConfig,
                TransformProcessorConfig, FilterProcessorConfig {}
