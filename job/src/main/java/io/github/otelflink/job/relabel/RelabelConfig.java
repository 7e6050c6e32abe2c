package io.github.otelflink.job.relabel;

import io.github.otelflink.job.pdata.GoRegex;
import java.io.Serializable;
import java.util.List;

/**
 * One Prometheus {@code relabel_config}, validated as Prometheus validates it:
 * <pre>
 * - source_labels: [__name__]   # joined with separator, then matched by regex
 *   separator: ";"              # default ";"
 *   regex: "(.*)"               # default "(.*)"; RE2 syntax, anchored at both ends
 *   target_label: original_name
 *   replacement: "$1"           # default "$1"; $1, ${1} and ${name} refer to groups
 *   modulus: 0                  # for hashmod
 *   action: replace             # default replace
 * </pre>
 *
 * @param sourceLabels labels whose values are joined, in this order
 * @param separator put between the source label values
 * @param regex the expression, anchored ({@link GoRegex#anchored()} is true)
 * @param targetLabel the label written by replace, hashmod, lowercase, uppercase (and
 *     compared by keepequal/dropequal); empty when not set
 * @param replacement the value written, with group references
 * @param modulus for hashmod; 0 otherwise
 * @param action what to do
 */
public record RelabelConfig(
        List<String> sourceLabels,
        String separator,
        GoRegex regex,
        String targetLabel,
        String replacement,
        long modulus,
        RelabelAction action)
        implements Serializable {

    public static final String DEFAULT_SEPARATOR = ";";
    public static final String DEFAULT_REGEX = "(.*)";
    public static final String DEFAULT_REPLACEMENT = "$1";

    public RelabelConfig {
        sourceLabels = List.copyOf(sourceLabels);
    }

    /** A short form for plans and logs, for example {@code replace [__name__] -> original_name}. */
    public String describe() {
        StringBuilder out = new StringBuilder(action.configName());
        if (!sourceLabels.isEmpty()) {
            out.append(' ').append(sourceLabels);
        }
        if (!regex.source().equals(DEFAULT_REGEX)) {
            out.append(" =~ ").append(regex.source());
        }
        if (!targetLabel.isEmpty()) {
            out.append(" -> ").append(targetLabel);
        }
        return out.toString();
    }
}
