package io.github.otelflink.job.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A regular expression written for Go's RE2 (as in Collector and Prometheus configs),
 * compiled to a {@link Pattern} that matches the same strings.
 *
 * <p>What differs between the two and is translated: named groups {@code (?P<name>...)}
 * (Java allows neither that syntax nor {@code _} in names, so they become plain groups and
 * their names are kept in {@link #groupNames()}), POSIX classes like {@code [[:alpha:]]}, a
 * {@code [} or {@code &&} inside a class (literal in Go, special in Java), {@code $} (end of
 * text in Go unless {@code (?m)}; Java also matches before a final newline) and {@code .}
 * (Go excludes only {@code \n}). What RE2 rejects is rejected here too: backreferences,
 * lookaround and the ungreedy flag {@code (?U)} (which means something else in Java).
 *
 * <p>Equal when the source text and anchoring are equal.
 */
public final class GoRegex implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final Pattern MULTILINE_FLAG = Pattern.compile("\\(\\?[imsU]*m[imsU\\-]*[:)]");
    private static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z0-9_]+");
    private static final Map<String, String> POSIX_CLASSES = Map.ofEntries(
            Map.entry("alnum", "Alnum"), Map.entry("alpha", "Alpha"), Map.entry("ascii", "ASCII"),
            Map.entry("blank", "Blank"), Map.entry("cntrl", "Cntrl"), Map.entry("digit", "Digit"),
            Map.entry("graph", "Graph"), Map.entry("lower", "Lower"), Map.entry("print", "Print"),
            Map.entry("punct", "Punct"), Map.entry("space", "Space"), Map.entry("upper", "Upper"),
            Map.entry("word", "w"), Map.entry("xdigit", "XDigit"));

    private final String source;
    private final boolean anchored;
    private final Pattern pattern;
    private final List<String> groupNames;

    private GoRegex(String source, boolean anchored, Pattern pattern, List<String> groupNames) {
        this.source = source;
        this.anchored = anchored;
        this.pattern = pattern;
        this.groupNames = groupNames;
    }

    /**
     * Compiles an unanchored expression: {@link #matches} looks for a match anywhere, as Go's
     * {@code MatchString} does (the filter and resource processors).
     *
     * @throws IllegalArgumentException saying what is wrong with the expression
     */
    public static GoRegex compile(String source) {
        return compile(source, false);
    }

    /**
     * Compiles an expression that must match the whole text, as Prometheus relabelling does
     * ({@code ^(?s:regex)$}).
     *
     * @throws IllegalArgumentException saying what is wrong with the expression
     */
    public static GoRegex compileAnchored(String source) {
        return compile(source, true);
    }

    private static GoRegex compile(String source, boolean anchored) {
        List<String> names = new ArrayList<>();
        String java = translate(source, names);
        if (anchored) {
            java = "(?s:" + java + ")";
        }
        try {
            Pattern pattern = Pattern.compile(java, Pattern.UNIX_LINES);
            return new GoRegex(source, anchored, pattern, Collections.unmodifiableList(names));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(e.getDescription());
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

    /** The Java pattern; group numbers are the same as in the Go expression. */
    public Pattern pattern() {
        return pattern;
    }

    /** For each capturing group, in order, its name, or an empty string when it has none. */
    public List<String> groupNames() {
        return groupNames;
    }

    /** The number of the group with this name, or -1 when there is none. */
    public int groupIndex(String name) {
        int index = groupNames.indexOf(name);
        return index < 0 ? -1 : index + 1;
    }

    /** True when the text matches: as a whole when {@link #anchored()}, anywhere otherwise. */
    public boolean matches(CharSequence text) {
        return anchored ? pattern.matcher(text).matches() : pattern.matcher(text).find();
    }

    private static String translate(String go, List<String> names) {
        boolean multiline = MULTILINE_FLAG.matcher(go).find();
        StringBuilder out = new StringBuilder(go.length() + 16);
        boolean inClass = false;
        int i = 0;
        while (i < go.length()) {
            char c = go.charAt(i);
            char next = i + 1 < go.length() ? go.charAt(i + 1) : 0;
            if (c == '\\') {
                if (next == 0) {
                    throw new IllegalArgumentException("trailing backslash");
                }
                if (next == 'Q') {
                    int end = go.indexOf("\\E", i + 2);
                    int stop = end < 0 ? go.length() : end + 2;
                    out.append(go, i, stop);
                    i = stop;
                    continue;
                }
                if (!inClass && next >= '1' && next <= '9') {
                    throw new IllegalArgumentException("backreferences (\\" + next + ") are not supported (RE2 syntax)");
                }
                out.append(c).append(next);
                i += 2;
            } else if (inClass) {
                if (c == '[' && next == ':') {
                    int end = go.indexOf(":]", i + 2);
                    if (end < 0) {
                        throw new IllegalArgumentException("unterminated POSIX class at index " + i);
                    }
                    boolean negated = go.charAt(i + 2) == '^';
                    String name = go.substring(i + (negated ? 3 : 2), end);
                    String javaName = POSIX_CLASSES.get(name);
                    if (javaName == null) {
                        throw new IllegalArgumentException("unknown POSIX class [:" + name + ":]");
                    }
                    if (negated && name.equals("word")) {
                        out.append("\\W");
                    } else if (name.equals("word")) {
                        out.append("\\w");
                    } else {
                        out.append(negated ? "\\P{" : "\\p{").append(javaName).append('}');
                    }
                    i = end + 2;
                } else if (c == '[') {
                    out.append("\\[");
                    i++;
                } else if (c == '&' && next == '&') {
                    out.append("&\\&");
                    i += 2;
                } else {
                    if (c == ']') {
                        inClass = false;
                    }
                    out.append(c);
                    i++;
                }
            } else if (c == '[') {
                inClass = true;
                out.append(c);
                i++;
                if (i < go.length() && go.charAt(i) == '^') {
                    out.append('^');
                    i++;
                }
                if (i < go.length() && go.charAt(i) == ']') { // a ']' first in a class is literal
                    out.append("\\]");
                    i++;
                }
            } else if (c == '(') {
                i = group(go, i, out, names);
            } else if (c == '$' && !multiline) {
                out.append("\\z");
                i++;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Translates the opening of a group at {@code i}; returns the index after it. */
    private static int group(String go, int i, StringBuilder out, List<String> names) {
        if (!go.startsWith("(?", i)) {
            names.add("");
            out.append('(');
            return i + 1;
        }
        if (go.startsWith("(?P<", i) || (go.startsWith("(?<", i) && !go.startsWith("(?<=", i) && !go.startsWith("(?<!", i))) {
            int start = go.indexOf('<', i) + 1;
            int end = go.indexOf('>', start);
            String name = end < 0 ? "" : go.substring(start, end);
            if (!GROUP_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("invalid group name \"" + name + "\"");
            }
            if (names.contains(name)) {
                throw new IllegalArgumentException("duplicate group name \"" + name + "\"");
            }
            names.add(name);
            out.append('(');
            return end + 1;
        }
        if (go.startsWith("(?=", i) || go.startsWith("(?!", i) || go.startsWith("(?<", i)) {
            throw new IllegalArgumentException("lookahead and lookbehind are not supported (RE2 syntax)");
        }
        int end = i + 2;
        while (end < go.length() && go.charAt(end) != ':' && go.charAt(end) != ')') {
            end++;
        }
        String flags = go.substring(i + 2, Math.min(end, go.length()));
        if (!flags.matches("[imsU\\-]*")) {
            throw new IllegalArgumentException("invalid flags \"(?" + flags + "\" (RE2 allows i, m, s and U)");
        }
        if (flags.contains("U")) {
            throw new IllegalArgumentException("the ungreedy flag U is not supported; use lazy quantifiers like *?");
        }
        out.append("(?");
        return i + 2;
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
