package io.github.otelflink.job.ottl;

import static io.github.otelflink.job.ottl.Otlp.pointAttributes;
import static io.github.otelflink.job.ottl.Otlp.runOnPoint;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.job.processor.ErrorMode;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A golden example for each editor, on the attributes of a data point unless said otherwise. */
class EditorsTest {

    private static Map<String, Object> after(String statement, Object... pointAttributes) {
        return pointAttributes(runOnPoint(statement, pointAttributes));
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void setReplacesInPlaceOrAppends() {
        assertThat(after("set(attributes[\"a\"], \"x\")", "a", "1", "b", "2")).isEqualTo(map("a", "x", "b", "2"));
        assertThat(after("set(attributes[\"c\"], \"x\")", "a", "1", "b", "2")).isEqualTo(map("a", "1", "b", "2", "c", "x"));
    }

    @Test
    void setStoresEveryValueType() {
        assertThat(after("set(attributes[\"v\"], 42)")).containsEntry("v", 42L);
        assertThat(after("set(attributes[\"v\"], 0.25)")).containsEntry("v", 0.25);
        assertThat(after("set(attributes[\"v\"], false)")).containsEntry("v", false);
        assertThat(after("set(attributes[\"v\"], [\"a\", 1])")).containsEntry("v", List.of("a", 1L));
        assertThat(after("set(attributes[\"v\"], value_double)")).containsEntry("v", 1.5);
        assertThat(after("set(attributes[\"v\"], resource.attributes[\"service.name\"])")).containsEntry("v", "svc");
        assertThat(after("set(attributes[\"v\"], attributes[\"a\"])", "a", List.of(1L, 2L))).containsEntry("v", List.of(1L, 2L));
        assertThat((byte[]) after("set(attributes[\"v\"], 0x00ff)").get("v")).containsExactly(0x00, 0xff);
    }

    @Test
    void setWithNilDoesNothing() {
        assertThat(after("set(attributes[\"a\"], attributes[\"missing\"])", "a", "1")).isEqualTo(map("a", "1"));
        assertThat(after("set(attributes[\"a\"], nil)", "a", "1")).isEqualTo(map("a", "1"));
    }

    @Test
    void setIgnoresValuesOfTheWrongTypeAsOttlDoes() {
        ResourceMetrics rm = runOnPoint("set(value_double, 7)");
        assertThat(rm.getScopeMetrics(0).getMetrics(0).getGauge().getDataPoints(0).getAsDouble()).isEqualTo(1.5);
    }

    @Test
    void setNumberValuesSwitchesTheOneof() {
        NumberDataPoint point = runOnPoint("set(value_int, 3)").getScopeMetrics(0).getMetrics(0).getGauge().getDataPoints(0);
        assertThat(point.getValueCase()).isEqualTo(NumberDataPoint.ValueCase.AS_INT);
        assertThat(point.getAsInt()).isEqualTo(3);
        point = runOnPoint("set(value_double, value_double * 2.0)").getScopeMetrics(0).getMetrics(0).getGauge().getDataPoints(0);
        assertThat(point.getAsDouble()).isEqualTo(3.0);
    }

    @Test
    void setWholeMapReplacesAllEntries() {
        assertThat(after("set(attributes, resource.attributes)", "a", "1")).isEqualTo(map("service.name", "svc"));
    }

    @Test
    void deleteKey() {
        assertThat(after("delete_key(attributes, \"b\")", "a", "1", "b", "2", "c", "3")).isEqualTo(map("a", "1", "c", "3"));
        assertThat(after("delete_key(attributes, \"x\")", "a", "1")).isEqualTo(map("a", "1"));
    }

    @Test
    void deleteMatchingKeysSearchesAnywhereInTheKey() {
        assertThat(after("delete_matching_keys(attributes, \"(?i)password\")",
                "user", "u", "db.Password", "p", "password_hash", "h", "host", "x"))
                .isEqualTo(map("user", "u", "host", "x"));
    }

    @Test
    void keepKeys() {
        assertThat(after("keep_keys(attributes, [\"c\", \"a\"])", "a", "1", "b", "2", "c", "3")).isEqualTo(map("a", "1", "c", "3"));
        assertThat(after("keep_keys(attributes, [])", "a", "1")).isEmpty();
    }

    @Test
    void keepMatchingKeys() {
        assertThat(after("keep_matching_keys(attributes, \"^k8s\\\\.\")", "k8s.pod", "p", "host", "h", "k8s.node", "n"))
                .isEqualTo(map("k8s.pod", "p", "k8s.node", "n"));
    }

    @Test
    void limitKeepsPriorityKeysThenTheFirstOthers() {
        assertThat(after("limit(attributes, 2, [\"c\"])", "a", "1", "b", "2", "c", "3", "d", "4"))
                .isEqualTo(map("a", "1", "c", "3"));
        assertThat(after("limit(attributes, 3, [])", "a", "1", "b", "2")).isEqualTo(map("a", "1", "b", "2"));
        assertThat(after("limit(attributes, 0, [])", "a", "1")).isEmpty();
        assertThat(after("limit(attributes, 1, [\"missing\"])", "a", "1", "b", "2")).isEqualTo(map("a", "1"));
    }

    @Test
    void truncateAllCutsStringsToUtf8BytesWithoutSplittingCharacters() {
        assertThat(after("truncate_all(attributes, 3)", "a", "abcdef", "b", 12345L, "c", "ab", "d", "h\u00e9llo", "e", "\u00e9\u00e9"))
                .isEqualTo(map("a", "abc", "b", 12345L, "c", "ab", "d", "h\u00e9", "e", "\u00e9"));
        assertThat(after("truncate_all(attributes, 0)", "a", "abc")).isEqualTo(map("a", ""));
    }

    @Test
    void replacePattern() {
        assertThat(after("replace_pattern(attributes[\"path\"], \"/user/\\\\d+\", \"/user/{id}\")",
                "path", "/api/user/123/orders/user/9"))
                .isEqualTo(map("path", "/api/user/{id}/orders/user/{id}"));
    }

    @Test
    void replacePatternExpandsCaptureGroupsAsGo() {
        assertThat(after("replace_pattern(attributes[\"host\"], \"^([a-z]+)-(?P<num>\\\\d+)$\", \"$1/${num}/$$/${1}x/$1x/$\")",
                "host", "web-42"))
                .isEqualTo(map("host", "web/42/$/webx//$"));
    }

    @Test
    void replacePatternOnMetricName() {
        ResourceMetrics.Builder rm = Otlp.resourceMetrics(List.of(), Otlp.gauge("kube_pod_status")).toBuilder();
        Otlp.transformer(OttlContext.METRIC, ErrorMode.PROPAGATE,
                "replace_pattern(name, \"^kube_([0-9A-Za-z]+_)\", \"k8s.$1.\")").apply(rm);
        assertThat(rm.getScopeMetrics(0).getMetrics(0).getName()).isEqualTo("k8s.pod_.status");
    }

    @Test
    void replacePatternLeavesNonStringsAndMissingValuesAlone() {
        assertThat(after("replace_pattern(attributes[\"n\"], \"1\", \"x\")", "n", 1L)).isEqualTo(map("n", 1L));
        assertThat(after("replace_pattern(attributes[\"missing\"], \".*\", \"x\")", "a", "1")).isEqualTo(map("a", "1"));
    }

    @Test
    void replacePatternSkipsEmptyMatchesRightAfterAMatchAsGo() {
        // Java's String.replaceAll gives "XaXXcX" here.
        assertThat(after("replace_pattern(attributes[\"s\"], \"b*\", \"X\")", "s", "abc")).isEqualTo(map("s", "XaXcX"));
    }

    @Test
    void replaceAllPatternsInValues() {
        assertThat(after("replace_all_patterns(attributes, \"value\", \"\\\\d\", \"N\")", "a", "foo-12", "b", "bar", "c", 5L))
                .isEqualTo(map("a", "foo-NN", "b", "bar", "c", 5L));
    }

    @Test
    void replaceAllPatternsInKeys() {
        assertThat(after("replace_all_patterns(attributes, \"key\", \"^kube_(\\\\w+)\", \"k8s.$1\")",
                "kube_pod", "p", "other", "o", "kube_node", "n"))
                .isEqualTo(map("k8s.pod", "p", "other", "o", "k8s.node", "n"));
    }

    @Test
    void replaceAllPatternsKeyCollisionKeepsFirstPositionAndLastValue() {
        assertThat(after("replace_all_patterns(attributes, \"key\", \"^[ab]_\", \"\")", "a_x", "1", "z", "2", "b_x", "3"))
                .isEqualTo(map("x", "3", "z", "2"));
    }

    @Test
    void editorsReachResourceAndScopeAttributesFromInnerContexts() {
        ResourceMetrics.Builder rm = Otlp.resourceMetrics(Otlp.attrs("service.name", "svc", "secret", "s"),
                Otlp.gauge("g", Otlp.point(1))).toBuilder();
        Otlp.transformer(OttlContext.DATAPOINT, ErrorMode.PROPAGATE,
                "delete_key(resource.attributes, \"secret\")",
                "set(instrumentation_scope.attributes[\"seen\"], true)").apply(rm);
        assertThat(Otlp.asMap(rm.getResource().getAttributesList())).isEqualTo(map("service.name", "svc"));
        assertThat(Otlp.asMap(rm.getScopeMetrics(0).getScope().getAttributesList())).isEqualTo(map("seen", true));
    }

    @Test
    void whereClauseGuardsTheEditor() {
        ResourceMetrics.Builder rm = Otlp.resourceMetrics(List.of(),
                Otlp.gauge("a", Otlp.point(1, "k", "v")), Otlp.gauge("b", Otlp.point(1, "k", "v"))).toBuilder();
        Otlp.transformer(OttlContext.DATAPOINT, ErrorMode.PROPAGATE,
                "delete_key(attributes, \"k\") where metric.name == \"b\"").apply(rm);
        List<Metric> metrics = rm.getScopeMetrics(0).getMetricsList();
        assertThat(metrics.get(0).getGauge().getDataPoints(0).getAttributesCount()).isEqualTo(1);
        assertThat(metrics.get(1).getGauge().getDataPoints(0).getAttributesCount()).isZero();
    }
}
