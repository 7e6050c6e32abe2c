package io.github.otelflink.job.ottl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otelflink.job.pdata.GoRegex;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Go-compatible building blocks: number and JSON formatting, replacement templates, case conversion. */
class ValuesTest {

    /**
     * OTTL's string form of a double: goccy/go-json's {@code Marshal} (contrib
     * {@code pkg/ottl/expression.go} StandardStringLikeGetter), which keeps strconv's two-digit
     * negative exponent ({@code 1e-07}; goccy {@code internal/encoder/encoder.go AppendFloat64}),
     * unlike pdata's {@code AsString} ({@code 1e-7}).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "1.0, 1",
        "1.5, 1.5",
        "-2.25, -2.25",
        "0.000001, 0.000001",
        "0.0000001, 1e-07",
        "1.5e-10, 1.5e-10",
        "123456789.0, 123456789",
        "1e20, 100000000000000000000",
        "1e21, 1e+21",
        "-1.25e22, -1.25e+22",
        "0.0, 0",
        "8.41e21, 8.41e+21",
        "0.1, 0.1",
        "2.82879384806159e17, 282879384806159000",
    })
    void doublesFormatAsGoccyJson(double value, String expected) {
        assertThat(Values.stringLike(value)).isEqualTo(expected);
    }

    @Test
    void nonFiniteDoublesAreAnOttlError() {
        assertThatThrownBy(() -> Values.stringLike(Double.NaN))
                .isInstanceOf(OttlEvaluationException.class).hasMessage("unsupported type: float64");
        assertThatThrownBy(() -> Values.stringLike(List.of(1.0, Double.POSITIVE_INFINITY)))
                .isInstanceOf(OttlEvaluationException.class).hasMessage("json: unsupported value: +Inf");
    }

    @Test
    void stringLikeConversion() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("z", 1L);
        map.put("a", List.of("<x>", 2.0, true));
        map.put("m", null);
        assertThat(Values.stringLike(map)).isEqualTo("{\"a\":[\"\\u003cx\\u003e\",2,true],\"m\":null,\"z\":1}");
        assertThat(Values.stringLike(new byte[] {0x0f, (byte) 0xa0})).isEqualTo("0fa0");
        assertThat(Values.stringLike(12L)).isEqualTo("12");
        assertThat(Values.stringLike(null)).isNull();
        assertThat(Values.concatElement(null)).isEqualTo("<nil>");
    }

    @ParameterizedTest(name = "{1} on {0}")
    @CsvSource(delimiter = '|', value = {
        "web-42 | $1                 | web",
        "web-42 | ${2}               | 42",
        "web-42 | $name              | web",
        "web-42 | ${name}.x           | web.x",
        "web-42 | $1x                | ''",
        "web-42 | ${1}x              | webx",
        "web-42 | $$1                | $1",
        "web-42 | a$                 | a$",
        "web-42 | ${1                | ${1",
        "web-42 | $9                 | ''",
        "web-42 | $01                | ''",
        "web-42 | $0!                | web-42!",
        "web-42 | $-                 | $-",
    })
    void replacementTemplatesExpandAsGo(String input, String template, String expected) {
        GoRegex regex = GoRegex.compile("(?P<name>[a-z]+)-(\\d+)");
        assertThat(Replacement.parse(template, regex).replaceAll(regex.pattern().matcher(input), input)).isEqualTo(expected);
    }

    @Test
    void replaceAllReturnsTheInputItselfWhenNothingMatches() {
        GoRegex regex = GoRegex.compile("x");
        String input = "abc";
        assertThat(Replacement.parse("y", regex).replaceAll(regex.pattern().matcher(input), input)).isSameAs(input);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "myMetric, my_metric, MyMetric",
        "HTTPServer, http_server, Httpserver",   // strcase lowercases capitals that follow a capital (ID -> Id)
        "JSONData, json_data, Jsondata",
        "ID, id, Id",
        "http.server.duration, http_server_duration, HttpServerDuration",
        "already_snake, already_snake, AlreadySnake",
        "cpu2usage, cpu_2_usage, Cpu2Usage",
        "' padded name ', padded_name, PaddedName",
        "kebab-case-name, kebab_case_name, KebabCaseName",
    })
    void caseConversion(String input, String snake, String camel) {
        assertThat(CaseConversion.toSnake(input)).isEqualTo(snake);
        assertThat(CaseConversion.toCamel(input)).isEqualTo(camel);
    }

    @Test
    void truncationKeepsUtf8Valid() {
        assertThat(Editors.truncateUtf8("a\uD83D\uDE00b", 4)).isEqualTo("a");
        assertThat(Editors.truncateUtf8("a\uD83D\uDE00b", 5)).isEqualTo("a\uD83D\uDE00");
        assertThat(Editors.truncateUtf8("abc", 3)).isEqualTo("abc");
    }
}
