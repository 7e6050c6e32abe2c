package io.github.otelflink.job.relabel;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.github.otelflink.job.pdata.GoRegex;
import io.github.otelflink.job.pdata.LabelNames;
import io.github.otelflink.sink.remotewrite.model.Labels;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.annotation.Nullable;

/**
 * Applies a list of Prometheus relabel rules to label sets, with the semantics of Prometheus'
 * {@code model/relabel/relabel.go} ({@code relabel.Process}):
 * <ul>
 *   <li>The values of {@code source_labels} (an absent label counts as {@code ""}) are joined
 *       with {@code separator}; {@code regex} must match the whole joined value
 *       ({@code ^(?s:regex)$}, RE2 syntax).
 *   <li>{@code replace}: when the regex matches, {@code target_label} and {@code replacement}
 *       are expanded like Go's {@code Regexp.Expand} ({@code $1}, {@code ${1}}, {@code $name},
 *       {@code ${name}}; {@code $1x} names the group {@code 1x}). An expanded target that is
 *       not a valid label name leaves the labels unchanged; an empty expanded value deletes the
 *       target label. No match: nothing changes.
 *   <li>{@code keep}/{@code drop}: drop the series unless/when the regex matches.
 *   <li>{@code keepequal}/{@code dropequal}: drop the series unless/when the joined value
 *       equals the value of {@code target_label}.
 *   <li>{@code hashmod}: MD5 of the joined value; its <em>last</em> 8 bytes as a big-endian
 *       unsigned 64-bit integer ({@code binary.BigEndian.Uint64(hash[8:])}), modulo
 *       {@code modulus}, in decimal.
 *   <li>{@code lowercase}/{@code uppercase}: the joined value, case-mapped per code point (Go's
 *       {@code strings.ToLower}/{@code ToUpper}: {@code ß} stays {@code ß}), into
 *       {@code target_label}.
 *   <li>{@code labelmap}: for every label whose <em>name</em> matches, a label named by the
 *       expanded {@code replacement} with the same value (the original stays). Labels are
 *       visited in Prometheus' order (the input's labels by name, then labels set by earlier
 *       rules in the order they were set), so when two labels map to the same name the later
 *       one wins, as in Prometheus.
 *   <li>{@code labeldrop}/{@code labelkeep}: remove every label whose name matches / does not
 *       match.
 *   <li>Setting a label to the empty string removes it (a Prometheus label with an empty value
 *       does not exist).
 * </ul>
 *
 * <p><b>Source label names are also looked up as the translator names them.</b> This runs after
 * the translation of OTLP to Prometheus series, where an attribute {@code cluster.name} has
 * become the label {@code cluster_name} and {@code _id} the label {@code key_id}. So that the rules
 * users write with OTel names work ({@code source_labels: [cluster.name]}), each source label is
 * looked up as written when that is a valid Prometheus label name and such a label exists, and
 * otherwise under the name the translator gives that attribute key ({@link LabelNames#sanitize},
 * the one rule both use: {@code cluster.name} → {@code cluster_name}, {@code 1st} →
 * {@code key_1st}, {@code _id} → {@code key_id}). So {@code __name__}, a temporary
 * {@code __tmp_x} set by an earlier rule, or a label literally named {@code _id} are still found
 * as written. Prometheus itself would reject invalid names in its configuration;
 * {@code target_label} is not sanitized and must be a valid name.
 *
 * <p>Deliberate differences from Prometheus 3: label names are validated with the legacy
 * character set ({@code [a-zA-Z_][a-zA-Z0-9_]*}, what remote-write 1.0 receivers accept), also for
 * names produced by {@code labelmap}: a {@code labelmap} result that is not a valid name (for
 * example one starting with a digit) is skipped instead of producing a series Prometheus would
 * later reject.
 *
 * <p>A {@code Relabeler} is thread-safe and serializable, and its rules immutable; regexes
 * (RE2, {@link GoRegex#compileAnchored}) and templates are compiled once, and each rule remembers
 * what its regex did with the inputs it saw last ({@link MatchMemo}), so repeated names and values
 * are not matched again. {@link #apply} works on a per-thread copy of the labels and allocates
 * only when something changed: the result, which keeps the bytes of the labels the rules left
 * alone.
 */
