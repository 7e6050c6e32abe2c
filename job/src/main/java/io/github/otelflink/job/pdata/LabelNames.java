package io.github.otelflink.job.pdata;

/**
 * Prometheus label names: the legacy character set, and the names the Collector's
 * {@code prometheusremotewrite} exporter gives attribute keys.
 *
 * <p>{@link #sanitize} is {@code otlptranslator.LabelNamer.Build} (github.com/prometheus/otlptranslator
 * {@code label_namer.go}, {@code strconv.go}) as contrib's {@code newPrometheusConverter}
 * configures it (contrib {@code pkg/translator/prometheusremotewrite/metrics_to_prw.go}, 2026):
 * {@code UTF8Allowed} false, {@code UnderscoreLabelSanitization = !PermissiveLabelSanitization} and
 * {@code PreserveMultipleUnderscores = PermissiveLabelSanitization}, where the feature gate
 * {@code pkg.translator.prometheus.PermissiveLabelSanitization} is alpha, i.e. off by default
 * (contrib {@code pkg/translator/prometheus/metadata.yaml}; its promotion to beta, contrib #50584,
 * was still open in August 2026). So:
 *
 * <ul>
 *   <li>every character outside {@code [a-zA-Z0-9]} (a code point, not a byte: {@code é} is one)
 *       becomes {@code _}, and a run of {@code _} becomes one ({@code a..b}, {@code a__b} →
 *       {@code a_b}); a reserved name {@code __x__} keeps its two leading and trailing
 *       underscores ({@code __a..b__} → {@code __a_b__});
 *   <li>a name that then starts with a digit gets {@code key_} in front ({@code 0x} →
 *       {@code key_0x});
 *   <li>a name that then starts with one {@code _} gets {@code key} in front ({@code _id} →
 *       {@code key_id}, and {@code __x} → {@code _x} → {@code key_x}: only reserved names
 *       {@code __x__} keep their underscores).
 * </ul>
 *
 * <p>Two results are errors in the Collector, which then drops the data point: the empty key
 * ({@code label name is empty}) and a name of underscores only (with {@code key} prefixing on,
 * only a reserved-looking {@code ____} gets there). Here {@link #sanitize} returns {@code ""} for
 * both, and callers leave that label out.
 */
public final class LabelNames {
    private LabelNames() {}

    /**
     * True for names Prometheus accepts without UTF-8 support: {@code [a-zA-Z_][a-zA-Z0-9_]*}.
     */
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
     * The label name the Collector gives an attribute key (see the class comment); {@code ""} where
     * the Collector fails (an empty key, underscores only). A key that is already its own label name is returned as the same instance.
     */
    public static String sanitize(String key) {
        if (key.isEmpty() || isFixedPoint(key)) {
            return key;
        }
        String name = replaceInvalid(key);
        char first = name.charAt(0);
        if (isDigit(first)) {
            return "key_" + name;
        }
        if (first == '_' && !name.startsWith("__")) {
            return "key" + name;
        }
        // Only underscores left (a reserved-looking "____"): an error in the Collector.
        return name.chars().allMatch(c -> c == '_') ? "" : name;
    }

    /**
     * otlptranslator's {@code canFastPathLabel}: nothing to replace, no run of {@code _} (but
     * inside a reserved {@code __x__}), no leading digit or single leading {@code _}, and not
     * underscores only.
     */
    private static boolean isFixedPoint(String label) {
        int n = label.length();
        char first = label.charAt(0);
        if (isDigit(first)) {
            return false;
        }
        if (first == '_' && !label.startsWith("__")) {
            return false;
        }
        int start = 0;
        int end = n;
        if (n >= 4 && label.startsWith("__") && label.endsWith("__")) {
            start = 2;
            end = n - 2;
        }
        boolean previousUnderscore = false;
        boolean sawOther = false;
        for (int i = start; i < end; i++) {
            char c = label.charAt(i);
            if (c == '_') {
                if (previousUnderscore) {
                    return false;
                }
                previousUnderscore = true;
            } else if (isLetter(c) || isDigit(c)) {
                previousUnderscore = false;
                sawOther = true;
            } else {
                return false;
            }
        }
        return sawOther;
    }

    /** otlptranslator's {@code sanitizeLabelName(name, false)}: replace and collapse, per code point. */
    private static String replaceInvalid(String name) {
        boolean reserved = name.length() >= 4 && name.startsWith("__") && name.endsWith("__");
        int start = reserved ? 2 : 0;
        int end = reserved ? name.length() - 2 : name.length();
        StringBuilder out = new StringBuilder(name.length() + 4);
        if (reserved) {
            out.append("__");
        }
        boolean previousUnderscore = false;
        for (int i = start; i < end; ) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x80 && (isLetter((char) cp) || isDigit((char) cp))) {
                out.append((char) cp);
                previousUnderscore = false;
            } else if (!previousUnderscore) {
                out.append('_');
                previousUnderscore = true;
            }
        }
        if (reserved) {
            out.append("__");
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
