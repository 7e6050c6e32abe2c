package io.github.otelflink.job.ottl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otelflink.job.processor.ErrorMode;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** OTTL's comparison rules and boolean operators, on the point of a cumulative monotonic sum. */
class ConditionsTest {

    private final OtlpTransformContext ctx = new OtlpTransformContext();
    private final ResourceMetrics.Builder rm = Otlp.resourceMetrics(Otlp.attrs("service.name", "svc"),
            Otlp.counter("requests_total", Otlp.point(1.5, "code", 200L, "method", "GET", "ok", true))).toBuilder();

    ConditionsTest() {
        ctx.enterResource(rm);
        ctx.enterScope(rm.getScopeMetricsBuilder(0));
        ctx.enterMetric(rm.getScopeMetricsBuilder(0).getMetricsBuilder(0));
        ctx.enterDataPoint(rm.getScopeMetricsBuilder(0).getMetricsBuilder(0).getSumBuilder().getDataPointsBuilder(0));
    }

    private boolean matches(String condition) {
        return OttlCondition.compile(OttlContext.DATAPOINT, condition).matches(ctx);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // numbers: int and double compare numerically
        "1 == 1                                      | true",
        "1 == 1.0                                    | true",
        "2 > 1.5                                     | true",
        "attributes[\"code\"] >= 200                 | true",
        "attributes[\"code\"] < 200                  | false",
        "value_double == 1.5                         | true",
        // strings compare lexically
        "\"a\" < \"b\"                               | true",
        "\"abc\" >= \"abd\"                          | false",
        "attributes[\"method\"] == \"GET\"           | true",
        "attributes[\"method\"] != \"GET\"           | false",
        // bools: false < true
        "true > false                                | true",
        "attributes[\"ok\"] == true                  | true",
        // different types are never equal and never ordered
        "\"1\" == 1                                  | false",
        "\"1\" != 1                                  | true",
        "\"1\" < 1                                   | false",
        "\"1\" > 1                                   | false",
        "attributes[\"code\"] == \"200\"             | false",
        // nil equals only nil
        "nil == nil                                  | true",
        "attributes[\"missing\"] == nil              | true",
        "attributes[\"method\"] != nil               | true",
        "nil < 1                                     | false",
        "nil >= nil                                  | false",
        // bytes and lists
        "0x01 < 0x02                                 | true",
        "0x01ff == 0x01ff                            | true",
        "[1, \"a\"] == [1, \"a\"]                    | true",
        "[1] < [2]                                   | false",
        // enums and metric fields
        "metric.type == METRIC_DATA_TYPE_SUM         | true",
        "metric.aggregation_temporality == AGGREGATION_TEMPORALITY_CUMULATIVE | true",
        "metric.is_monotonic == true                 | true",
        "flags == FLAG_NONE                          | true",
        "resource.attributes[\"service.name\"] == \"svc\" | true",
        "instrumentation_scope.name == \"test-scope\" and scope.version == \"1.0\" | true",
        // boolean operators and precedence
        "true and false or true                      | true",
        "true and (false or false)                   | false",
        "not true or true                            | true",
        "not (true or true)                          | false",
        "not false and false                         | false",
        "IsMatch(metric.name, \"^req\") and not IsMatch(metric.name, \"bytes\") | true",
        // the matches extension
        "metric.name matches \"_total$\"             | true",
        "metric.name matches \"^total\"              | false",
        "attributes[\"code\"] matches \"^2\"         | true",
        "attributes[\"missing\"] matches \".*\"      | false",
        "not metric.name matches \"x\"               | true",
    })
    void rules(String condition, boolean expected) {
        assertThat(matches(condition)).isEqualTo(expected);
    }

    @Test
    void andOrShortCircuit() {
        // Substring of a double fails; it is never evaluated.
        assertThat(matches("false and Substring(value_double, 0, 1) == \"1\"")).isFalse();
        assertThat(matches("true or Substring(value_double, 0, 1) == \"1\"")).isTrue();
        assertThatThrownBy(() -> matches("true and Substring(value_double, 0, 1) == \"1\""))
                .isInstanceOf(OttlEvaluationException.class)
                .hasMessage("Substring: expected string but got double");
    }

    @Test
    void conditionListsMatchWhenAnyMatchesAndTreatFailuresAsNoMatchUnlessPropagating() {
        List<OttlCondition> conditions = new ArrayList<>();
        conditions.add(OttlCondition.compile(OttlContext.DATAPOINT, "ConvertCase(value_double, \"lower\") == \"x\""));
        conditions.add(OttlCondition.compile(OttlContext.DATAPOINT, "attributes[\"method\"] == \"POST\""));
        OttlConditions ignoring = new OttlConditions(conditions, ErrorMode.SILENT);
        assertThat(ignoring.matchesAny(ctx)).isFalse();
        assertThat(ignoring.failures()).isEqualTo(1);

        conditions.add(OttlCondition.compile(OttlContext.DATAPOINT, "attributes[\"method\"] == \"GET\""));
        assertThat(new OttlConditions(conditions, ErrorMode.IGNORE).matchesAny(ctx)).isTrue();
        assertThat(new OttlConditions(List.of(), ErrorMode.IGNORE).matchesAny(ctx)).isFalse();

        OttlConditions propagating = new OttlConditions(conditions, ErrorMode.PROPAGATE);
        assertThatThrownBy(() -> propagating.matchesAny(ctx))
                .isInstanceOf(OttlEvaluationException.class)
                .hasMessage("failed to execute condition: ConvertCase(value_double, \"lower\") == \"x\": "
                        + "ConvertCase: expected string but got double");
    }

    @Test
    void conditionsOfOuterContextsSeeOnlyTheirLevels() {
        assertThat(OttlCondition.compile(OttlContext.METRIC, "name == \"requests_total\" and type == METRIC_DATA_TYPE_SUM")
                .matches(ctx)).isTrue();
        assertThat(OttlCondition.compile(OttlContext.RESOURCE, "attributes[\"service.name\"] == \"svc\"").matches(ctx)).isTrue();
        assertThat(OttlCondition.compile(OttlContext.SCOPE, "name == \"test-scope\" and version == \"1.0\"").matches(ctx)).isTrue();
    }
}
