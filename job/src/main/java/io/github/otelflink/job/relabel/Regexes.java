package io.github.otelflink.job.relabel;

import io.github.otelflink.job.pdata.GoRegex;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small cache of compiled, anchored relabel regexes, so that validating a rule and compiling
 * it into a {@link Relabeler} (and many rules with the same regex) compile the pattern once.
 */
final class Regexes {

    private static final int MAX_ENTRIES = 256;
    private static final ConcurrentHashMap<String, GoRegex> ANCHORED = new ConcurrentHashMap<>();

    private Regexes() {}

    /**
     * The regex anchored at both ends as Prometheus compiles it ({@code ^(?s:regex)$}).
     *
     * @throws IllegalArgumentException saying what is wrong with the expression
     */
    static GoRegex anchored(String regex) {
        GoRegex cached = ANCHORED.get(regex);
        if (cached != null) {
            return cached;
        }
        GoRegex compiled = GoRegex.compileAnchored(regex);
        if (ANCHORED.size() < MAX_ENTRIES) {
            ANCHORED.putIfAbsent(regex, compiled);
        }
        return compiled;
    }
}
