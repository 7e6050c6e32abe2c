package io.github.otelflink.job.ottl;

/**
 * {@code ConvertCase}'s snake and camel cases, following the rules of the Go library the
 * Collector uses (iancoleman/strcase v0.3): word boundaries at case changes and between
 * letters and digits, acronyms kept as one word ({@code HTTPServer} → {@code http_server}),
 * and space, {@code _}, {@code -} and {@code .} as separators. Only ASCII letters change case.
 */
final class CaseConversion {

    private CaseConversion() {
    }

    /** {@code myMetric.Name} → {@code my_metric_name}. */
    static String toSnake(String input) {
        String s = input.strip();
        StringBuilder out = new StringBuilder(s.length() + 2);
        for (int i = 0; i < s.length(); i++) {
            char v = s.charAt(i);
            boolean vIsCap = isUpper(v);
            boolean vIsLow = isLower(v);
            if (vIsCap) {
                v = (char) (v + ('a' - 'A'));
            }
            if (i + 1 < s.length()) {
                char next = s.charAt(i + 1);
                boolean vIsNum = isDigit(v);
                boolean nextIsCap = isUpper(next);
                boolean nextIsLow = isLower(next);
                boolean nextIsNum = isDigit(next);
                if ((vIsCap && (nextIsLow || nextIsNum)) || (vIsLow && (nextIsCap || nextIsNum))
                        || (vIsNum && (nextIsCap || nextIsLow))) {
                    // The last capital of an acronym starts the next word: JSONData -> json_data.
                    if (vIsCap && nextIsLow && i > 0 && isUpper(s.charAt(i - 1))) {
                        out.append('_');
                    }
                    out.append(v);
                    if (vIsLow || vIsNum || nextIsNum) {
                        out.append('_');
                    }
                    continue;
                }
            }
            out.append(isSeparator(v) ? '_' : v);
        }
        return out.toString();
    }

    /** {@code my_metric.name} → {@code MyMetricName}; other punctuation is dropped. */
    static String toCamel(String input) {
        String s = input.strip();
        StringBuilder out = new StringBuilder(s.length());
        boolean capNext = true;
        boolean prevIsCap = false;
        for (int i = 0; i < s.length(); i++) {
            char v = s.charAt(i);
            boolean vIsCap = isUpper(v);
            boolean vIsLow = isLower(v);
            if (capNext) {
                if (vIsLow) {
                    v = (char) (v - ('a' - 'A'));
                }
            } else if (prevIsCap && vIsCap) {
                v = (char) (v + ('a' - 'A'));
            }
            prevIsCap = vIsCap;
            if (vIsCap || vIsLow) {
                out.append(v);
                capNext = false;
            } else if (isDigit(v)) {
                out.append(v);
                capNext = true;
            } else {
                capNext = isSeparator(v);
            }
        }
        return out.toString();
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '_' || c == '-' || c == '.';
    }
}
