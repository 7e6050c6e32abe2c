package io.github.otelflink.job.processor.resource;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.processor.ProcessorConfig;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code resource} processor: changes resource attributes with an ordered list of
 * {@link AttributeAction}s.
 * <pre>
 * resource:
 *   attributes:                 # required, not empty
 *   - key: cluster.name
 *     value: prometheus-demo-cluster
 *     action: upsert
 * </pre>
 *
 * @param id the component id
 * @param attributes the actions, applied in order
 */
public record ResourceProcessorConfig(ComponentId id, List<AttributeAction> attributes) implements ProcessorConfig {

    public ResourceProcessorConfig {
        attributes = List.copyOf(attributes);
    }

    @Override
    public String describe() {
        return attributes.stream().map(AttributeAction::describe).collect(Collectors.joining(", "));
    }
}
