package io.github.otelflink.job.pdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The job's OTLP data rules against the Collector's: every row is an input and what the Collector
 * prints for it, taken from the Collector's own tests (the source file is named above each block)
 * or, where its tests have no row for a case, worked out from the source that decides it (named
 * too, as "from the source").
 */
class CollectorParityTest {

    // ---------------------------------------------------------------- pdata Value.AsString()

    static Stream<Arguments> asString() {
        return Stream.of(
                // open-telemetry/opentelemetry-collector pdata/pcommon/value_test.go TestValueAsString
                row("string value", "string value"),
                row(42L, "42"),
                row(1.61803399, "1.61803399"),
                row(.000000009, "9e-9"),
                row(Double.POSITIVE_INFINITY, "Infinity"),
                row(Double.NEGATIVE_INFINITY, "-Infinity"),
                row(Double.NaN, "NaN"),
                row(true, "true"),
                row(map(), "{}"),
                row(generateTestValueMap(),
                        "{\"arrKey\":[\"strOne\",\"strTwo\"],\"boolKey\":false,\"floatKey\":18.6,\"intKey\":7,"
                                + "\"mapKey\":{\"keyOne\":\"valOne\",\"keyTwo\":\"valTwo\"},\"nullKey\":null,\"strKey\":\"strVal\"}"),
                row(List.of(), "[]"),
                row(Arrays.asList("strVal", 7L, 18.6, false, null), "[\"strVal\",7,18.6,false,null]"),
                row(null, ""),
                row("String bytes".getBytes(StandardCharsets.UTF_8), "U3RyaW5nIGJ5dGVz"),
                row(map("key", "<a href=\"x\">&y</a>"), "{\"key\":\"<a href=\\\"x\\\">&y</a>\"}"),
                row(List.of("<", ">", "&"), "[\"<\",\">\",\"&\"]"),

                // From the source: pdata/pcommon/value.go float64AsString (ES6 form, "e-09" -> "e-9")
                row(1e21, "1e+21"),
                row(1e20, "100000000000000000000"),
                row(0.000001, "0.000001"),
                row(1e-7, "1e-7"),
                row(-0.0, "-0"),
                row(-3.25e-8, "-3.25e-8"),
                row(1.2345e300, "1.2345e+300"),
                // From the source: value.go marshalJSONNoHTMLEscape = encoding/json Encoder with
                // SetEscapeHTML(false) on AsRaw(): keys sorted by bytes, nested values, []byte as
                // base64, Go >= 1.22 \b \f escapes, U+2028/2029 always escaped, NaN fails -> "".
                row(map("zeta", "z", "alpha", 1L, "mid", List.of(true)), "{\"alpha\":1,\"mid\":[true],\"zeta\":\"z\"}"),
                row(map("outer", map("b", List.of(1L, map("y", 2.5, "x", List.of())), "a", null)),
                        "{\"outer\":{\"a\":null,\"b\":[1,{\"x\":[],\"y\":2.5}]}}"),
                row(List.of(List.of(1L), List.of()), "[[1],[]]"),
                row(List.of(new byte[] {1, 2, 3, (byte) 0xff}), "[\"AQID/w==\"]"),
                row(List.of("q\"b\\n\nt\tr\r\b\f\u0001\u001f\u007f\u2028\u2029é😀"),
                        "[\"q\\\"b\\\\n\\nt\\tr\\r\\b\\f\\u0001\\u001f\u007f\\u2028\\u2029é😀\"]"),
                row(List.of(1.0, Double.NaN), ""),
                row(map("k", map("deep", Double.POSITIVE_INFINITY)), ""),
                row(List.of(1e-7, 1e21, -0.0), "[1e-7,1e+21,-0]"),
                // Go's string order is UTF-8 byte order: U+FFFD before U+1F600 (not so in UTF-16).
                row(map("\uD83D\uDE00", 1L, "\uFFFD", 2L), "{\"\uFFFD\":2,\"\uD83D\uDE00\":1}"),
                // Map.AsRaw() builds a Go map: a repeated key keeps its last value.
                row(kvlist("a", 1L, "b", 2L, "a", 3L), "{\"a\":3,\"b\":2}"));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("asString")
    void valueAsString(AnyValue value, String expected) {
        assertThat(AttributeValues.asString(value)).isEqualTo(expected);
    }

    // ------------------------------------------------------- OTTL StandardStringLikeGetter

    static Stream<Arguments> ottlStringLike() {
        return Stream.of(
                // open-telemetry/opentelemetry-collector-contrib pkg/ottl/expression_test.go
                // Test_StandardStringLikeGetter
                Arguments.of("str", "str"),
                Arguments.of(true, "true"),
                Arguments.of(1L, "1"),
                Arguments.of(1.1, "1.1"),
                Arguments.of(new byte[] {0}, "00"),
                Arguments.of(Map.of("test", "passed"), "{\"test\":\"passed\"}"),
                Arguments.of(List.of("test"), "[\"test\"]"),
                Arguments.of(AnyValue.newBuilder().setIntValue(100).build(), "100"),
                Arguments.of(null, null),

                // From the source: pkg/ottl/expression.go marshals maps, slices and plain values
                // with github.com/goccy/go-json json.Marshal (HTML escaping on):
                // internal/encoder/string.go appendNormalizedHTMLString escapes < > & and writes
                // \b \f as \u0008 \u000c; internal/encoder/encoder.go AppendFloat64 keeps "e-07";
                // Mapslice.Less sorts keys by their encoded bytes ("a " before "a": ' ' < '"').
                Arguments.of(List.of("<x>&"), "[\"\\u003cx\\u003e\\u0026\"]"),
                Arguments.of(List.of("\b\f\n\u2028"), "[\"\\u0008\\u000c\\n\\u2028\"]"),
                Arguments.of(1e-7, "1e-07"),
                Arguments.of(List.of(1e-7, 1e21, 5.960464477539063e-08), "[1e-07,1e+21,5.960464477539063e-08]"),
                Arguments.of(linked("a", 2L, "a ", 1L, "<", 3L, "Z", 4L),
                        "{\"Z\":4,\"\\u003c\":3,\"a \":1,\"a\":2}"),
                Arguments.of(linked("z", 1L, "a", List.of("<x>", 2.0, true), "m", null),
                        "{\"a\":[\"\\u003cx\\u003e\",2,true],\"m\":null,\"z\":1}"),
                Arguments.of(List.of(new byte[] {1}), "[\"AQ==\"]"),
                // A pcommon.Value is v.AsString(): base64 bytes, no HTML escaping.
                Arguments.of(AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[] {0})).build(), "AA=="),
                Arguments.of(any(List.of("<")), "[\"<\"]"));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("ottlStringLike")
    void ottlStringLike(Object value, String expected) {
        assertThat(AttributeValues.ottlStringLike(value)).isEqualTo(expected);
    }