public final class Relabeler implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final Relabeler EMPTY = new Relabeler(List.of());

    /** The working copy of the series being relabeled, one per thread (relabelers are shared). */
    private static final ThreadLocal<LabelsBuilder> WORK = ThreadLocal.withInitial(LabelsBuilder::new);

    private final List<RelabelRule> rules;
    private final Step[] steps;

    private Relabeler(List<RelabelRule> rules) {
        this.rules = List.copyOf(rules);
        this.steps = new Step[this.rules.size()];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = new Step(this.rules.get(i));
        }
    }

    /** A relabeler applying {@code rules} in order (rules are validated when constructed). */
    public static Relabeler compile(List<RelabelRule> rules) {
        return rules.isEmpty() ? EMPTY : new Relabeler(rules);
    }

    /** The rules, in order. */
    public List<RelabelRule> rules() {
        return rules;
    }

    /**
     * True when what every rule does depends on label names alone: copies of one label to a fixed
     * target ({@code replace} with the default {@code regex} and {@code replacement}),
     * {@code labeldrop} and {@code labelkeep}. Such rules never drop a series.
     */
    public boolean dependsOnNamesOnly() {
        for (Step step : steps) {
            if (!step.copiesByName() && step.action != RelabelAction.LABELDROP && step.action != RelabelAction.LABELKEEP) {
                return false;
            }
        }
        return true;
    }

    /** The rules worked out per label layout, for one thread; only when {@link #dependsOnNamesOnly()}. */
    public LayoutRelabeling byLayout() {
        if (!dependsOnNamesOnly()) {
            throw new IllegalStateException("rules that read label values cannot be worked out by layout: " + rules);
        }
        return new LayoutRelabeling(steps);
    }

    /** True when there are no rules: {@link #apply} only sorts. */
    public boolean isEmpty() {
        return steps.length == 0;
    }

    /**
     * Relabels one series.
     *
     * @param in the labels of the series, in any order
     * @return the new label set sorted by name ({@code in} itself when it was sorted and nothing
     *     changed), or null when a rule drops the series
     */
    public Labels apply(Labels in) {
        return changesNothing(in) ? in : apply(in, WORK.get(), null);
    }

    /** True when there are no rules and {@code in} is already sorted: then {@code in} is the result. */
    private boolean changesNothing(Labels in) {
        return isEmpty() && in.isSorted();
    }

    /**
     * {@link #apply} with a working copy of its own instead of the calling thread's, for a caller
     * that relabels every series on one thread (a translating function): looking the thread's copy
     * up for every series was 5% of that thread with the blueprint's rules (JFR). The result is
     * not thread-safe.
     *
     * @param writer what wrote most of the labels to relabel, on the same thread (it is told to
     *     keep their layouts): their names and field positions are then taken from it, not read
     *     from the bytes; null for none
     */
    public UnaryOperator<Labels> forOneThread(@Nullable io.github.otelflink.sink.remotewrite.model.LabelsBuilder writer) {
        if (writer != null) {
            writer.keepLayouts();
        }
        LabelsBuilder own = new LabelsBuilder();
        return in -> steps.length == 0 && in.isSorted() ? in : apply(in, own, writer);
    }

    private Labels apply(Labels in, LabelsBuilder builder,
            @Nullable io.github.otelflink.sink.remotewrite.model.LabelsBuilder writer) {
        LabelsBuilder work = builder.reset(in, writer);
        for (Step step : steps) {
            if (!step.apply(work)) {
                return null;
            }
        }
        if (!work.changed && work.sorted) {
            return in;
        }
        return work.toSortedLabels();
    }

    /** One compiled rule. */
    static final class Step implements Serializable {
        private static final long serialVersionUID = 1L;

        final RelabelAction action;
        /** Per source label: the name looked up first (as written if valid, else as translated). */
        final String[] sources;
        /** Per source label: the translated name, looked up when the first is absent; null if none. */
        final String[] fallbacks;
        private final String separator;
        private final Pattern pattern;
        private final String targetLabel;
        final Template target;
        private final Template replacement;
        private final long modulus;
        /** replace with regex (.*) and replacement $1 and a plain target: the value is the joined value. */
        private final boolean copyValue;
        /** What the regex did with inputs seen before; created on first use (also after deserialization). */
        private transient MatchMemo memo;

        Step(RelabelRule rule) {
            this.action = rule.action();
            int n = rule.sourceLabels().size();
            this.sources = new String[n];
            this.fallbacks = new String[n];
            for (int i = 0; i < n; i++) {
                String written = rule.sourceLabels().get(i);
                String translated = rule.lookupLabels().get(i);
                boolean valid = LabelNames.isValid(written);
                sources[i] = valid ? written : translated;
                fallbacks[i] = valid && !translated.equals(written) && !translated.isEmpty() ? translated : null;
            }
            this.separator = rule.separator();
            GoRegex regex = Regexes.anchored(rule.regex());
            this.pattern = regex.pattern();
            this.targetLabel = rule.targetLabel();
            this.target = Template.compile(rule.targetLabel(), regex);
            this.replacement = Template.compile(rule.replacement(), regex);
            this.modulus = rule.modulus();
            this.copyValue = rule.regex().equals(RelabelRule.DEFAULT_REGEX)
                    && rule.replacement().equals(RelabelRule.DEFAULT_REPLACEMENT)
                    && target.isConstant();
        }

        /** A {@code replace} that copies one label's value, whatever it is, to a fixed target. */
        boolean copiesByName() {
            return action == RelabelAction.REPLACE && copyValue && sources.length == 1;
        }

        /** Applies the rule; false when the series is dropped. */
        boolean apply(LabelsBuilder work) {
            switch (action) {
                case DROP:
                    return !matches(joined(work));
                case KEEP:
                    return matches(joined(work));
                case DROPEQUAL:
                    return !work.get(targetLabel).equals(joined(work));
                case KEEPEQUAL:
                    return work.get(targetLabel).equals(joined(work));
                case REPLACE:
                    if (copyValue && sources.length == 1) {
                        work.setCopy(target.constant(), sources[0], fallbacks[0]);
                    } else {
                        replace(work, joined(work));
                    }
                    return true;
                case LOWERCASE:
                    work.set(targetLabel, ValueFunctions.lowerCase(joined(work)));
                    return true;
                case UPPERCASE:
                    work.set(targetLabel, ValueFunctions.upperCase(joined(work)));
                    return true;
                case HASHMOD:
                    work.set(targetLabel, Long.toString(ValueFunctions.hashMod(joined(work), modulus)));
                    return true;
                case LABELMAP:
                    labelMap(work);
                    return true;
                case LABELDROP:
                    removeNames(work, true);
                    return true;
                case LABELKEEP:
                    removeNames(work, false);
                    return true;
                default:
                    throw new IllegalStateException("unhandled relabel action " + action);
            }
        }

        private String joined(LabelsBuilder work) {
            switch (sources.length) {
                case 0:
                    return "";
                case 1:
                    return work.get(sources[0], fallbacks[0]);
                default:
                    StringBuilder out = new StringBuilder(64);
                    for (int i = 0; i < sources.length; i++) {
                        if (i > 0) {
                            out.append(separator);
                        }
                        out.append(work.get(sources[i], fallbacks[i]));
                    }
                    return out.toString();
            }
        }

        private void replace(LabelsBuilder work, String value) {
            if (copyValue) { // (?s:(.*)) matches everything and $1 is the whole value
                work.set(target.constant(), value);
                return;
            }
            MatchMemo.Outcome outcome = memo().get(value);
            if (outcome == null) {
                Matcher match = pattern.matcher(value);
                String name = null;
                String expanded = null;
                if (match.matches()) {
                    name = target.expand(match);
                    if (LabelNames.isValid(name)) {
                        expanded = replacement.expand(match);
                    } else {
                        name = null;
                    }
                }
                outcome = memo.put(new MatchMemo.Outcome(value, name != null, name, expanded));
            }
            if (outcome.matched) {
                work.set(outcome.name, outcome.value);
            }
        }

        /** Whether the regex matches the whole input. */
        boolean matches(String input) {
            MatchMemo.Outcome outcome = memo().get(input);
            if (outcome == null) {
                outcome = memo.put(new MatchMemo.Outcome(input, pattern.matcher(input).matches(), null, null));
            }
            return outcome.matched;
        }

        private MatchMemo memo() {
            MatchMemo m = memo;
            if (m == null) {
                memo = m = new MatchMemo(); // a race makes two; both are correct
            }
            return m;
        }

        /** Removes the labels whose name matches ({@code matching}) or does not match the regex. */
        private void removeNames(LabelsBuilder work, boolean matching) {
            int i = 0;
            while (i < work.size) {
                if (matches(work.names[i]) == matching) {
                    work.removeAt(i);
                    work.changed = true;
                } else {
                    i++;
                }
            }
        }

        private void labelMap(LabelsBuilder work) {
            int n = work.size;
            String[] names = Arrays.copyOf(work.names, n);
            String[] values = work.valuesCopy();
            for (int i = 0; i < n; i++) {
                MatchMemo.Outcome outcome = memo().get(names[i]);
                if (outcome == null) {
                    Matcher match = pattern.matcher(names[i]);
                    String name = match.matches() ? replacement.expand(match) : null;
                    boolean valid = name != null && LabelNames.isValid(name);
                    outcome = memo.put(new MatchMemo.Outcome(names[i], valid, valid ? name : null, null));
                }
                if (outcome.matched) {
                    work.set(outcome.name, values[i]);
                }
            }
        }
    }
}
