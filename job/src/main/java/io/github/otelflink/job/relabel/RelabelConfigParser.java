package io.github.otelflink.job.relabel;

import io.github.otelflink.job.config.ConfigNode;
import io.github.otelflink.job.pdata.GoRegex;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import javax.annotation.Nullable;

/**
 * Reads lists of Prometheus relabel configs ({@code metric_relabel_configs},
 * {@code write_relabel_configs}) with Prometheus' defaults and its validation rules.
 */
public final class RelabelConfigParser {

    // Prometheus' relabelTarget: label name characters, with $1 / ${name} references.
    private static final Pattern TARGET = Pattern.compile("^(?:(?:[a-zA-Z_]|\\$(?:\\{\\w+\\}|\\w+))+\\w*)+$");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<RelabelAction> NEED_TARGET = EnumSet.of(RelabelAction.REPLACE, RelabelAction.HASHMOD,
            RelabelAction.LOWERCASE, RelabelAction.UPPERCASE, RelabelAction.KEEPEQUAL, RelabelAction.DROPEQUAL);
    private static final Set<RelabelAction> NO_REPLACEMENT = EnumSet.of(RelabelAction.LOWERCASE,
            RelabelAction.UPPERCASE, RelabelAction.KEEPEQUAL, RelabelAction.DROPEQUAL);

    private RelabelConfigParser() {}

    /** Reads the list under {@code key}; absent gives an empty list. */
    public static List<RelabelConfig> parseList(ConfigNode parent, String key) {
        List<RelabelConfig> configs = new ArrayList<>();
        for (ConfigNode node : parent.list(key)) {
            RelabelConfig config = parse(node);
            if (config != null) {
                configs.add(config);
            }
        }
        return List.copyOf(configs);
    }

    /** True for names Prometheus accepts without UTF-8 support: {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
    public static boolean isLegacyLabelName(String name) {
        return LABEL_NAME.matcher(name).matches();
    }

    @Nullable
    static RelabelConfig parse(ConfigNode node) {
        if (!node.isPresent()) {
            node.error("expected a relabel config, got nothing");
            return null;
        }
        List<String> sourceLabels = node.stringList("source_labels");
        String separator = node.string("separator", RelabelConfig.DEFAULT_SEPARATOR);
        String regexText = node.string("regex", RelabelConfig.DEFAULT_REGEX);
        String targetLabel = node.string("target_label", "");
        String replacement = node.string("replacement", RelabelConfig.DEFAULT_REPLACEMENT);
        long modulus = node.integer("modulus", 0, 0, Long.MAX_VALUE);
        RelabelAction action = node.optionalChoice("action", RelabelAction.class, true);
        node.finish();

        GoRegex regex = null;
        try {
            regex = GoRegex.compileAnchored(regexText);
        } catch (IllegalArgumentException e) {
            node.error("regex", "invalid regular expression " + ConfigNode.quote(regexText) + ": " + e.getMessage());
        }
        if (action == null) {
            action = node.hasValue("action") ? null : RelabelAction.REPLACE;
        }
        if (action == null || regex == null) {
            return null;
        }
        boolean valid = validate(node, action, separator, regexText, targetLabel, replacement, modulus);
        return valid ? new RelabelConfig(sourceLabels, separator, regex, targetLabel, replacement, modulus, action) : null;
    }

    private static boolean validate(ConfigNode node, RelabelAction action, String separator, String regex,
            String targetLabel, String replacement, long modulus) {
        String name = action.configName();
        boolean valid = true;
        if (action == RelabelAction.HASHMOD && modulus == 0) {
            node.error("modulus", "the hashmod action needs a modulus greater than 0");
            valid = false;
        }
        if (NEED_TARGET.contains(action) && targetLabel.isEmpty()) {
            node.error("target_label", "required for the " + name + " action");
            return false;
        }
        if (action == RelabelAction.HASHMOD && !LABEL_NAME.matcher(targetLabel).matches()) {
            node.error("target_label", ConfigNode.quote(targetLabel) + " is not a valid label name for the hashmod action");
            valid = false;
        } else if (NEED_TARGET.contains(action) && !TARGET.matcher(targetLabel).matches()) {
            node.error("target_label", ConfigNode.quote(targetLabel) + " is not a valid label name (with $1 or ${name}"
                    + " references) for the " + name + " action");
            valid = false;
        }
        if (NO_REPLACEMENT.contains(action) && !replacement.equals(RelabelConfig.DEFAULT_REPLACEMENT)) {
            node.error("replacement", "cannot be set for the " + name + " action");
            valid = false;
        }
        if (action == RelabelAction.LABELMAP && !TARGET.matcher(replacement).matches()) {
            node.error("replacement", ConfigNode.quote(replacement) + " is not a valid label name (with $1 or ${name}"
                    + " references) for the labelmap action");
            valid = false;
        }
        if ((action == RelabelAction.KEEPEQUAL || action == RelabelAction.DROPEQUAL)
                && (!regex.equals(RelabelConfig.DEFAULT_REGEX) || modulus != 0
                        || !separator.equals(RelabelConfig.DEFAULT_SEPARATOR))) {
            node.error("the " + name + " action takes only source_labels and target_label");
            valid = false;
        }
        if ((action == RelabelAction.LABELDROP || action == RelabelAction.LABELKEEP)
                && (node.hasValue("source_labels") || !targetLabel.isEmpty() || modulus != 0
                        || !separator.equals(RelabelConfig.DEFAULT_SEPARATOR)
                        || !replacement.equals(RelabelConfig.DEFAULT_REPLACEMENT))) {
            node.error("the " + name + " action takes only regex");
            valid = false;
        }
        return valid;
    }
}
