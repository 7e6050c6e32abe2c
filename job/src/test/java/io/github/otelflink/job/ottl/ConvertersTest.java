package io.github.otelflink.job.ottl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otelflink.job.processor.ErrorMode;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** A golden example for each converter, evaluated on a data point whose metric is named {@code http.server.Duration}. */
class ConvertersTest {

    /** Evaluates {@code expr} with {@code set(attributes["out"], expr)} and returns the stored value. */
    private static Object eval(String expr, Object... pointAttributes) {
        ResourceMetrics.Builder rm = Otlp.resourceMetrics(Otlp.attrs("service.name", "svc"),
                Otlp.gauge("http.server.Duration", Otlp.point(1.5, pointAttributes))).toBuilder();
        Otlp.transformer(OttlContext.DATAPOINT, ErrorMode.PROPAGATE, "set(attributes[\"out\"], " + expr + ")").apply(rm);
        return Otlp.pointAttributes(rm.build()).get("out");
    }

    @Test
    void concat() {
        assertThat(eval("Concat([\"a\", metric.name, 1, 2.5, 1.0, true, attributes[\"missing\"]], \"|\")"))
                .isEqualTo("a|http.server.Duration|1|2.5|1|true|<nil>");
        assertThat(eval("Concat([], \"-\")")).isEqualTo("");
        assertThat(eval("Concat([attributes[\"l\"], attributes[\"b\"]], \" \")", "l", List.of("x", 1L), "b", new byte[] {1, (byte) 0xab}))
                .isEqualTo("[\"x\",1] 01ab");
    }

    @Test
    void plusOnStringsIsConcat() {
        assertThat(eval("\"otel_\" + metric.name")).isEqualTo("otel_http.server.Duration");
        assertThat(eval("\"v\" + value_double + \"/\" + 2 + attributes[\"missing\"]")).isEqualTo("v1.5/2<nil>");
        assertThat(eval("\"a\" + \"b\"")).isEqualTo("ab");
    }

    @Test
    void mathOnNumbers() {
        assertThat(eval("1 + 2 * 3 - 4 / 3")).isEqualTo(6L);
        assertThat(eval("value_double * 2.0 - 0.5")).isEqualTo(2.5);
        assertThat(eval("-7 / 2")).isEqualTo(-3L);
    }

    @Test
    void isMatchSearchesTheStringFormUnanchored() {
        assertThat(eval("IsMatch(metric.name, \"server\")")).isEqualTo(true);
        assertThat(eval("IsMatch(metric.name, \"^server\")")).isEqualTo(false);
        assertThat(eval("IsMatch(attributes[\"code\"], \"^5\\\\d\\\\d$\")", "code", 503L)).isEqualTo(true);
        assertThat(eval("IsMatch(attributes[\"missing\"], \".*\")")).isEqualTo(false);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "lower | HTTPServer.requestCount | httpserver.requestcount",
        "upper | HTTPServer.requestCount | HTTPSERVER.REQUESTCOUNT",
        "snake | HTTPServer.requestCount | http_server_request_count",
        "snake | myMetric                | my_metric",
        "snake | http.server.duration    | http_server_duration",
        "camel | my_metric               | MyMetric",
        "camel | http.server.duration    | HttpServerDuration",
    })
    void convertCase(String toCase, String input, String expected) {
        assertThat(eval("ConvertCase(attributes[\"in\"], \"" + toCase + "\")", "in", input)).isEqualTo(expected);
    }

    @Test
    void convertCaseNeedsAString() {
        assertThatThrownBy(() -> eval("ConvertCase(value_double, \"lower\")"))
                .isInstanceOf(OttlEvaluationException.class)
                .hasMessage("failed to execute statement: set(attributes[\"out\"], ConvertCase(value_double, \"lower\")): "
                        + "ConvertCase: expected string but got double");
        assertThat(eval("ConvertCase(attributes[\"e\"], \"upper\")", "e", "")).isEqualTo("");
    }

    @Test
    void substring() {
        assertThat(eval("Substring(metric.name, 5, 6)")).isEqualTo("server");
        assertThat(eval("Substring(metric.name, 0, 20)")).isEqualTo("http.server.Duration");
        assertThatThrownBy(() -> eval("Substring(metric.name, 15, 6)"))
                .hasMessageEndingWith("invalid range for substring function, start(15)+length(6) cannot be greater than "
                        + "the length of target string(20)");
        assertThatThrownBy(() -> eval("Substring(metric.name, attributes[\"s\"], 1)", "s", -1L))
                .hasMessageEndingWith("invalid start for substring function, -1 cannot be negative");
    }

    @Test
    void split() {
        assertThat(eval("Split(attributes[\"csv\"], \",\")", "csv", "a,b,,c,")).isEqualTo(List.of("a", "b", "", "c", ""));
        assertThat(eval("Split(metric.name, \".\")[1]")).isEqualTo("server");
        assertThat(eval("Split(attributes[\"e\"], \",\")", "e", "")).isEqualTo(List.of(""));
        assertThat(eval("Split(attributes[\"s\"], \"\")", "s", "ab")).isEqualTo(List.of("a", "b"));
        assertThatThrownBy(() -> eval("Split(metric.name, \".\")[5]")).hasMessageEndingWith("index 5 out of bounds for list of 3");
    }

    @Test
    void convertersNest() {
        assertThat(eval("ConvertCase(Concat([Split(metric.name, \".\")[0], Split(metric.name, \".\")[2]], \"_\"), \"snake\")"))
                .isEqualTo("http_duration");
    }
}
