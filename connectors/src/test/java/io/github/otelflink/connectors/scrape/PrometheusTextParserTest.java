package io.github.otelflink.connectors.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextParserTest {

    private static final long T = 1_700_000_000_000_000_000L;

    private static List<Metric> parse(String text) throws ScrapeParseException {
        return PrometheusTextParser.parse(text, T);
    }

    private static Map<String, String> labels(List<KeyValue> attributes) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (KeyValue kv : attributes) {
            labels.put(kv.getKey(), kv.getValue().getStringValue());
        }
        return labels;
    }

    @Test
    void counterBecomesMonotonicCumulativeSumKeepingItsName() throws Exception {
        List<Metric> metrics = parse("""
                # HELP http_requests_total The total number of HTTP requests.
                # TYPE http_requests_total counter
                http_requests_total{method="post",code="200"} 1027 1395066363000
                http_requests_total{method="post",code="400"}    3 1395066363000
                """);
        assertThat(metrics).hasSize(1);
        Metric m = metrics.get(0);
        assertThat(m.getName()).isEqualTo("http_requests_total");
        assertThat(m.getDescription()).isEqualTo("The total number of HTTP requests.");
        assertThat(m.hasSum()).isTrue();
        assertThat(m.getSum().getIsMonotonic()).isTrue();
        assertThat(m.getSum().getAggregationTemporality())
                .isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
        NumberDataPoint p0 = m.getSum().getDataPoints(0);
        assertThat(p0.getAsDouble()).isEqualTo(1027);
        assertThat(p0.getTimeUnixNano()).isEqualTo(1395066363000L * 1_000_000L);
        assertThat(labels(p0.getAttributesList())).containsExactly(Map.entry("method", "post"), Map.entry("code", "200"));
        assertThat(m.getSum().getDataPoints(1).getAsDouble()).isEqualTo(3);
    }

    @Test
    void gaugeAndUntypedBecomeGauges() throws Exception {
        List<Metric> metrics = parse("""
                # TYPE temperature gauge
                temperature{room="a"} -3.5e1
                # TYPE mystery untyped
                mystery 42
                no_type_at_all 7
                metric_without_timestamp_and_labels 12.47
                """);
        assertThat(metrics).extracting(Metric::getName)
                .containsExactly("temperature", "mystery", "no_type_at_all", "metric_without_timestamp_and_labels");
        assertThat(metrics).allSatisfy(m -> assertThat(m.hasGauge()).isTrue());
        assertThat(metrics.get(0).getGauge().getDataPoints(0).getAsDouble()).isEqualTo(-35.0);
        assertThat(metrics.get(0).getGauge().getDataPoints(0).getTimeUnixNano()).isEqualTo(T);
        assertThat(metrics.get(2).getGauge().getDataPoints(0).getAsDouble()).isEqualTo(7);
    }

    @Test
    void specialValues() throws Exception {
        List<Metric> metrics = parse("""
                a NaN
                b +Inf
                c -Inf
                d 1.5e-3 1000
                """);
        assertThat(metrics.get(0).getGauge().getDataPoints(0).getAsDouble()).isNaN();
        assertThat(metrics.get(1).getGauge().getDataPoints(0).getAsDouble()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(metrics.get(2).getGauge().getDataPoints(0).getAsDouble()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(metrics.get(3).getGauge().getDataPoints(0).getAsDouble()).isEqualTo(0.0015);
        assertThat(metrics.get(3).getGauge().getDataPoints(0).getTimeUnixNano()).isEqualTo(1000L * 1_000_000L);
    }

    @Test
    void histogramIsDecumulated() throws Exception {
        List<Metric> metrics = parse("""
                # HELP http_request_duration_seconds A histogram of the request duration.
                # TYPE http_request_duration_seconds histogram
                http_request_duration_seconds_bucket{le="0.05"} 24054
                http_request_duration_seconds_bucket{le="0.1"} 33444
                http_request_duration_seconds_bucket{le="0.2"} 100392
                http_request_duration_seconds_bucket{le="0.5"} 129389
                http_request_duration_seconds_bucket{le="1"} 133988
                http_request_duration_seconds_bucket{le="+Inf"} 144320
                http_request_duration_seconds_sum 53423
                http_request_duration_seconds_count 144320
                """);
        assertThat(metrics).hasSize(1);
        Metric m = metrics.get(0);
        assertThat(m.getName()).isEqualTo("http_request_duration_seconds");
        assertThat(m.getHistogram().getAggregationTemporality())
                .isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
        HistogramDataPoint p = m.getHistogram().getDataPoints(0);
        assertThat(p.getExplicitBoundsList()).containsExactly(0.05, 0.1, 0.2, 0.5, 1.0);
        assertThat(p.getBucketCountsList()).containsExactly(24054L, 9390L, 66948L, 28997L, 4599L, 10332L);
        assertThat(p.getCount()).isEqualTo(144320);
        assertThat(p.getSum()).isEqualTo(53423);
        assertThat(p.getAttributesList()).isEmpty();
    }

    @Test
    void histogramsWithLabelsAreSeparatePoints() throws Exception {
        List<Metric> metrics = parse("""
                # TYPE rpc histogram
                rpc_bucket{path="/a",le="1"} 1
                rpc_bucket{path="/b",le="1"} 2
                rpc_bucket{le="+Inf",path="/a"} 3
                rpc_bucket{path="/b",le="+Inf"} 2
                rpc_count{path="/a"} 3
                rpc_count{path="/b"} 2
                """);
        List<HistogramDataPoint> points = metrics.get(0).getHistogram().getDataPointsList();
        assertThat(points).hasSize(2);
        assertThat(labels(points.get(0).getAttributesList())).containsExactly(Map.entry("path", "/a"));
        assertThat(points.get(0).getBucketCountsList()).containsExactly(1L, 2L);
        assertThat(points.get(0).hasSum()).isFalse();
        assertThat(points.get(1).getBucketCountsList()).containsExactly(2L, 0L);
    }

    @Test
    void summary() throws Exception {
        List<Metric> metrics = parse("""
                # HELP rpc_duration_seconds A summary of the RPC duration in seconds.
                # TYPE rpc_duration_seconds summary
                rpc_duration_seconds{quantile="0.01"} 3102
                rpc_duration_seconds{quantile="0.05"} 3272
                rpc_duration_seconds{quantile="0.5"} 4773
                rpc_duration_seconds{quantile="0.9"} 9001
                rpc_duration_seconds{quantile="0.99"} 76656
                rpc_duration_seconds_sum 1.7560473e+07
                rpc_duration_seconds_count 2693
                """);
        SummaryDataPoint p = metrics.get(0).getSummary().getDataPoints(0);
        assertThat(p.getQuantileValuesList()).extracting(SummaryDataPoint.ValueAtQuantile::getQuantile)
                .containsExactly(0.01, 0.05, 0.5, 0.9, 0.99);
        assertThat(p.getQuantileValues(4).getValue()).isEqualTo(76656);
        assertThat(p.getSum()).isEqualTo(1.7560473e7);
        assertThat(p.getCount()).isEqualTo(2693);
    }

    @Test
    void labelEscapingAndHelpEscaping() throws Exception {
        List<Metric> metrics = parse("# HELP msdos_file_access_time_seconds Help with \\\\ and \\n newline.\n"
                + "# TYPE msdos_file_access_time_seconds gauge\n"
                + "msdos_file_access_time_seconds{path=\"C:\\\\DIR\\\\FILE.TXT\",error=\"Cannot find file:\\n\\\"FILE.TXT\\\"\",} 1.458255915e9\n");
        Metric m = metrics.get(0);
        assertThat(m.getDescription()).isEqualTo("Help with \\ and \n newline.");
        assertThat(labels(m.getGauge().getDataPoints(0).getAttributesList())).containsExactly(
                Map.entry("path", "C:\\DIR\\FILE.TXT"),
                Map.entry("error", "Cannot find file:\n\"FILE.TXT\""));
    }

    @Test
    void commentsBlankLinesAndCrLfAreIgnored() throws Exception {
        List<Metric> metrics = parse("# just a comment\r\n\r\n   \r\n# TYPE x counter\r\nx 1\r\n");
        assertThat(metrics).hasSize(1);
        assertThat(metrics.get(0).getSum().getDataPoints(0).getAsDouble()).isEqualTo(1);
    }

    @Test
    void emptyInputGivesNoMetrics() throws Exception {
        assertThat(parse("")).isEmpty();
    }

    @Test
    void errorsNameTheLine() {
        assertError("ok 1\nbad{label=\"x} 1\n", 2, "unterminated");
        assertError("a 1\nb 2\nc abc\n", 3, "invalid value 'abc'");
        assertError("x{a=\"\\q\"} 1", 1, "invalid escape");
        assertError("x 1 notatime", 1, "invalid timestamp");
        assertError("x 1 -5", 1, "before 1970");
        assertError("# TYPE x gauge\n# TYPE x gauge", 2, "second TYPE");
        assertError("x 1\nx 2", 2, "duplicate sample");
        assertError("# TYPE x foo", 1, "unknown metric type");
        assertError("x 1\n# TYPE x counter", 2, "after its samples");
        assertError("# TYPE h histogram\nh_bucket 1", 2, "no 'le' label");
        assertError("# TYPE h histogram\nh_bucket{le=\"1\"} 5\nh_bucket{le=\"2\"} 3\nh_count 5", 2, "non-cumulative");
        assertError("x{1a=\"b\"} 1", 1, "expected a label name");
        assertError("x", 1, "has no value");
        assertError("{a=\"b\"} 1", 1, "expected a metric name");
        assertError("x 1 2 3", 1, "unexpected text");
        assertError("x 0x1F", 1, "invalid value");
        assertError("x 1d", 1, "invalid value");
        assertError("x{a=\"1\",a=\"2\"} 1", 1, "duplicate label");
    }

    @Test
    void garbageIsAParseErrorNotACrash() {
        assertThatThrownBy(() -> parse("<html><body>Not Found</body></html>"))
                .isInstanceOf(ScrapeParseException.class);
        assertThatThrownBy(() -> parse("\u0000\u0001\u00ff{{{"))
                .isInstanceOf(ScrapeParseException.class);
    }

    @Test
    void randomMutationsNeverThrowAnythingElse() {
        String valid = """
                # HELP h Help \\n.
                # TYPE h histogram
                h_bucket{a="x\\"y",le="0.5"} 1
                h_bucket{a="x\\"y",le="+Inf"} 2 1700000000000
                h_sum{a="x\\"y"} 1.5
                h_count{a="x\\"y"} 2
                # TYPE s summary
                s{quantile="0.9"} NaN
                s_sum 1
                s_count 1
                # TYPE c counter
                c 1e3
                g -Inf
                """;
        String alphabet = "{}=\",\\ #\n_aleq0.9+-InfNaN\t";
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 5000; i++) {
            StringBuilder text = new StringBuilder(valid);
            for (int m = random.nextInt(4); m >= 0; m--) {
                int at = random.nextInt(text.length());
                switch (random.nextInt(3)) {
                    case 0 -> text.deleteCharAt(at);
                    case 1 -> text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            try {
                parse(text.toString());
            } catch (ScrapeParseException expected) {
                assertThat(expected.line()).isPositive();
            } catch (RuntimeException e) {
                throw new AssertionError("crashed on:\n" + text, e);
            }
        }
    }

    private static void assertError(String text, int line, String message) {
        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(ScrapeParseException.class)
                .hasMessageContaining("line " + line + ":")
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((ScrapeParseException) e).line()).isEqualTo(line));
    }
}
