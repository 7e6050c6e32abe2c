package io.github.otelflink.job.relabel;

import java.util.Locale;
import io.github.otelflink.job.config.ConfigEnum;

/**
 * What a {@link RelabelConfig} (and the relabeler's {@code RelabelRule}) does, with the meaning of
 * Prometheus' {@code relabel_config} {@code action} field ({@code model/relabel/relabel.go}).
 * Written case-insensitively.
 */
public enum RelabelAction implements ConfigEnum {
    /** Sets {@code target_label} (which may use {@code $1}, {@code ${name}}) to the expanded {@code replacement} when the regex matches the joined source values. */
    REPLACE,
    /** Drops the series unless the regex matches the joined source values. */
    KEEP,
    /** Drops the series when the regex matches the joined source values. */
    DROP,
    /** Removes every label whose name matches the regex. */
    LABELDROP,
    /** Removes every label whose name does not match the regex. */
    LABELKEEP,
    /** Copies every label whose name matches the regex to the name given by the expanded {@code replacement}. */
    LABELMAP,
    /** Sets {@code target_label} to the MD5 hash of the joined source values modulo {@code modulus}. */
    HASHMOD,
    /** Sets {@code target_label} to the joined source values in lower case. */
    LOWERCASE,
    /** Sets {@code target_label} to the joined source values in upper case. */
    UPPERCASE,
    /** Drops the series unless the joined source values equal the value of {@code target_label}. */
    KEEPEQUAL,
    /** Drops the series when the joined source values equal the value of {@code target_label}. */
    DROPEQUAL;

    /** The name as written in a configuration file, for example {@code "labelmap"}. */
    @Override
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The action written in a configuration file, case-insensitively as Prometheus reads it.
     *
     * @throws IllegalArgumentException for an unknown action
     */
    public static RelabelAction fromConfigName(String name) {
        for (RelabelAction action : values()) {
            if (action.name().equalsIgnoreCase(name)) {
                return action;
            }
        }
        throw new IllegalArgumentException("unknown relabel action \"" + name + "\"");
    }
}
