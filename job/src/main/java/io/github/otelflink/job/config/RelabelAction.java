package io.github.otelflink.job.config;

/** What a {@link RelabelConfig} does, with Prometheus' meaning. Written case-insensitively. */
public enum RelabelAction implements ConfigEnum {
    /** Sets {@code target_label} to {@code replacement} (with {@code $1} etc.) when the regex matches. */
    REPLACE("replace"),
    /** Drops the series unless the regex matches the joined source labels. */
    KEEP("keep"),
    /** Drops the series when the regex matches the joined source labels. */
    DROP("drop"),
    /** Removes every label whose name matches the regex. */
    LABELDROP("labeldrop"),
    /** Removes every label whose name does not match the regex. */
    LABELKEEP("labelkeep"),
    /** Copies every label whose name matches the regex to the name given by {@code replacement}. */
    LABELMAP("labelmap"),
    /** Sets {@code target_label} to the hash of the joined source labels modulo {@code modulus}. */
    HASHMOD("hashmod"),
    /** Sets {@code target_label} to the joined source labels in lower case. */
    LOWERCASE("lowercase"),
    /** Sets {@code target_label} to the joined source labels in upper case. */
    UPPERCASE("uppercase"),
    /** Drops the series unless the joined source labels equal {@code target_label}'s value. */
    KEEPEQUAL("keepequal"),
    /** Drops the series when the joined source labels equal {@code target_label}'s value. */
    DROPEQUAL("dropequal");

    private final String configName;

    RelabelAction(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }
}
