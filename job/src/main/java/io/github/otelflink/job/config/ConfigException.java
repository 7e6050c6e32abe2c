package io.github.otelflink.job.config;

import java.util.List;

/**
 * The configuration is invalid. Carries every problem found, not only the first one, so a
 * user fixes the file in one round:
 *
 * <pre>
 * invalid configuration (2 errors):
 *   exporters.prometheusremotewrite.retry_on_failure.initial_interval: expected a duration like "5s", got "fast"
 *   exporters.prometheusremotewrite.tls.ca_flie: unknown key (did you mean ca_file?)
 * </pre>
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<ConfigError> errors;

    public ConfigException(List<ConfigError> errors) {
        super(format(errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    /** Every problem, in the order the file was read. */
    public List<ConfigError> errors() {
        return errors;
    }

    private static String format(List<ConfigError> errors) {
        StringBuilder out = new StringBuilder("invalid configuration (")
                .append(errors.size())
                .append(errors.size() == 1 ? " error):" : " errors):");
        for (ConfigError error : errors) {
            out.append("\n  ").append(error);
        }
        return out.toString();
    }
}
