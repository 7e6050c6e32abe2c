package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Names under the UTF-8 strategies ({@code NoUTF8EscapingWithSuffixes}, {@code NoTranslation}).
 * The rows are otlptranslator's own (metric_namer_test.go, the UTF8Allowed cases).
 */
class Utf8NamesTest {

    @ParameterizedTest(name = "{0} [{1}] {2} suffixes={3} ns={4} -> {5}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "requests_total              | ''  | MONOTONIC_COUNTER | true  | ''              | requests_total",
        "cpu_usage_ratio             | 1   | GAUGE             | true  | ''              | cpu_usage_ratio",
        "response_time_seconds       | s   | GAUGE             | true  | ''              | response_time_seconds",
        "cpu_seconds_total           | s   | MONOTONIC_COUNTER | true  | ''              | cpu_seconds_total",
        "otelcol_process_cpu_seconds | s   | MONOTONIC_COUNTER | true  | ''              | otelcol_process_cpu_seconds_total",
        "___                         | ''  | GAUGE             | false | ''              | ___",
        "métric_with_ñ_chars         | ''  | GAUGE             | false | ''              | métric_with_ñ_chars",
        "métric_with_ñ_chars         | ''  | GAUGE             | false | test_namespace  | test_namespace_métric_with_ñ_chars",
        "requêsts                    | ''  | MONOTONIC_COUNTER | true  | ''              | requêsts_total",
        "cpu_usagé                   | 1   | GAUGE             | true  | ''              | cpu_usagé_ratio",
        "respønse_time               | ms  | GAUGE             | true  | ''              | respønse_time_milliseconds",
        "requêsts                    | 1/s | GAUGE             | true  | ''              | requêsts_per_second",
        "requêsts                    | 1/s | MONOTONIC_COUNTER | true  | ñamespace       | ñamespace_requêsts_per_second_total",
        "@#$%                        | ''  | MONOTONIC_COUNTER | true  | ''              | @#$%_total",
        "http.server.duration        | s   | GAUGE             | true  | ''              | http.server.duration_seconds",
        "http.server.duration        | s   | GAUGE             | false | ''              | http.server.duration",
    })
    void metricNamesAsOtlptranslatorBuildsThem(String name, String unit, MetricKind kind, boolean suffixes,
            String namespace, String expected) {
        assertThat(new MetricNamer(namespace, suffixes, true).name(name, unit, kind)).isEqualTo(expected);
    }

    @Test
    void labelNamesAreTheKeysAsTheyAreAndUnderscoresOnlyAreLeftOut() {
        TranslationConfig config = TranslationConfig.defaults().withUtf8Names(true)
                .withExternalLabels(Map.of("k8s.cluster", "c1"));
        List<String> lines = Emitted.lines(translateUtf8(config, Otlp.resource(Otlp.attrs("service.name", "api"),
                Otlp.gauge("queue.size", "{items}", Otlp.doublePoint(3, "http.method", "GET", "___", "x", "ünï", "y")))));
        assertThat(lines).containsExactly(
                "queue.size{http.method=\"GET\",job=\"api\",k8s.cluster=\"c1\",ünï=\"y\"} 3 @1700000000000");
    }

    @Test
    void escapingStrategiesStillEscape() {
        List<String> lines = Emitted.translateToLines(TranslationConfig.defaults(),
                Otlp.resource(Otlp.attrs("service.name", "api"),
                        Otlp.gauge("queue.size", "", Otlp.doublePoint(3, "http.method", "GET"))));
        assertThat(lines).containsExactly("queue_size{http_method=\"GET\",job=\"api\"} 3 @1700000000000");
    }

    /** Emitted.translate checks legacy names; UTF-8 names are checked by the sink's UTF-8 rule instead. */
    private static List<Emitted> translateUtf8(TranslationConfig config,
            io.opentelemetry.proto.metrics.v1.ResourceMetrics resource) {
        OtlpTranslator translator = new OtlpTranslator(config);
        List<Emitted> out = new java.util.ArrayList<>();
        translator.translate(resource, (series, delta) -> out.add(new Emitted(series, delta)));
        return out;
    }
}
