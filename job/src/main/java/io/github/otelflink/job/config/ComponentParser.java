package io.github.otelflink.job.config;

import javax.annotation.Nullable;

/**
 * Reads one component type's map into its config record, owning the type's defaults and
 * validation. Problems are reported on the node, never thrown.
 *
 * @param <C> the config record
 */
@FunctionalInterface
public interface ComponentParser<C extends ComponentConfig> {

    /**
     * Reads the component.
     *
     * @param id the component's id
     * @param node its map; absent when the file has only {@code batch:}, which means all defaults
     * @return the config, or null when the problems reported leave nothing usable
     */
    @Nullable
    C parse(ComponentId id, ConfigNode node);
}
