package io.github.otelflink.job.relabel;

import com.google.re2j.Matcher;
import io.github.otelflink.job.pdata.GoRegex;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A replacement template ({@code replacement}, or a {@code target_label} with {@code $}
 * references), parsed once with the rules of Go's {@code Regexp.Expand}:
 * <ul>
 *   <li>{@code $$} is a literal {@code $};
 *   <li>{@code $name} takes the longest run of letters, digits and {@code _}, so {@code $1x}
 *       refers to the group named {@code 1x}, not to group 1 followed by {@code x};
 *       {@code ${name}} delimits the name;
 *   <li>a name made only of ASCII digits (no leading zero, below 10^8) is a group number;
 *       any other name refers to the first group with that name;
 *   <li>a reference to a group that does not exist, or that did not take part in the match,
 *       expands to the empty string;
 *   <li>a {@code $} not followed by a valid name (or a {@code ${} without {@code }}) is copied
 *       literally.
 * </ul>
 * References are resolved to group numbers at compile time.
 */
final class Template implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final int NO_GROUP = -1;

    /** Literal text before reference i; one more entry than {@link #groups} (the tail). */
    private final String[] literals;
    /** Group number of each reference, or {@link #NO_GROUP}. */
    private final int[] groups;

    private Template(String[] literals, int[] groups) {
        this.literals = literals;
        this.groups = groups;
    }

    static Template compile(String template, GoRegex regex) {
        List<String> literals = new ArrayList<>();
        List<Integer> groups = new ArrayList<>();
        int groupCount = regex.groupNames().size();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        int n = template.length();
        while (i < n) {
            int dollar = template.indexOf('$', i);
            if (dollar < 0) {
                literal.append(template, i, n);
                break;
            }
            literal.append(template, i, dollar);
            i = dollar + 1;
            if (i < n && template.charAt(i) == '$') {
                literal.append('$');
                i++;
                continue;
            }
            // extract(): an optional '{', a name of letters, digits and '_', the closing '}'
            boolean brace = i < n && template.charAt(i) == '{';
            int start = brace ? i + 1 : i;
            int end = start;
            while (end < n) {
                int cp = template.codePointAt(end);
                if (!Character.isLetter(cp) && !Character.isDigit(cp) && cp != '_') {
                    break;
                }
                end += Character.charCount(cp);
            }
            if (end == start || (brace && (end >= n || template.charAt(end) != '}'))) {
                literal.append('$'); // malformed: the '$' is raw text, the rest is scanned again
                continue;
            }
            String name = template.substring(start, end);
            i = brace ? end + 1 : end;
            literals.add(literal.toString());
            literal.setLength(0);
            int number = groupNumber(name);
            if (number >= 0) {
                groups.add(number <= groupCount ? number : NO_GROUP);
            } else {
                groups.add(regex.groupIndex(name)); // -1 when no group has that name
            }
        }
        literals.add(literal.toString());
        int[] groupArray = new int[groups.size()];
        for (int g = 0; g < groupArray.length; g++) {
            groupArray[g] = groups.get(g);
        }
        return new Template(literals.toArray(new String[0]), groupArray);
    }

    /** Go's rule: only ASCII digits, no leading zero, stops counting at 10^8; -1 when not a number. */
    private static int groupNumber(String name) {
        int num = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9' || num >= 100_000_000) {
                return -1;
            }
            num = num * 10 + (c - '0');
        }
        if (name.charAt(0) == '0' && name.length() > 1) {
            return -1;
        }
        return num;
    }

    /** True when the template has no references: {@link #constant()} is its whole value. */
    boolean isConstant() {
        return groups.length == 0;
    }

    /** The text of a template without references. */
    String constant() {
        return literals[0];
    }

    /** Expands the template for a successful match. */
    String expand(Matcher match) {
        if (groups.length == 0) {
            return literals[0];
        }
        StringBuilder out = new StringBuilder(32);
        for (int i = 0; i < groups.length; i++) {
            out.append(literals[i]);
            int group = groups[i];
            if (group >= 0) {
                int start = match.start(group);
                if (start >= 0) {
                    out.append(match.group(group));
                }
            }
        }
        return out.append(literals[groups.length]).toString();
    }
}