    static Stream<Arguments> ottlStringLikeErrors() {
        return Stream.of(
                // From the source: pkg/ottl/expression.go, default case: TypeError("unsupported type: %T")
                Arguments.of(Double.NaN, "unsupported type: float64"),
                Arguments.of(Double.NEGATIVE_INFINITY, "unsupported type: float64"),
                // pcommon.Map / pcommon.Slice case: goccy's own error (errUnsupportedFloat)
                Arguments.of(List.of(1.0, Double.NaN), "json: unsupported value: NaN"),
                Arguments.of(Map.of("k", Double.POSITIVE_INFINITY), "json: unsupported value: +Inf"));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("ottlStringLikeErrors")
    void ottlStringLikeFails(Object value, String message) {
        assertThatThrownBy(() -> AttributeValues.ottlStringLike(value))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    // -------------------------------------------------------------------------- label names

    static Stream<Arguments> labelNames() {
        return Stream.of(
                // prometheus/otlptranslator label_namer_test.go labelTestCases, the column for
                // UnderscoreLabelSanitization without PreserveMultipleUnderscores: what contrib's
                // newPrometheusConverter uses while pkg.translator.prometheus.PermissiveLabelSanitization
                // is off (its default; contrib pkg/translator/prometheus/metadata.yaml: alpha)
                Arguments.of("label:with:colons", "label_with_colons"),
                Arguments.of("LabelWithCapitalLetters", "LabelWithCapitalLetters"),
                Arguments.of("label!with&special$chars)", "label_with_special_chars_"),
                Arguments.of("label_with_foreign_characters_字符", "label_with_foreign_characters_"),
                Arguments.of("label.with.dots", "label_with_dots"),
                Arguments.of("123label", "key_123label"),
                Arguments.of("_label_starting_with_underscore", "key_label_starting_with_underscore"),
                Arguments.of("__label_starting_with_2underscores", "key_label_starting_with_2underscores"),
                Arguments.of("label__with__double__underscores", "label_with_double_underscores"),
                Arguments.of("label.name__with&&special##chars", "label_name_with_special_chars"),
                Arguments.of("__reserved__label__name__", "__reserved_label_name__"),
                Arguments.of("trailing_underscores___", "trailing_underscores_"),
                // the empty name is an error there ("label name is empty"); here: no label
                Arguments.of("", ""),

                // open-telemetry/opentelemetry-collector-contrib
                // pkg/translator/prometheusremotewrite/labelnamer_underscore_test.go (gate disabled)
                Arguments.of("a__b", "a_b"),
                Arguments.of("__name__", "__name__"),

                // From the source: otlptranslator label_namer.go Build + strconv.go sanitizeLabelName
                Arguments.of("_id", "key_id"),
                Arguments.of("__x", "key_x"),
                Arguments.of("_", "key_"),
                Arguments.of("__", "key_"),
                Arguments.of("..x", "key_x"),
                Arguments.of("0x", "key_0x"),
                Arguments.of("1st.place", "key_1st_place"),
                Arguments.of("http.response.status_code", "http_response_status_code"),
                Arguments.of("a..b", "a_b"),
                Arguments.of("__a..b__", "__a_b__"),
                Arguments.of("région", "r_gion"),
                Arguments.of("emoji😀x", "emoji_x"),
                Arguments.of("ようこそ", "key_"),
                // a name of underscores only is an error there too; here: no label
                Arguments.of("____", ""));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> \"{1}\"")
    @MethodSource("labelNames")
    void labelNames(String key, String expected) {
        assertThat(LabelNames.sanitize(key)).isEqualTo(expected);
        // The translator's names are fixed points: a relabel rule naming the label finds it.
        assertThat(LabelNames.sanitize(expected)).isEqualTo(expected);
    }

    // ----------------------------------------------------------------------------- floats

    static final double BELOW_1E23 = 99999999999999974834176.0;
    static final double ABOVE_1E23 = 100000000000000008388608.0;

    static Stream<Arguments> formatPlain() {
        return Stream.of(
                // golang/go src/strconv/ftoa_test.go ftoatests, 'f' with precision -1 (the le and
                // quantile labels: strconv.FormatFloat(bound, 'f', -1, 64), contrib
                // pkg/translator/prometheusremotewrite/helper.go)
                Arguments.of(1e23, "100000000000000000000000"),
                Arguments.of(BELOW_1E23, "99999999999999970000000"),
                Arguments.of(ABOVE_1E23, "100000000000000010000000"),
                Arguments.of(498484681984085570.0, "498484681984085570"),
                // From the source: strconv.FormatFloat 'f' -1 (shortest digits, no exponent)
                Arguments.of(0.0, "0"),
                Arguments.of(-0.0, "-0"),
                Arguments.of(0.005, "0.005"),
                Arguments.of(0.30000000000000004, "0.30000000000000004"),
                Arguments.of(1e-7, "0.0000001"),
                Arguments.of(Double.POSITIVE_INFINITY, "+Inf"),
                Arguments.of(Double.NEGATIVE_INFINITY, "-Inf"),
                Arguments.of(Double.NaN, "NaN"));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("formatPlain")
    void formatPlain(double v, String expected) {
        assertThat(GoFloats.formatPlain(v)).isEqualTo(expected);
    }

    static Stream<Arguments> jsonNumbers() {
        return Stream.of(
                // golang/go src/strconv/ftoa_test.go ftoatests, 'e'/'g' with precision -1: the
                // digits encoding/json and goccy/go-json print for |v| >= 1e21 and < 1e-6
                Arguments.of(1e23, "1e+23", "1e+23"),
                Arguments.of(BELOW_1E23, "9.999999999999997e+22", "9.999999999999997e+22"),
                Arguments.of(ABOVE_1E23, "1.0000000000000001e+23", "1.0000000000000001e+23"),
                Arguments.of(-5.8339553793802237e+23, "-5.8339553793802237e+23", "-5.8339553793802237e+23"),
                Arguments.of(Double.MIN_VALUE, "5e-324", "5e-324"),
                Arguments.of(2.2250738585072012e-308, "2.2250738585072014e-308", "2.2250738585072014e-308"),
                Arguments.of(1.012e-320, "1.012e-320", "1.012e-320"),
                // ... with the exponent clean-up of encoding/json (value.go float64AsString) and
                // without it (goccy AppendFloat64): "5.960464477539063e-08" in ftoatests
                Arguments.of(5.960464477539063e-08, "5.960464477539063e-8", "5.960464477539063e-08"),
                // pdata/pcommon/value_test.go TestValueAsString: 1.61803399, 9e-9
                Arguments.of(1.61803399, "1.61803399", "1.61803399"),
                Arguments.of(.000000009, "9e-9", "9e-09"),
                // From the source: 'f' between 1e-6 and 1e21
                Arguments.of(1e20, "100000000000000000000", "100000000000000000000"),
                Arguments.of(18.6, "18.6", "18.6"));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1} / {2}")
    @MethodSource("jsonNumbers")
    void jsonNumbers(double v, String encodingJson, String goccy) {
        assertThat(GoFloats.asString(v)).isEqualTo(encodingJson);
        assertThat(GoFloats.appendJson(new StringBuilder(), v, true).toString()).isEqualTo(encodingJson);
        assertThat(GoFloats.appendJson(new StringBuilder(), v, false).toString()).isEqualTo(goccy);
    }

    // ---------------------------------------------------------------------------- helpers

    private static Arguments row(Object value, String expected) {
        return Arguments.of(any(value), expected);
    }

    /** pdata value_test.go generateTestValueMap. */
    private static Object generateTestValueMap() {
        return map("strKey", "strVal", "intKey", 7L, "floatKey", 18.6, "boolKey", false, "nullKey", null,
                "mapKey", map("keyOne", "valOne", "keyTwo", "valTwo"), "arrKey", List.of("strOne", "strTwo"));
    }

    /** A key-value list in the given order (a {@link Map} here stands for an OTLP kvlist). */
    static Map<String, Object> map(Object... keysAndValues) {
        return linked(keysAndValues);
    }

    private static Map<String, Object> linked(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /** A kvlist that may repeat keys. */
    private static AnyValue kvlist(Object... keysAndValues) {
        KeyValueList.Builder list = KeyValueList.newBuilder();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            list.addValues(KeyValue.newBuilder().setKey((String) keysAndValues[i]).setValue(any(keysAndValues[i + 1])));
        }
        return AnyValue.newBuilder().setKvlistValue(list).build();
    }

    /** The OTLP value of a Java value; null is the empty value. */
    static AnyValue any(Object v) {
        if (v == null) {
            return AnyValue.getDefaultInstance();
        }
        if (v instanceof AnyValue a) {
            return a;
        }
        if (v instanceof String s) {
            return AnyValue.newBuilder().setStringValue(s).build();
        }
        if (v instanceof Boolean b) {
            return AnyValue.newBuilder().setBoolValue(b).build();
        }
        if (v instanceof Long l) {
            return AnyValue.newBuilder().setIntValue(l).build();
        }
        if (v instanceof Double d) {
            return AnyValue.newBuilder().setDoubleValue(d).build();
        }
        if (v instanceof byte[] b) {
            return AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(b)).build();
        }
        if (v instanceof List<?> list) {
            ArrayValue.Builder array = ArrayValue.newBuilder();
            for (Object o : list) {
                array.addValues(any(o));
            }
            return AnyValue.newBuilder().setArrayValue(array).build();
        }
        if (v instanceof Map<?, ?> map) {
            List<Object> flat = new ArrayList<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                flat.add(e.getKey());
                flat.add(e.getValue());
            }
            return kvlist(flat.toArray());
        }
        throw new IllegalArgumentException("no OTLP value for " + v.getClass());
    }
}
