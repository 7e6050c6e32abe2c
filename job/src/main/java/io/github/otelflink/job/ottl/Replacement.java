package io.github.otelflink.job.ottl;

import com.google.re2j.Matcher;
import io.github.otelflink.job.pdata.GoRegex;
import java.util.ArrayList;
import java.util.List;

/**
 * A replacement string with Go's {@code regexp.Expand} syntax, parsed once: {@code $1},
 * {@code ${1}}, {@code $name}, {@code ${name}} insert a group ({@code $name} takes the
 * longest run of letters, digits and {@code _}, so {@code $1x} is the group named
 * {@code 1x}, which is empty), {@code $$} is a literal {@code $}, and any other {@code $}
 * stays as it is. Unknown groups insert nothing.
 */
final class Replacement {

    /** Literal text, or a group number (a negative value means "insert nothing"). */
    private final String[] literals;
    private final int[] groups;

    private Replacement(String[] literals, int[] groups) {
        this.literals = literals;
        this.groups = groups;
    }

    static Replacement parse(String template, GoRegex regex) {
        List<String> literals = new ArrayList<>();
        List<Integer> groups = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '$') {
                text.append(c);
                i++;
                continue;
            }
            if (i + 1 < template.length() && template.charAt(i + 1) == '$') {
                text.append('$');
                i += 2;
                continue;
            }
            int[] end = new int[1];
            String name = groupName(template, i + 1, end);
            if (name == null) {
                text.append('$'); // malformed: '$' is kept as text
                i++;
                continue;
            }
            literals.add(text.toString());
            text.setLength(0);
            groups.add(groupNumber(name, regex));
            i = end[0];
        }
        literals.add(text.toString());
        int[] groupArray = new int[groups.size()];
        for (int g = 0; g < groupArray.length; g++) {
            groupArray[g] = groups.get(g);
        }
        return new Replacement(literals.toArray(new String[0]), groupArray);
    }

    /** The name after a '$' at {@code from}, bare or in braces; null when malformed. */
    private static String groupName(String template, int from, int[] end) {
        boolean brace = from < template.length() && template.charAt(from) == '{';
        int start = brace ? from + 1 : from;
        int i = start;
        while (i < template.length()) {
            int cp = template.codePointAt(i);
            if (!Character.isLetter(cp) && !Character.isDigit(cp) && cp != '_') {
                break;
            }
            i += Character.charCount(cp);
        }
        if (i == start) {
            return null;
        }
        if (brace) {
            if (i >= template.length() || template.charAt(i) != '}') {
                return null;
            }
            end[0] = i + 1;
        } else {
            end[0] = i;
        }
        return template.substring(start, i);
    }

    private static int groupNumber(String name, GoRegex regex) {
        boolean numeric = true;
        for (int i = 0; i < name.length(); i++) {
            numeric &= name.charAt(i) >= '0' && name.charAt(i) <= '9';
        }
        if (numeric) {
            // Go: no leading zeros, and at most 8 digits.
            if ((name.length() > 1 && name.charAt(0) == '0') || name.length() > 8) {
                return regex.groupIndex(name);
            }
            int number = Integer.parseInt(name);
            return number <= regex.groupNames().size() ? number : -1;
        }
        return regex.groupIndex(name);
    }

    /**
     * Replaces every match in {@code input} as Go's {@code ReplaceAllString}: an empty match
     * right after a previous match is not replaced, and an empty match inside a character (between
     * the two halves of a surrogate pair; Go steps over whole runes) is no match. Returns
     * {@code input} itself when nothing matched.
     */
    String replaceAll(Matcher matcher, String input) {
        if (!findOnRuneBoundary(matcher, input)) {
            return input;
        }
        StringBuilder out = new StringBuilder(input.length() + 16);
        int copied = 0;
        int lastMatchEnd = -1;
        do {
            int start = matcher.start();
            int end = matcher.end();
            out.append(input, copied, start);
            copied = start;
            if (end > lastMatchEnd || start == 0) {
                appendTo(out, matcher);
                copied = end;
            }
            lastMatchEnd = end;
        } while (findOnRuneBoundary(matcher, input));
        out.append(input, copied, input.length());
        return out.toString();
    }

    /** The next match that does not start (empty) between the chars of a surrogate pair. */
    private static boolean findOnRuneBoundary(Matcher matcher, String input) {
        while (matcher.find()) {
            int start = matcher.start();
            if (matcher.end() != start || start == 0 || start >= input.length()
                    || !Character.isHighSurrogate(input.charAt(start - 1))
                    || !Character.isLowSurrogate(input.charAt(start))) {
                return true;
            }
        }
        return false;
    }

    private void appendTo(StringBuilder out, Matcher matcher) {
        out.append(literals[0]);
        for (int g = 0; g < groups.length; g++) {
            int group = groups[g];
            if (group >= 0) {
                String value = matcher.group(group);
                if (value != null) {
                    out.append(value);
                }
            }
            out.append(literals[g + 1]);
        }
    }
}
