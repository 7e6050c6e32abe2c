package io.github.otelflink.testing;

import io.github.otelflink.testing.PrometheusServer.Bucket;
import io.github.otelflink.testing.PrometheusServer.Element;
import io.github.otelflink.testing.PrometheusServer.HistogramSample;
import io.github.otelflink.testing.PrometheusServer.QueryResult;
import io.github.otelflink.testing.PrometheusServer.Sample;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns the JSON of a successful {@code /api/v1/query} answer into a {@link QueryResult}. */
final class QueryResultParser {

    private QueryResultParser() {}

    @SuppressWarnings("unchecked")
    static QueryResult parse(String json) {
        Map<String, Object> root = (Map<String, Object>) new MiniJson(json).parse();
        if (!"success".equals(root.get("status"))) {
            throw new IllegalStateException("query failed: " + json);
        }
        Map<String, Object> data = (Map<String, Object>) root.get("data");
        String type = (String) data.get("resultType");
        Object result = data.get("result");
        if (type.equals("scalar")) {
            return new QueryResult(type, List.of(), sample((List<Object>) result));
        }
        if (!type.equals("vector") && !type.equals("matrix")) {
            throw new IllegalStateException("unsupported result type " + type + ": " + json);
        }
        List<Element> elements = new ArrayList<>();
        for (Object item : (List<Object>) result) {
            Map<String, Object> series = (Map<String, Object>) item;
            Map<String, String> metric = new TreeMap<>();
            ((Map<String, Object>) series.getOrDefault("metric", Map.of()))
                    .forEach((k, v) -> metric.put(k, (String) v));
            List<Sample> samples = new ArrayList<>();
            List<HistogramSample> histograms = new ArrayList<>();
            if (series.containsKey("value")) {
                samples.add(sample((List<Object>) series.get("value")));
            }
            for (Object value : (List<Object>) series.getOrDefault("values", List.of())) {
                samples.add(sample((List<Object>) value));
            }
            if (series.containsKey("histogram")) {
                histograms.add(histogram((List<Object>) series.get("histogram")));
            }
            for (Object value : (List<Object>) series.getOrDefault("histograms", List.of())) {
                histograms.add(histogram((List<Object>) value));
            }
            elements.add(new Element(Collections.unmodifiableMap(metric), List.copyOf(samples),
                    List.copyOf(histograms)));
        }
        return new QueryResult(type, List.copyOf(elements), null);
    }

    private static Sample sample(List<Object> pair) {
        return new Sample(millis(pair.get(0)), number(pair.get(1)));
    }

    @SuppressWarnings("unchecked")
    private static HistogramSample histogram(List<Object> pair) {
        Map<String, Object> h = (Map<String, Object>) pair.get(1);
        List<Bucket> buckets = new ArrayList<>();
        for (Object b : (List<Object>) h.getOrDefault("buckets", List.of())) {
            List<Object> bucket = (List<Object>) b;
            buckets.add(new Bucket(((BigDecimal) bucket.get(0)).intValueExact(),
                    number(bucket.get(1)), number(bucket.get(2)), number(bucket.get(3))));
        }
        return new HistogramSample(millis(pair.get(0)), number(h.get("count")), number(h.get("sum")),
                List.copyOf(buckets));
    }

    private static long millis(Object secondsNumber) {
        // Timestamps are JSON numbers in seconds with millisecond decimals; BigDecimal keeps them exact.
        return ((BigDecimal) secondsNumber).movePointRight(3).longValue();
    }

    private static double number(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal.doubleValue();
        }
        // Prometheus renders values as Go-formatted strings: "1.5", "NaN", "+Inf", "-Inf", "1e+06".
        String text = (String) value;
        return switch (text) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }
}
