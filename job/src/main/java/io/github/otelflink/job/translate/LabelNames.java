package io.github.otelflink.job.translate;

/**
 * Label names from OTLP attribute keys, by the Collector's {@code NormalizeLabel} rule.
 *
 * <ul>
 *   <li>every character outside {@code [a-zA-Z0-9_]} becomes {@code _} (one per character, runs
 *       are not collapsed: {@code a..b} becomes {@code a__b});
 *   <li>a name that starts with a digit gets {@code key_} in front ({@code 0x} → {@code key_0x});
 *   <li>a name that starts with one {@code _} gets {@code key} in front ({@code _id} →
 *       {@code key_id}); names starting with {@code __} are kept (reserved names).
 * </ul>
 *
 * <p>The Collector keeps non-ASCII letters and digits ({@code unicode.IsLetter}); here they
 * become {@code _} too, because remote write 1.0 label names are {@code [a-zA-Z_][a-zA-Z0-9_]*}
 * and the sink drops series with any other name.
 */
public final class LabelNames {
    private LabelNames() {}

    /** The label name for an attribute key; empty for an empty key. */
    public static String sanitize(String key) {
        int n = key.length();
        if (n == 0) {
            return key;
        }
        boolean valid = true;
        for (int i = 0; i < n; i++) {
            if (!isLabelChar(key.charAt(i))) {
                valid = false;
                break;
            }
        }
        String name = valid ? key : replaceInvalid(key);
        char first = name.charAt(0);
        if (first >= '0' && first <= '9') {
            return "key_" + name;
        }
        if (first == '_' && (name.length() == 1 || name.charAt(1) != '_')) {
            return "key" + name;
        }
        return name;
    }

    private static String replaceInvalid(String key) {
        StringBuilder sb = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); ) {
            int cp = key.codePointAt(i);
            sb.append(cp < 0x80 && isLabelChar((char) cp) ? (char) cp : '_');
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    static boolean isLabelChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }
}
