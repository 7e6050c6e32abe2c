package io.github.otelflink.job.pdata;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A regular expression written for Go's {@code regexp} (RE2 syntax, as in Collector and Prometheus
 * configs), compiled by com.google.re2j, the Java port of RE2: the same syntax and semantics as
 * Go's (named groups {@code (?P<name>)} and {@code (?<name>)}, POSIX classes, {@code $} = end of
 * text, {@code (?U)}, no backreferences or lookaround) and matching in time linear in the input.
 *
 * <p>Two anchorings, as the callers need them:
 * <ul>
 *   <li>{@link #compile}: Go's {@code MatchString}, a match anywhere (filter and resource
 *       processors, OTTL's {@code IsMatch}, {@code replace_pattern}, {@code *_matching_keys});
 *   <li>{@link #compileAnchored}: Prometheus relabelling, {@code regexp.Compile("^(?s:" + s +
 *       ")$")} ({@code model/relabel/relabel.go NewRegexp}): the whole text, {@code .} matching
 *       newlines too.
 * </ul>
 *
 * <p>Cost: re2j is 3 to 8 times slower than the java.util.regex translation this replaced
 * (bench {@code RelabelBenchmark}, CPU per series, December 2026, load 5 to 15 on 2 cores:
 * typical relabel rules 4.96 µs instead of 1.63, one {@code keep} 0.98 instead of 0.17, a
 * {@code labelmap} over 8 names 5.28 instead of 0.63). The relabeler therefore remembers outcomes
 * per input ({@code Relabeler.MatchMemo}: 0.51, 0.12 and 0.19 µs for the same rules); the
 * processors and OTTL match once per item or key and use re2j as it is. The hand-written engine is
 * not kept: its translation to Java's backtracking engine differed from RE2 in corners
 * ({@code (?U)}, exponential backtracking) that re2j gets right by construction.
 *
 * <p>Equal when the source text and anchoring are equal.
 */
public final class GoRegex implements Serializable {

    private static final long serialVersionUID = 2L;

    private final String source;
    private final boolean anchored;
    private final Pattern pattern;
    private final List<String> groupNames;

    private GoRegex(String source, boolean anchored, Pattern pattern) {
        this.source = source;
        this.anchored = anchored;
        this.pattern = pattern;
        String[] names = new String[pattern.groupCount()];
        Arrays.fill(names, "");
        for (Map.Entry<String, Integer> e : pattern.namedGroups().entrySet()) {
            names[e.getValue() - 1] = e.getKey();
        }
        this.groupNames = Collections.unmodifiableList(new ArrayList<>(Arrays.asList(names)));
    }

    /**
     * Compiles an unanchored expression: {@link #matches} looks for a match anywhere.
     *
     * @throws IllegalArgumentException with RE2's message ({@code error parsing regexp: ...})
     */
    public static GoRegex compile(String source) {
        return new GoRegex(source, false, compilePattern(source));
    }

    /**
     * Compiles an expression that must match the whole text, as Prometheus relabelling does
     * ({@code ^(?s:regex)$}); group numbers are those of {@code source}.
     *
     * @throws IllegalArgumentException with RE2's message ({@code error parsing regexp: ...})
     */
    public static GoRegex compileAnchored(String source) {
        // Checked alone first, so that "a)(b" cannot close the wrapper's group.
        compilePattern(source);
        return new GoRegex(source, true, compilePattern("^(?s:" + source + ")$"));
    }

    private static Pattern compilePattern(String source) {
        try {
            return Pattern.compile(source);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The expression as written in the configuration. */
    public String source() {
        return source;
    }

    /** True when the expression must match the whole text. */
    public boolean anchored() {
        return anchored;
    }

    /** The compiled RE2 pattern (anchored ones include the {@code ^(?s:...)$}). */
    public Pattern pattern() {
        return pattern;
    }

    /** For each capturing group, in order, its name, or an empty string when it has none. */
    public List<String> groupNames() {
        return groupNames;
    }

    /** The number of the group with this name, or -1 when there is none. */
    public int groupIndex(String name) {
        Integer index = pattern.namedGroups().get(name);
        return index == null ? -1 : index;
    }

    /** True when the text matches: as a whole when {@link #anchored()}, anywhere otherwise. */
    public boolean matches(CharSequence text) {
        return anchored ? pattern.matcher(text).matches() : pattern.matcher(text).find();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GoRegex regex && regex.source.equals(source) && regex.anchored == anchored;
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, anchored);
    }

    @Override
    public String toString() {
        return source;
    }
}
