package io.github.otelflink.connectors.scrape;

import io.github.otelflink.connectors.scrape.MetricFamily.Point;
import io.github.otelflink.connectors.scrape.MetricFamily.Type;
import io.opentelemetry.proto.metrics.v1.Metric;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses the Prometheus text exposition format 0.0.4 into OTLP metrics, one {@link Metric} per
 * metric family, in the order the families first appear: the text is read into
 * {@link MetricFamily}s here, which {@link MetricFamilyConverter} turns into OTLP (see there for
 * how each type maps).
 *
 * <p>A sample's time is its timestamp (milliseconds) if it has one, else {@code defaultTimeNanos}.
 * Timestamps before 1970 are errors (OTLP times are unsigned).
 *
 * <p>Anything malformed — bad names, bad escapes, unparseable values, duplicate samples, a TYPE
 * after its samples, non-monotonic histogram buckets — is a {@link ScrapeParseException} naming
 * the line; nothing else is thrown.
 */
public final class PrometheusTextParser {

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern FLOAT =
            Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");

    private PrometheusTextParser() {}

    /** Parses {@code text}; samples without a timestamp get {@code defaultTimeNanos}. */
    public static List<Metric> parse(String text, long defaultTimeNanos) throws ScrapeParseException {
        return MetricFamilyConverter.toMetrics(new Run(defaultTimeNanos).parse(text));
    }

    private static final class Run {
        final long defaultTimeNanos;
        final Map<String, MetricFamily> families = new LinkedHashMap<>();
        /** Sample names already seen, with their full label sets: duplicates are errors. */
        final Map<String, java.util.Set<Map<String, String>>> seen = new HashMap<>();
        int lineNo;

        Run(long defaultTimeNanos) {
            this.defaultTimeNanos = defaultTimeNanos;
        }

        Collection<MetricFamily> parse(String text) throws ScrapeParseException {
            int pos = 0;
            int len = text.length();
            while (pos < len) {
                int end = text.indexOf('\n', pos);
                if (end < 0) {
                    end = len;
                }
                lineNo++;
                String line = text.substring(pos, end);
                if (line.endsWith("\r")) {
                    line = line.substring(0, line.length() - 1);
                }
                parseLine(line);
                pos = end + 1;
            }
            return families.values();
        }

        ScrapeParseException error(String message) {
            return new ScrapeParseException(lineNo, message);
        }

        void parseLine(String line) throws ScrapeParseException {
            String trimmed = stripLeading(line);
            if (trimmed.isEmpty()) {
                return;
            }
            if (trimmed.charAt(0) == '#') {
                parseComment(trimmed.substring(1));
            } else {
                parseSample(trimmed);
            }
        }

        void parseComment(String rest) throws ScrapeParseException {
            String s = stripLeading(rest);
            String keyword = token(s);
            if (!keyword.equals("HELP") && !keyword.equals("TYPE")) {
                return; // an ordinary comment
            }
            if (s.length() == keyword.length() || !isBlank(s.charAt(keyword.length()))) {
                return; // "#HELPER ..." or a bare "# HELP": just a comment, as in Prometheus
            }
            s = stripLeading(s.substring(keyword.length()));
            String name = token(s);
            if (name.isEmpty()) {
                throw error(keyword + " line without a metric name");
            }
            if (!METRIC_NAME.matcher(name).matches()) {
                throw error("invalid metric name '" + name + "' in " + keyword + " line");
            }
            String value = s.substring(name.length());
            if (!value.isEmpty()) {
                value = value.substring(1); // the blank that ended the name
            }
            if (keyword.equals("HELP")) {
                MetricFamily family = families.computeIfAbsent(name, MetricFamily::new);
                family.help = unescapeHelp(value);
            } else {
                Type type = switch (value.strip()) {
                    case "counter" -> Type.COUNTER;
                    case "gauge" -> Type.GAUGE;
                    case "untyped" -> Type.UNTYPED;
                    case "histogram" -> Type.HISTOGRAM;
                    case "summary" -> Type.SUMMARY;
                    default -> throw error("unknown metric type '" + value.strip() + "' for " + name);
                };
                MetricFamily family = families.computeIfAbsent(name, MetricFamily::new);
                if (family.hasSamples) {
                    throw error("TYPE line for metric " + name + " after its samples");
                }
                if (family.type != null) {
                    throw error("second TYPE line for metric " + name);
                }
                family.type = type;
            }
        }

