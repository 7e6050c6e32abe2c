package io.github.otelflink.job.config;

/** An enum whose constants are written in the configuration file as {@link #configName()}. */
public interface ConfigEnum {

    /** The value as it appears in the YAML file, for example {@code "snappy"}. */
    String configName();
}
