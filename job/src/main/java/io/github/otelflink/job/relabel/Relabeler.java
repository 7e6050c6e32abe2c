package io.github.otelflink.job.relabel;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.github.otelflink.job.pdata.GoRegex;
import io.github.otelflink.job.pdata.LabelNames;
import io.github.otelflink.sink.remotewrite.model.Labels;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

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
 * are not matched again. {@link #apply} allocates a small working copy of the labels and, only
 * when something changed, the result.
 */
public final class Relabeler implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final Relabeler EMPTY = new Relabeler(List.of());

    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is not available", e);
        }
    });

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
        boolean sorted = in.isSorted();
        if (steps.length == 0 && sorted) {
            return in;
        }
        Work work = new Work(in);
        for (Step step : steps) {
            if (!step.apply(work)) {
                return null;
            }
        }
        if (!work.changed && sorted) {
            return in;
        }
        return work.toSortedLabels();
    }

    /** One compiled rule. */
    private static final class Step implements Serializable {
        private static final long serialVersionUID = 1L;

        private final RelabelAction action;
        /** Per source label: the name looked up first (as written if valid, else as translated). */
        private final String[] sources;
        /** Per source label: the translated name, looked up when the first is absent; null if none. */
        private final String[] fallbacks;
        private final String separator;
        private final Pattern pattern;
        private final String targetLabel;
        private final Template target;
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

        /** Applies the rule; false when the series is dropped. */
        boolean apply(Work work) {
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
                    replace(work, joined(work));
                    return true;
                case LOWERCASE:
                    work.set(targetLabel, lowerCase(joined(work)));
                    return true;
                case UPPERCASE:
                    work.set(targetLabel, upperCase(joined(work)));
                    return true;
                case HASHMOD:
                    work.set(targetLabel, Long.toString(hashMod(joined(work), modulus)));
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

        private String joined(Work work) {
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

        private void replace(Work work, String value) {
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
        private boolean matches(String input) {
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
        private void removeNames(Work work, boolean matching) {
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

        private void labelMap(Work work) {
            int n = work.size;
            String[] names = Arrays.copyOf(work.names, n);
            String[] values = Arrays.copyOf(work.values, n);
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

    /** MD5 of the UTF-8 bytes, last 8 bytes big-endian as an unsigned integer, modulo {@code modulus}. */
    static long hashMod(String value, long modulus) {
        MessageDigest md5 = MD5.get();
        byte[] hash = md5.digest(value.getBytes(StandardCharsets.UTF_8));
        long h = 0;
        for (int i = 8; i < 16; i++) {
            h = (h << 8) | (hash[i] & 0xff);
        }
        return Long.remainderUnsigned(h, modulus);
    }

    /** Go's strings.ToLower: simple per-code-point mapping; the same string when nothing changes. */
    static String lowerCase(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 128 || (c >= 'A' && c <= 'Z')) {
                return mapCase(s, true);
            }
        }
        return s;
    }

    /** Go's strings.ToUpper: simple per-code-point mapping; the same string when nothing changes. */
    static String upperCase(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 128 || (c >= 'a' && c <= 'z')) {
                return mapCase(s, false);
            }
        }
        return s;
    }

    private static String mapCase(String s, boolean lower) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            out.appendCodePoint(lower ? Character.toLowerCase(cp) : Character.toUpperCase(cp));
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    /**
     * The outcomes of one rule's regex for the inputs it saw last: label names, metric names and
     * most label values repeat on every series, and com.google.re2j matches 3 to 8 times slower
     * than java.util.regex did (bench RelabelBenchmark, CPU per series: 4.96 µs instead of 1.63 for
     * the typical rules, 5.28 instead of 0.63 for a labelmap; with this memo 0.51 and 0.19). A
     * direct-mapped table of {@value #SIZE} slots: a new input takes its slot, so memory is bounded
     * and nothing is ever cleared. Shared by threads without locks: an {@link Outcome} is immutable
     * (final fields), so a reader sees a whole one or none, and a lost write only costs a match.
     */
    static final class MatchMemo {
        static final int SIZE = 1024;
        /** Longer inputs are matched every time rather than kept. */
        static final int MAX_INPUT_LENGTH = 512;

        private final Outcome[] slots = new Outcome[SIZE];

        /** The outcome for {@code input}, or null when it is not (or no longer) known. */
        Outcome get(String input) {
            Outcome o = slots[slot(input)];
            return o != null && o.input.equals(input) ? o : null;
        }

        /** Keeps {@code outcome} (unless its input is long) and returns it. */
        Outcome put(Outcome outcome) {
            if (outcome.input.length() <= MAX_INPUT_LENGTH) {
                slots[slot(outcome.input)] = outcome;
            }
            return outcome;
        }

        private static int slot(String input) {
            int h = input.hashCode();
            return (h ^ (h >>> 16)) & (SIZE - 1);
        }

        /**
         * What the rule's regex did with one input: whether it matched (for replace and labelmap:
         * and gave a valid label name), and for replace the target name and value, for labelmap the
         * new name.
         */
        static final class Outcome {
            final String input;
            final boolean matched;
            final String name;
            final String value;

            Outcome(String input, boolean matched, String name, String value) {
                this.input = input;
                this.matched = matched;
                this.name = name;
                this.value = value;
            }
        }
    }

    /**
     * The labels being relabeled, in the order Prometheus' {@code labels.Builder.Range} visits
     * them: labels of the input (sorted by name) first, then labels set by rules, in the order
     * they were first set. Setting an input label moves it to the end, as Prometheus records it
     * among the added labels.
     */
    private static final class Work {
        String[] names;
        String[] values;
        boolean[] added;
        int size;
        boolean changed;

        Work(Labels in) {
            int n = in.size();
            int capacity = n + 4;
            names = new String[capacity];
            values = new String[capacity];
            added = new boolean[capacity];
            for (int i = 0; i < n; i++) {
                names[i] = in.name(i);
                values[i] = in.value(i);
            }
            size = n;
            sortByName(names, values, n);
        }

        int indexOf(String name) {
            for (int i = 0; i < size; i++) {
                if (names[i].equals(name)) {
                    return i;
                }
            }
            return -1;
        }

        /** The value, or "" when absent (as Prometheus' Builder.Get). */
        String get(String name) {
            int i = indexOf(name);
            return i < 0 ? "" : values[i];
        }

        /** The value of {@code name}, else of {@code fallback} (when not null), else "". */
        String get(String name, String fallback) {
            int i = indexOf(name);
            if (i < 0 && fallback != null) {
                i = indexOf(fallback);
            }
            return i < 0 ? "" : values[i];
        }

        void set(String name, String value) {
            if (value.isEmpty()) {
                delete(name);
                return;
            }
            int i = indexOf(name);
            if (i >= 0 && added[i]) {
                if (!values[i].equals(value)) {
                    values[i] = value;
                    changed = true;
                }
                return;
            }
            if (i >= 0) {
                if (!values[i].equals(value)) {
                    changed = true;
                }
                removeAt(i);
            } else {
                changed = true;
            }
            append(name, value);
        }

        void delete(String name) {
            int i = indexOf(name);
            if (i >= 0) {
                removeAt(i);
                changed = true;
            }
        }

        private void append(String name, String value) {
            if (size == names.length) {
                int capacity = names.length * 2;
                names = Arrays.copyOf(names, capacity);
                values = Arrays.copyOf(values, capacity);
                added = Arrays.copyOf(added, capacity);
            }
            names[size] = name;
            values[size] = value;
            added[size] = true;
            size++;
        }

        void removeAt(int i) {
            int tail = size - i - 1;
            System.arraycopy(names, i + 1, names, i, tail);
            System.arraycopy(values, i + 1, values, i, tail);
            System.arraycopy(added, i + 1, added, i, tail);
            size--;
            names[size] = null;
            values[size] = null;
            added[size] = false;
        }

        Labels toSortedLabels() {
            String[] outNames = Arrays.copyOf(names, size);
            String[] outValues = Arrays.copyOf(values, size);
            sortByName(outNames, outValues, size);
            return new Labels(outNames, outValues);
        }

        /** Insertion sort of parallel arrays by name (label sets are small). */
        private static void sortByName(String[] names, String[] values, int n) {
            for (int i = 1; i < n; i++) {
                String name = names[i];
                String value = values[i];
                int j = i - 1;
                while (j >= 0 && Labels.compareNames(names[j], name) > 0) {
                    names[j + 1] = names[j];
                    values[j + 1] = values[j];
                    j--;
                }
                names[j + 1] = name;
                values[j + 1] = value;
            }
        }
    }
}