        void parseSample(String line) throws ScrapeParseException {
            int i = 0;
            int n = line.length();
            while (i < n && isNameChar(line.charAt(i), i == 0)) {
                i++;
            }
            String name = line.substring(0, i);
            if (name.isEmpty()) {
                throw error("expected a metric name, got '" + line.charAt(0) + "'");
            }
            Map<String, String> labels = new LinkedHashMap<>();
            i = skipBlanks(line, i);
            if (i < n && line.charAt(i) == '{') {
                i = parseLabels(line, i + 1, labels);
                i = skipBlanks(line, i);
            }
            if (i >= n) {
                throw error("sample " + name + " has no value");
            }
            int valueStart = i;
            while (i < n && !isBlank(line.charAt(i))) {
                i++;
            }
            double value = parseValue(line.substring(valueStart, i));
            i = skipBlanks(line, i);
            long timeNanos = defaultTimeNanos;
            if (i < n) {
                int tsStart = i;
                while (i < n && !isBlank(line.charAt(i))) {
                    i++;
                }
                String ts = line.substring(tsStart, i);
                if (!INTEGER.matcher(ts).matches()) {
                    throw error("invalid timestamp '" + ts + "'");
                }
                long millis;
                try {
                    millis = Long.parseLong(ts);
                    if (millis < 0) {
                        throw error("timestamp " + ts + " is before 1970: OTLP cannot carry it");
                    }
                    timeNanos = Math.multiplyExact(millis, 1_000_000L);
                } catch (ArithmeticException | NumberFormatException e) {
                    throw error("timestamp '" + ts + "' out of range");
                }
                i = skipBlanks(line, i);
                if (i < n) {
                    throw error("unexpected text after the timestamp: '" + line.substring(i) + "'");
                }
            }
            if (!seen.computeIfAbsent(name, k -> new java.util.HashSet<>()).add(labels)) {
                throw error("duplicate sample " + name + labels);
            }
            addSample(name, labels, value, timeNanos);
        }

        int parseLabels(String line, int i, Map<String, String> labels) throws ScrapeParseException {
            int n = line.length();
            while (true) {
                i = skipBlanks(line, i);
                if (i >= n) {
                    throw error("unterminated label set");
                }
                if (line.charAt(i) == '}') {
                    return i + 1;
                }
                int nameStart = i;
                while (i < n && isLabelNameChar(line.charAt(i), i == nameStart)) {
                    i++;
                }
                String labelName = line.substring(nameStart, i);
                if (labelName.isEmpty()) {
                    throw error("expected a label name, got '" + line.charAt(i) + "'");
                }
                i = skipBlanks(line, i);
                if (i >= n || line.charAt(i) != '=') {
                    throw error("expected '=' after label name " + labelName);
                }
                i = skipBlanks(line, i + 1);
                if (i >= n || line.charAt(i) != '"') {
                    throw error("expected '\"' to start the value of label " + labelName);
                }
                i++;
                StringBuilder value = new StringBuilder();
                while (true) {
                    if (i >= n) {
                        throw error("unterminated value of label " + labelName);
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\') {
                        if (i >= n) {
                            throw error("unterminated value of label " + labelName);
                        }
                        char e = line.charAt(i++);
                        switch (e) {
                            case '\\' -> value.append('\\');
                            case '"' -> value.append('"');
                            case 'n' -> value.append('\n');
                            default -> throw error("invalid escape sequence '\\" + e + "' in label " + labelName);
                        }
                    } else {
                        value.append(c);
                    }
                }
                if (labels.put(labelName, value.toString()) != null) {
                    throw error("duplicate label " + labelName);
                }
                i = skipBlanks(line, i);
                if (i < n && line.charAt(i) == ',') {
                    i++;
                } else if (i >= n || line.charAt(i) != '}') {
                    throw error("expected ',' or '}' after the value of label " + labelName);
                }
            }
        }

