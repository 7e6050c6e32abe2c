package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Prometheus metric names from OTLP metric names, units and kinds, following the OTel
 * "Prometheus and OpenMetrics Compatibility" spec as the Collector implements it.
 *
 * <p>With suffixes ({@code add_metric_suffixes: true}, the default):
 * <ol>
 *   <li>the name is split into words at every character outside {@code [a-zA-Z0-9:]} (so runs of
 *       invalid characters and underscores become one {@code _}, and leading/trailing ones go);
 *   <li>the unit's main suffix ({@link PrometheusUnits}) is appended unless the name already has
 *       it as a word (or word sequence), then {@code per_<unit>} likewise;
 *   <li>a monotonic sum gets {@code total} as its last word (an existing {@code total} word moves
 *       to the end, never doubled); a gauge with unit exactly {@code 1} gets {@code ratio} the
 *       same way;
 *   <li>the namespace is the first word; a name starting with a digit gets a {@code _} prefix.
 * </ol>
 * Without suffixes only invalid-character runs become {@code _} (underscores already in the name
 * stay as they are), plus the namespace and the digit rule.
 *
 * <p>Names are cached per (name, unit, kind): one lookup per metric, not per data point. The
 * cache is cleared when it grows past {@value #MAX_CACHE} entries, so hostile input cannot grow it
 * without bound.
 */
public final class MetricNamer {
    static final int MAX_CACHE = 10_000;

    private final String namespace;
    private final boolean addSuffixes;
    private final boolean utf8;
    private final Map<Key, String> cache = new HashMap<>();

    /**
     * @param namespace prefix of every name ({@code ns} gives {@code ns_name}); empty for none.
     *     Characters outside {@code [a-zA-Z0-9_:]} become {@code _}.
     * @param addMetricSuffixes append unit, {@code _total} and {@code _ratio} suffixes
     */
    public MetricNamer(String namespace, boolean addMetricSuffixes) {
        this(namespace, addMetricSuffixes, false);
    }

    /**
     * @param utf8Names keep the OTLP name's characters (and the namespace's) as they are, as the
     *     Collector does for {@code NoUTF8EscapingWithSuffixes} and {@code NoTranslation}
     */
    public MetricNamer(String namespace, boolean addMetricSuffixes, boolean utf8Names) {
        Objects.requireNonNull(namespace, "namespace");
        this.namespace = utf8Names ? namespace : sanitizeKeepingUnderscores(namespace);
        this.addSuffixes = addMetricSuffixes;
        this.utf8 = utf8Names;
    }

    /** The sanitized namespace, empty for none. */
    public String namespace() {
        return namespace;
    }

    /**
     * The Prometheus name of a metric (the family name: without {@code _bucket}, {@code _sum},
     * {@code _count}); empty when the OTLP name has no valid character at all.
     */
    public String name(String otelName, String unit, MetricKind kind) {
        Key key = new Key(otelName, unit, kind);
        String name = cache.get(key);
        if (name == null) {
            name = build(otelName, unit, kind);
            if (cache.size() >= MAX_CACHE) {
                cache.clear();
            }
            cache.put(key, name);
        }
        return name;
    }

    /** The name of the resource's info series: {@code target_info}, with the namespace. */
    public String targetInfoName() {
        return namespace.isEmpty() ? "target_info" : namespace + "_target_info";
    }

    String build(String otelName, String unit, MetricKind kind) {
        if (utf8) {
            return buildUtf8(otelName, unit, kind);
        }
        String name = addSuffixes ? withSuffixes(otelName, unit, kind) : withoutSuffixes(otelName);
        if (name.isEmpty()) {
            return name;
        }
        if (!namespace.isEmpty()) {
            name = namespace + "_" + name;
        }
        char first = name.charAt(0);
        return first >= '0' && first <= '9' ? "_" + name : name;
    }

    /**
     * otlptranslator's name for UTF-8 strategies ({@code buildMetricName}): the name as it is
     * behind the namespace, and with suffixes the unit's, {@code _total} and {@code _ratio}
     * compared as strings (a name that ends with a suffix and one delimiter keeps it once).
     */
    private String buildUtf8(String otelName, String unit, MetricKind kind) {
        String name = namespace.isEmpty() ? otelName : namespace + "_" + otelName;
        if (!addSuffixes || name.isEmpty()) {
            return name;
        }
        // The Go code appends these in deferred calls, so they end up in this order.
        String ratio = "";
        String total = "";
        String per = "";
        if ("1".equals(unit) && kind == MetricKind.GAUGE) {
            name = trimSuffixAndDelimiter(name, "ratio");
            ratio = "_ratio";
        }
        if (kind == MetricKind.MONOTONIC_COUNTER) {
            name = trimSuffixAndDelimiter(name, "total");
            total = "_total";
        }
        String perUnit = PrometheusUnits.rawPerSuffix(unit);
        if (!perUnit.isEmpty()) {
            name = trimSuffixAndDelimiter(name, perUnit);
            per = "_" + perUnit;
        }
        String mainUnit = PrometheusUnits.rawMainSuffix(unit);
        if (!mainUnit.isEmpty() && !name.endsWith(mainUnit)) {
            name = name + "_" + mainUnit;
        }
        return name + per + total + ratio;
    }

    private static String trimSuffixAndDelimiter(String name, String suffix) {
        return name.endsWith(suffix) && name.length() > suffix.length() + 1
                ? name.substring(0, name.length() - suffix.length() - 1)
                : name;
    }

    private static String withSuffixes(String otelName, String unit, MetricKind kind) {
        String[] nameWords = PrometheusUnits.words(otelName);
        if (nameWords.length == 0) {
            return "";
        }
        List<String> words = new ArrayList<>(nameWords.length + 4);
        for (String w : nameWords) {
            words.add(w);
        }
        String[] main = PrometheusUnits.mainWords(unit);
        String[] per = PrometheusUnits.perWords(unit);
        boolean addMain = main.length > 0 && !containsSequence(nameWords, main, false);
        boolean addPer = per.length > 0 && !containsSequence(nameWords, per, true);
        if (addMain) {
            words.addAll(List.of(main));
        }
        if (addPer) {
            words.add("per");
            words.addAll(List.of(per));
        }
        if (kind == MetricKind.MONOTONIC_COUNTER) {
            moveToEnd(words, "total");
        }
        if (kind == MetricKind.GAUGE && "1".equals(unit)) {
            moveToEnd(words, "ratio");
        }
        return String.join("_", words);
    }

    /**
     * Whether {@code words} holds {@code suffix} as consecutive words (after {@code per} when
     * {@code perUnit}). The Collector compares single words only, so it appends {@code per_second}
     * again to {@code requests_per_second}; a word sequence avoids that and is the same for every
     * one-word unit.
     */
    private static boolean containsSequence(String[] words, String[] suffix, boolean perUnit) {
        int len = suffix.length + (perUnit ? 1 : 0);
        for (int start = 0; start + len <= words.length; start++) {
            int i = start;
            if (perUnit && !words[i++].equals("per")) {
                continue;
            }
            boolean match = true;
            for (int j = 0; j < suffix.length; j++, i++) {
                if (!words[i].equals(suffix[j])) {
                    match = false;
                    break;
                }
            }
            if (match) {
                return true;
            }
        }
        return false;
    }

    private static void moveToEnd(List<String> words, String word) {
        words.removeIf(word::equals);
        words.add(word);
    }

    /** Runs of characters outside {@code [a-zA-Z0-9_:]} become one {@code _}, trimmed at the ends. */
    static String sanitizeKeepingUnderscores(String s) {
        StringBuilder sb = null;
        int start = -1;
        int words = 0;
        for (int i = 0; i <= s.length(); i++) {
            boolean valid = i < s.length() && (PrometheusUnits.isMetricWordChar(s.charAt(i)) || s.charAt(i) == '_');
            if (valid && start < 0) {
                start = i;
            } else if (!valid && start >= 0) {
                if (start == 0 && i == s.length()) {
                    return s;
                }
                if (sb == null) {
                    sb = new StringBuilder(s.length());
                }
                if (words++ > 0) {
                    sb.append('_');
                }
                sb.append(s, start, i);
                start = -1;
            }
        }
        return sb == null ? "" : sb.toString();
    }

    private static String withoutSuffixes(String otelName) {
        return sanitizeKeepingUnderscores(otelName);
    }

    private record Key(String name, String unit, MetricKind kind) {}
}
