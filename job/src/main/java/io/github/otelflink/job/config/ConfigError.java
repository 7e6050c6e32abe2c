package io.github.otelflink.job.config;

import java.io.Serializable;
import java.util.Objects;

/**
 * One problem found in the configuration file.
 *
 * @param path where the problem is, as dotted keys and list indices, for example
 *     {@code exporters.prometheusremotewrite.tls.ca_file} or
 *     {@code processors.resource.attributes[0].action}; empty for the file as a whole
 * @param message what was expected and what was found
 */
public record ConfigError(String path, String message) implements Serializable {

    public ConfigError {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** {@code path: message}, or just the message when the problem concerns the whole file. */
    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
