package io.github.otelflink.job.relabel;

/**
 * The outcomes of one rule's regex for the inputs it saw last: label names, metric names and
 * most label values repeat on every series, and com.google.re2j matches 3 to 8 times slower
 * than java.util.regex did (bench RelabelBenchmark, CPU per series: 4.96 µs instead of 1.63 for
 * the typical rules, 5.28 instead of 0.63 for a labelmap; with this memo 0.51 and 0.19). A
 * direct-mapped table of {@value #SIZE} slots: a new input takes its slot, so memory is bounded
 * and nothing is ever cleared. Shared by threads without locks: an {@link Outcome} is immutable
 * (final fields), so a reader sees a whole one or none, and a lost write only costs a match.
 */
final class MatchMemo {
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
