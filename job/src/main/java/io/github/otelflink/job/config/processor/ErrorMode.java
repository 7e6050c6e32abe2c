package io.github.otelflink.job.config.processor;

import io.github.otelflink.job.config.ConfigEnum;

/** What the transform and filter processors do when an OTTL statement or condition fails. */
public enum ErrorMode implements ConfigEnum {
    /** Log the error and go on with the next statement. */
    IGNORE("ignore"),
    /** Go on with the next statement without logging. */
    SILENT("silent"),
    /** Fail the whole payload (the default). */
    PROPAGATE("propagate");

    private final String configName;

    ErrorMode(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }
}
