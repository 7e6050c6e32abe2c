package io.github.otelflink.job.relabel;

/**
 * Prometheus label-name rules as the relabeler applies them: the legacy character set
 * {@code [a-zA-Z_][a-zA-Z0-9_]*}, and the OTel-to-Prometheus sanitization of attribute names.
 */
public final class LabelNames {

    private LabelNames() {}

    /** True for names Prometheus accepts without UTF-8 support: {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
    public static boolean isValid(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        char first = name.charAt(0);
        if (!(isLetter(first) || first == '_')) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(isLetter(c) || isDigit(c) || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The label name the OTel-to-Prometheus translation gives an attribute: every code point
     * outside {@code [a-zA-Z0-9_]} becomes {@code _}, and a name starting with a digit gets the
     * prefix {@code key_} ({@code cluster.name} → {@code cluster_name}, {@code 1st} →
     * {@code key_1st}). Valid names and the empty string are returned unchanged.
     */
    public static String sanitize(String name) {
        if (name.isEmpty() || isValid(name)) {
            return name;
        }
        StringBuilder out = new StringBuilder(name.length() + 4);
        if (isDigit(name.charAt(0))) {
            out.append("key_");
        }
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            out.append(cp < 128 && (isLetter((char) cp) || isDigit((char) cp) || cp == '_') ? (char) cp : '_');
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
