package io.github.otelflink.job.translate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributeValuesTest {

    private static String str(Object v) {
        return AttributeValues.toLabelValue(Otlp.value(v));
    }

    @Test
    void scalars() {
        assertThat(str("GET")).isEqualTo("GET");
        assertThat(str("")).isEqualTo("");
        assertThat(str(true)).isEqualTo("true");
        assertThat(str(false)).isEqualTo("false");
        assertThat(str(200L)).isEqualTo("200");
        assertThat(str(-7L)).isEqualTo("-7");
        assertThat(str(1.5)).isEqualTo("1.5");
        assertThat(str(100.0)).isEqualTo("100");
        assertThat(str(1e21)).isEqualTo("1e+21");
        assertThat(str(new byte[] {1, 2, 3, (byte) 0xff})).isEqualTo("AQID/w==");
        assertThat(str(null)).isEqualTo("");
    }

    @Test
    void nonFiniteDoublesAreReadableNotGoErrorText() {
        assertThat(str(Double.NaN)).isEqualTo("NaN");
        assertThat(str(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    }

    @Test
    void arraysAsJson() {
        assertThat(str(List.of("a", 1L, 2.5, true))).isEqualTo("[\"a\",1,2.5,true]");
        assertThat(str(List.of())).isEqualTo("[]");
        assertThat(str(List.of(List.of(1L), List.of()))).isEqualTo("[[1],[]]");
    }

    @Test
    void keyValueListsAsJsonWithSortedKeys() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("zeta", "z");
        m.put("alpha", 1L);
        m.put("mid", List.of(true));
        assertThat(str(m)).isEqualTo("{\"alpha\":1,\"mid\":[true],\"zeta\":\"z\"}");
    }

    @Test
    void jsonEscapesLikeGoWithoutHtmlEscaping() {
        assertThat(str(List.of("q\"b\\n\nt\tr\r<&>\u0001\u2028é")))
                .isEqualTo("[\"q\\\"b\\\\n\\nt\\tr\\r<&>\\u0001\\u2028é\"]");
        assertThat(str(List.of("\b\f"))).isEqualTo("[\"\\b\\f\"]");
    }

    @Test
    void jsonWithNonFiniteNumberIsEmptyAsInGo() {
        assertThat(str(List.of(1.0, Double.NaN))).isEqualTo("");
    }

    @Test
    void bytesAndEmptyValuesInsideJson() {
        assertThat(str(List.of(new byte[] {1}, Otlp.value(null)))).isEqualTo("[\"AQ==\",null]");
    }

    @Test
    void comparesByCodePointLikeGo() {
        // U+FFFD (one UTF-16 unit) sorts before U+1F600 (a surrogate pair) in UTF-8 byte order.
        assertThat(AttributeValues.compareCodePoints("\uFFFD", "\uD83D\uDE00")).isNegative();
        assertThat(AttributeValues.compareCodePoints("a.b", "a_b")).isNegative();
        assertThat(AttributeValues.compareCodePoints("ab", "a")).isPositive();
    }
}
