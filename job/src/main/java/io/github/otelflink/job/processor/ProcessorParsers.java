package io.github.otelflink.job.processor;

import io.github.otelflink.job.config.ComponentParser;
import io.github.otelflink.job.processor.batch.BatchProcessorParser;
import io.github.otelflink.job.processor.filter.FilterProcessorParser;
import io.github.otelflink.job.processor.memorylimiter.MemoryLimiterProcessorParser;
import io.github.otelflink.job.processor.resource.ResourceProcessorParser;
import io.github.otelflink.job.processor.transform.TransformProcessorParser;
import java.util.Map;

/** The processor types this job supports, by the type name used in ids. */
public final class ProcessorParsers {

    private static final Map<String, ComponentParser<? extends ProcessorConfig>> PARSERS = Map.of(
            "batch", new BatchProcessorParser(),
            "memory_limiter", new MemoryLimiterProcessorParser(),
            "resource", new ResourceProcessorParser(),
            "transform", new TransformProcessorParser(),
            "filter", new FilterProcessorParser());

    private ProcessorParsers() {}

    /** Parsers keyed by component type. */
    public static Map<String, ComponentParser<? extends ProcessorConfig>> all() {
        return PARSERS;
    }
}
