package io.github.otelflink.job.relabel;

import io.github.otelflink.job.config.GoRegex;
import io.github.otelflink.sink.remotewrite.model.Labels;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * <p><b>Source label names are looked up after OTel→Prometheus sanitization.</b> This runs after
 * the translation of OTLP to Prometheus series, where an attribute {@code cluster.name} has
 * become the label {@code cluster_name}. So that the rules users write with OTel names work
 * ({@code source_labels: [cluster.name]}), a source label name that is not a valid Prometheus
 * label name is sanitized the way the translator sanitizes attribute names before it is looked
 * up: every character outside {@code [a-zA-Z0-9_]} becomes {@code _}, a leading digit gets the
 * prefix {@code key_} (see {@link LabelNames#sanitize}). Valid names, {@code __name__} included,
 * are looked up as written. Prometheus itself would reject such names in its configuration;
 * {@code target_label} is not sanitized and must be a valid name.
 *
 * <p>Deliberate differences from Prometheus 3: label names are validated with the legacy
 * character set ({@code [a-zA-Z_][a-zA-Z0-9_]*}, what remote-write 1.0 receivers accept), also for
 * names produced by {@code labelmap}: a {@code labelmap} result that is not a valid name (for
 * example one starting with a digit) is skipped instead of producing a series Prometheus would
 * later reject.
 *
 * <p>A {@code Relabeler} is immutable, thread-safe and serializable; regexes and templates are
 * compiled once. {@link #apply} allocates a small working copy of the labels and, only when
 * something changed, the result.
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
        private final String[] sources;
        private final String separator;
        private final Pattern pattern;
        private final String targetLabel;
        private final Template target;
        private final Template replacement;
        private final long modulus;
        /** replace with regex (.*) and replacement $1 and a plain target: the value is the joined value. */
        private final boolean copyValue;

        Step(RelabelRule rule) {
            this.action = rule.action();
            this.sources = rule.lookupLabels().toArray(new String[0]);
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
                    return !pattern.matcher(joined(work)).matches();
                case KEEP:
                    return pattern.matcher(joined(work)).matches();
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
                    work.removeNames(pattern, true);
                    return true;
                case LABELKEEP:
                    work.removeNames(pattern, false);
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
                    return work.get(sources[0]);
                default:
                    StringBuilder out = new StringBuilder(64);
                    for (int i = 0; i < sources.length; i++) {
                        if (i > 0) {
                            out.append(separator);
                        }
                        out.append(work.get(sources[i]));
                    }
                    return out.toString();
            }
        }

        private void replace(Work work, String value) {
            if (copyValue) { // (?s:(.*)) matches everything and $1 is the whole value
                work.set(target.constant(), value);
                return;
            }
            Matcher match = pattern.matcher(value);
            if (!match.matches()) {
                return;
            }
            String name = target.expand(match);
            if (!LabelNames.isValid(name)) {
                return;
            }
            work.set(name, replacement.expand(match));
        }

        private void labelMap(Work work) {
            int n = work.size;
            String[] names = Arrays.copyOf(work.names, n);
            String[] values = Arrays.copyOf(work.values, n);
            for (int i = 0; i < n; i++) {
                Matcher match = pattern.matcher(names[i]);
                if (match.matches()) {
                    String name = replacement.expand(match);
                    if (LabelNames.isValid(name)) {
                        work.set(name, values[i]);
                    }
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

        /** Removes the labels whose name matches ({@code matching}) or does not match the pattern. */
        void removeNames(Pattern pattern, boolean matching) {
            int i = 0;
            while (i < size) {
                if (pattern.matcher(names[i]).matches() == matching) {
                    removeAt(i);
                    changed = true;
                } else {
                    i++;
                }
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

        private void removeAt(int i) {
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
