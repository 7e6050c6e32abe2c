package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OTLP (UCUM) units as Prometheus name suffixes, with the Collector's tables.
 *
 * <p>A unit {@code main/per} gives a main suffix from {@link #MAIN} ({@code By} →
 * {@code bytes}) and a per suffix from {@link #PER} ({@code s} → {@code second}, singular).
 * A part that is blank or holds an annotation ({@code {...}}) gives nothing; a unit that is not in
 * the table is used as written, cleaned to {@code [a-zA-Z0-9:]} words. {@code 1} gives nothing.
 */
final class PrometheusUnits {
    /** Main units; the Collector's table (its {@code TiBy → tibibytes} spelling included). */
    static final Map<String, String> MAIN = Map.ofEntries(
            Map.entry("d", "days"),
            Map.entry("h", "hours"),
            Map.entry("min", "minutes"),
            Map.entry("s", "seconds"),
            Map.entry("ms", "milliseconds"),
            Map.entry("us", "microseconds"),
            Map.entry("ns", "nanoseconds"),
            Map.entry("By", "bytes"),
            Map.entry("KiBy", "kibibytes"),
            Map.entry("MiBy", "mebibytes"),
            Map.entry("GiBy", "gibibytes"),
            Map.entry("TiBy", "tibibytes"),
            Map.entry("KBy", "kilobytes"),
            Map.entry("MBy", "megabytes"),
            Map.entry("GBy", "gigabytes"),
            Map.entry("TBy", "terabytes"),
            Map.entry("m", "meters"),
            Map.entry("V", "volts"),
            Map.entry("A", "amperes"),
            Map.entry("J", "joules"),
            Map.entry("W", "watts"),
            Map.entry("g", "grams"),
            Map.entry("Cel", "celsius"),
            Map.entry("Hz", "hertz"),
            Map.entry("1", ""),
            Map.entry("%", "percent"));

    /** Per units, singular: {@code By/s} is {@code bytes_per_second}. */
    static final Map<String, String> PER = Map.of(
            "s", "second",
            "m", "minute",
            "h", "hour",
            "d", "day",
            "w", "week",
            "mo", "month",
            "y", "year");

    private static final String[] NO_WORDS = new String[0];

    private PrometheusUnits() {}

    /**
     * The main unit suffix with the unit's own characters, for UTF-8 names (otlptranslator's
     * {@code buildUnitSuffixes}): {@code By} → {@code bytes}, an unknown unit as it is, empty for
     * none, {@code 1} or an annotation in braces.
     */
    static String rawMainSuffix(String unit) {
        int slash = unit.indexOf('/');
        String main = (slash < 0 ? unit : unit.substring(0, slash)).strip();
        if (main.isEmpty() || main.indexOf('{') >= 0 || main.indexOf('}') >= 0) {
            return "";
        }
        return MAIN.getOrDefault(main, main);
    }

    /** The per-unit suffix with the unit's own characters, {@code per_second}; empty for none. */
    static String rawPerSuffix(String unit) {
        int slash = unit.indexOf('/');
        if (slash < 0) {
            return "";
        }
        String per = unit.substring(slash + 1).strip();
        if (per.isEmpty() || per.indexOf('{') >= 0 || per.indexOf('}') >= 0) {
            return "";
        }
        String suffix = PER.getOrDefault(per, per);
        return suffix.isEmpty() ? "" : "per_" + suffix;
    }

    /** The words of the main unit suffix ({@code ["bytes"]}), empty when there is none. */
    static String[] mainWords(String unit) {
        int slash = unit.indexOf('/');
        String main = (slash < 0 ? unit : unit.substring(0, slash)).strip();
        if (main.isEmpty() || isAnnotation(main)) {
            return NO_WORDS;
        }
        return words(MAIN.getOrDefault(main, main));
    }

    /** The words of the per unit without {@code per} ({@code ["second"]}), empty when none. */
    static String[] perWords(String unit) {
        int slash = unit.indexOf('/');
        if (slash < 0) {
            return NO_WORDS;
        }
        String per = unit.substring(slash + 1).strip();
        if (per.isEmpty() || isAnnotation(per)) {
            return NO_WORDS;
        }
        return words(PER.getOrDefault(per, per));
    }

    /**
     * The unit of the metric metadata, as the Collector sends it: {@code s} → {@code seconds},
     * {@code By/s} → {@code bytes_per_second}, {@code 1} and annotations → empty.
     */
    static String metadataUnit(String unit) {
        String[] main = mainWords(unit);
        String[] per = perWords(unit);
        StringBuilder sb = new StringBuilder();
        for (String w : main) {
            append(sb, w);
        }
        if (per.length > 0) {
            append(sb, "per");
            for (String w : per) {
                append(sb, w);
            }
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, String word) {
        if (sb.length() > 0) {
            sb.append('_');
        }
        sb.append(word);
    }

    private static boolean isAnnotation(String part) {
        return part.indexOf('{') >= 0 || part.indexOf('}') >= 0;
    }

    /** Splits on every character outside {@code [a-zA-Z0-9:]}, dropping empty words. */
    static String[] words(String s) {
        if (s.isEmpty()) {
            return NO_WORDS;
        }
        List<String> out = null;
        int start = -1;
        for (int i = 0; i <= s.length(); i++) {
            boolean valid = i < s.length() && isMetricWordChar(s.charAt(i));
            if (valid && start < 0) {
                start = i;
            } else if (!valid && start >= 0) {
                if (out == null) {
                    out = new ArrayList<>(4);
                }
                out.add(s.substring(start, i));
                start = -1;
            }
        }
        return out == null ? NO_WORDS : out.toArray(NO_WORDS);
    }

    static boolean isMetricWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ':';
    }
}
