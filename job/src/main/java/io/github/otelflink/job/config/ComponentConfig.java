package io.github.otelflink.job.config;

import java.io.Serializable;

/**
 * The configuration of one receiver, processor or exporter. Implementations are immutable
 * records, serializable so that Flink operators can carry them.
 */
public interface ComponentConfig extends Serializable {

    /** The id the component has in the file, for example {@code prometheusremotewrite/tenant1}. */
    ComponentId id();

    /** A one-line summary of what the component will do, for {@link PipelineConfig#describePlan()}. */
    String describe();
}
