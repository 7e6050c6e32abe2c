package io.github.otelflink.job.relabel;

import io.github.otelflink.job.pdata.LabelNames;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One Prometheus {@code relabel_config}, with Prometheus' defaults and the checks of its
 * {@code relabel.Config.Validate} (legacy label-name validation):
 * <pre>
 * - source_labels: [__name__]   # values joined with separator, then matched by regex
 *   separator: ";"              # default ";"
 *   regex: "(.*)"               # default "(.*)"; RE2 syntax, anchored at both ends
 *   target_label: original_name
 *   replacement: "$1"           # default "$1"
 *   modulus: 0                  # hashmod only
 *   action: replace             # default replace
 * </pre>
 *
 * <p>Null components take the defaults (an empty list, {@code ";"}, {@code "(.*)"}, {@code ""},
 * {@code "$1"}, {@link RelabelAction#REPLACE}). An invalid rule cannot be constructed: the
 * constructor throws {@link RelabelRuleException}, whose message names the field at fault.
 *
 * <p>Source label names are kept as written; {@link #lookupLabels()} gives the names the OTel
 * translation gives them, which the {@link Relabeler} reads when a name is not a valid Prometheus
 * label name or no label has it as written (see there).
 *
 * @param sourceLabels labels whose values are joined, in this order
 * @param separator put between the source values
 * @param regex RE2 expression, anchored by the relabeler ({@code ^(?s:regex)$})
 * @param targetLabel the label written by replace, hashmod, lowercase, uppercase (read by
 *     keepequal/dropequal); empty when not set
 * @param replacement the value written by replace, the new name written by labelmap; may refer
 *     to groups ({@code $1}, {@code ${1}}, {@code $name}, {@code ${name}})
 * @param modulus the hashmod modulus; 0 when not set
 * @param action what the rule does
 */
public record RelabelRule(
        List<String> sourceLabels,
        String separator,
        String regex,
        String targetLabel,
        String replacement,
        long modulus,
        RelabelAction action)
        implements Serializable {

    public static final String DEFAULT_SEPARATOR = ";";
    public static final String DEFAULT_REGEX = "(.*)";
    public static final String DEFAULT_REPLACEMENT = "$1";

    // Prometheus' relabelTargetLegacy: label-name characters with $1 / ${name} references.
    private static final Pattern TARGET_WITH_REFERENCES =
            Pattern.compile("^(?:(?:[a-zA-Z_]|\\$(?:\\{\\w+\\}|\\w+))+\\w*)+$");

    public RelabelRule {
        sourceLabels = sourceLabels == null ? List.of() : List.copyOf(sourceLabels);
        separator = separator == null ? DEFAULT_SEPARATOR : separator;
        regex = regex == null ? DEFAULT_REGEX : regex;
        targetLabel = targetLabel == null ? "" : targetLabel;
        replacement = replacement == null ? DEFAULT_REPLACEMENT : replacement;
        action = action == null ? RelabelAction.REPLACE : action;
        validate(sourceLabels, separator, regex, targetLabel, replacement, modulus, action);
    }

    /** A builder starting from Prometheus' defaults (action replace, regex (.*), replacement $1). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The rule of a parsed configuration entry.
     *
     * @throws RelabelRuleException when the entry breaks a rule the parser did not check
     */
    public static RelabelRule fromConfig(RelabelConfig config) {
        return new RelabelRule(config.sourceLabels(), config.separator(), config.regex().source(),
                config.targetLabel(), config.replacement(), config.modulus(), config.action());
    }

    /**
     * The label names the translator gives {@link #sourceLabels()} as attribute keys
     * ({@link LabelNames#sanitize}: {@code cluster.name} → {@code cluster_name}, {@code _id} →
     * {@code key_id}; {@code __name__} stays); see {@link Relabeler} for when they are read.
     */
    public List<String> lookupLabels() {
        List<String> names = new ArrayList<>(sourceLabels.size());
        for (String name : sourceLabels) {
            names.add(LabelNames.sanitize(name));
        }
        return names;
    }

    /** A short form for plans and logs, for example {@code replace [__name__] -> original_name}. */
    public String describe() {
        StringBuilder out = new StringBuilder(action.configName());
        if (!sourceLabels.isEmpty()) {
            out.append(' ').append(sourceLabels);
        }
        if (!regex.equals(DEFAULT_REGEX)) {
            out.append(" =~ ").append(regex);
        }
        if (!targetLabel.isEmpty()) {
            out.append(" -> ").append(targetLabel);
        }
        return out.toString();
    }

    private static void validate(List<String> sourceLabels, String separator, String regex, String targetLabel,
            String replacement, long modulus, RelabelAction action) {
        String name = action.configName();
        for (String label : sourceLabels) {
            if (label == null || label.isEmpty()) {
                throw new RelabelRuleException("source_labels", "contains an empty label name");
            }
        }
        try {
            Regexes.anchored(regex);
        } catch (IllegalArgumentException e) {
            throw new RelabelRuleException("regex", "invalid regular expression \"" + regex + "\": " + e.getMessage());
        }
        if (modulus < 0) {
            throw new RelabelRuleException("modulus", "must not be negative, got " + modulus);
        }
        if (action == RelabelAction.HASHMOD && modulus == 0) {
            throw new RelabelRuleException("modulus", "the hashmod action requires a modulus greater than 0");
        }
        boolean needsTarget = switch (action) {
            case REPLACE, HASHMOD, LOWERCASE, UPPERCASE, KEEPEQUAL, DROPEQUAL -> true;
            default -> false;
        };
        if (needsTarget && targetLabel.isEmpty()) {
            throw new RelabelRuleException("target_label", "required for the " + name + " action");
        }
        if (action == RelabelAction.REPLACE) {
            boolean valid = targetLabel.contains("$")
                    ? TARGET_WITH_REFERENCES.matcher(targetLabel).matches()
                    : LabelNames.isValid(targetLabel);
            if (!valid) {
                throw new RelabelRuleException("target_label", "\"" + targetLabel
                        + "\" is not a valid label name (with $1 or ${name} references) for the replace action");
            }
        }
        boolean noReplacement = switch (action) {
            case LOWERCASE, UPPERCASE, KEEPEQUAL, DROPEQUAL -> true;
            default -> false;
        };
        if ((noReplacement || action == RelabelAction.HASHMOD) && !LabelNames.isValid(targetLabel)) {
            throw new RelabelRuleException("target_label",
                    "\"" + targetLabel + "\" is not a valid label name for the " + name + " action");
        }
        if (noReplacement && !replacement.equals(DEFAULT_REPLACEMENT)) {
            throw new RelabelRuleException("replacement", "cannot be set for the " + name + " action");
        }
        if (action == RelabelAction.LABELMAP && !TARGET_WITH_REFERENCES.matcher(replacement).matches()) {
            throw new RelabelRuleException("replacement", "\"" + replacement
                    + "\" is not a valid label name (with $1 or ${name} references) for the labelmap action");
        }
        if (action == RelabelAction.KEEPEQUAL || action == RelabelAction.DROPEQUAL) {
            String only = "the " + name + " action takes only source_labels and target_label";
            if (!regex.equals(DEFAULT_REGEX)) {
                throw new RelabelRuleException("regex", only);
            }
            if (modulus != 0) {
                throw new RelabelRuleException("modulus", only);
            }
            if (!separator.equals(DEFAULT_SEPARATOR)) {
                throw new RelabelRuleException("separator", only);
            }
        }
        if (action == RelabelAction.LABELDROP || action == RelabelAction.LABELKEEP) {
            String only = "the " + name + " action takes only regex";
            if (!sourceLabels.isEmpty()) {
                throw new RelabelRuleException("source_labels", only);
            }
            if (!targetLabel.isEmpty()) {
                throw new RelabelRuleException("target_label", only);
            }
            if (modulus != 0) {
                throw new RelabelRuleException("modulus", only);
            }
            if (!separator.equals(DEFAULT_SEPARATOR)) {
                throw new RelabelRuleException("separator", only);
            }
            if (!replacement.equals(DEFAULT_REPLACEMENT)) {
                throw new RelabelRuleException("replacement", only);
            }
        }
    }

    /** Builds a {@link RelabelRule}; unset fields keep Prometheus' defaults. */
    public static final class Builder {
        private List<String> sourceLabels = List.of();
        private String separator = DEFAULT_SEPARATOR;
        private String regex = DEFAULT_REGEX;
        private String targetLabel = "";
        private String replacement = DEFAULT_REPLACEMENT;
        private long modulus;
        private RelabelAction action = RelabelAction.REPLACE;

        private Builder() {}

        public Builder sourceLabels(String... names) {
            this.sourceLabels = Arrays.asList(names);
            return this;
        }

        public Builder sourceLabels(List<String> names) {
            this.sourceLabels = names;
            return this;
        }

        public Builder separator(String separator) {
            this.separator = separator;
            return this;
        }

        public Builder regex(String regex) {
            this.regex = regex;
            return this;
        }

        public Builder targetLabel(String targetLabel) {
            this.targetLabel = targetLabel;
            return this;
        }

        public Builder replacement(String replacement) {
            this.replacement = replacement;
            return this;
        }

        public Builder modulus(long modulus) {
            this.modulus = modulus;
            return this;
        }

        public Builder action(RelabelAction action) {
            this.action = action;
            return this;
        }

        /** @throws RelabelRuleException when the rule is invalid */
        public RelabelRule build() {
            return new RelabelRule(sourceLabels, separator, regex, targetLabel, replacement, modulus, action);
        }
    }
}
