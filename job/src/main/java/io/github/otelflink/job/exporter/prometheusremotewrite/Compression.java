package io.github.otelflink.job.exporter.prometheusremotewrite;

import io.github.otelflink.job.config.ConfigEnum;

/** Request body compression. */
public enum Compression implements ConfigEnum {
    /** Snappy block format, as the remote-write spec requires (the default). */
    SNAPPY("snappy");

    private final String configName;

    Compression(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }
}