        double parseValue(String s) throws ScrapeParseException {
            switch (s.toLowerCase(java.util.Locale.ROOT)) {
                case "nan", "+nan", "-nan":
                    return Double.NaN;
                case "inf", "+inf", "infinity", "+infinity":
                    return Double.POSITIVE_INFINITY;
                case "-inf", "-infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
            if (!FLOAT.matcher(s).matches()) {
                throw error("invalid value '" + s + "'");
            }
            return Double.parseDouble(s);
        }

        void addSample(String name, Map<String, String> labels, double value, long timeNanos)
                throws ScrapeParseException {
            MetricFamily family = families.get(name);
            String suffix = null;
            if (family == null || family.type == null || family.type == Type.HISTOGRAM || family.type == Type.SUMMARY) {
                // name_bucket / name_sum / name_count of a histogram or summary family?
                for (String s : new String[] {"_bucket", "_sum", "_count"}) {
                    if (name.endsWith(s)) {
                        MetricFamily base = families.get(name.substring(0, name.length() - s.length()));
                        if (base != null && (base.type == Type.HISTOGRAM || (base.type == Type.SUMMARY && !s.equals("_bucket")))) {
                            family = base;
                            suffix = s;
                            break;
                        }
                    }
                }
            }
            if (family == null) {
                family = new MetricFamily(name);
                families.put(name, family);
            }
            if (family.type == null) {
                family.type = Type.UNTYPED;
            }
            family.hasSamples = true;
            Map<String, String> key = labels;
            if (suffix == null && (family.type == Type.HISTOGRAM || family.type == Type.SUMMARY)) {
                if (family.type == Type.SUMMARY) {
                    suffix = "";
                } else {
                    throw error("sample " + name + " of histogram " + family.name
                            + " must be " + family.name + "_bucket, _sum or _count");
                }
            }
            String special = null;
            if ("_bucket".equals(suffix)) {
                special = "le";
            } else if ("".equals(suffix)) {
                special = "quantile";
            }
            double bound = 0;
            if (special != null) {
                String raw = labels.get(special);
                if (raw == null) {
                    throw error("sample " + name + " has no '" + special + "' label");
                }
                bound = parseValue(raw.strip());
                if (Double.isNaN(bound)) {
                    throw error("sample " + name + " has '" + special + "' label NaN");
                }
                key = new LinkedHashMap<>(labels);
                key.remove(special);
            }
            Point point = family.points.get(key);
            if (point == null) {
                point = new Point(lineNo, key);
                family.points.put(key, point);
            }
            point.timeNanos = Math.max(point.timeNanos, timeNanos);
            if (suffix == null) {
                point.value = value;
            } else if (suffix.equals("_bucket")) {
                point.buckets.put(bound, value);
            } else if (suffix.isEmpty()) {
                point.quantiles.put(bound, value);
            } else if (suffix.equals("_sum")) {
                point.sum = value;
            } else {
                if (Double.isNaN(value) || value < 0) {
                    throw error("invalid count " + value + " for " + name);
                }
                point.count = value;
            }
        }
    }

    private static String unescapeHelp(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char e = s.charAt(i + 1);
                if (e == '\\') {
                    out.append('\\');
                    i++;
                    continue;
                }
                if (e == 'n') {
                    out.append('\n');
                    i++;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    private static String token(String s) {
        int i = 0;
        while (i < s.length() && !isBlank(s.charAt(i))) {
            i++;
        }
        return s.substring(0, i);
    }

    private static String stripLeading(String s) {
        return s.substring(skipBlanks(s, 0));
    }

    private static int skipBlanks(String s, int i) {
        while (i < s.length() && isBlank(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean isNameChar(char c, boolean first) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || (!first && c >= '0' && c <= '9');
    }

    private static boolean isLabelNameChar(char c, boolean first) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (!first && c >= '0' && c <= '9');
    }
}
