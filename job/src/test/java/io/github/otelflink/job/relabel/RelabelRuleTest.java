package io.github.otelflink.job.relabel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Defaults and the checks of Prometheus' {@code relabel.Config.Validate}. */
class RelabelRuleTest {

    @Test
    void defaultsAreThoseOfPrometheus() {
        RelabelRule rule = new RelabelRule(null, null, null, "t", null, 0, null);

        assertThat(rule).isEqualTo(new RelabelRule(List.of(), ";", "(.*)", "t", "$1", 0, RelabelAction.REPLACE));
        assertThat(RelabelRule.builder().targetLabel("t").build()).isEqualTo(rule);
        assertThat(rule.describe()).isEqualTo("replace -> t");
    }

    @Test
    void lookupLabelsAreTheTranslatorsNames() {
        RelabelRule rule = RelabelRule.builder()
                .sourceLabels("__name__", "cluster.name", "1st", "http.response.status_code", "ok_1", "a-b/c", "_id")
                .targetLabel("t").build();

        assertThat(rule.sourceLabels()).containsExactly(
                "__name__", "cluster.name", "1st", "http.response.status_code", "ok_1", "a-b/c", "_id");
        // _id: the translator's name for it (was "_id", which the translator never produces)
        assertThat(rule.lookupLabels()).containsExactly(
                "__name__", "cluster_name", "key_1st", "http_response_status_code", "ok_1", "a_b_c", "key_id");
    }

    @Test
    void actionsAreReadCaseInsensitively() {
        assertThat(RelabelAction.fromConfigName("LabelMap")).isEqualTo(RelabelAction.LABELMAP);
        assertThat(RelabelAction.KEEPEQUAL.configName()).isEqualTo("keepequal");
        assertThatThrownBy(() -> RelabelAction.fromConfigName("rename"))
                .hasMessage("unknown relabel action \"rename\"");
    }

    static Stream<Arguments> invalidRules() {
        return Stream.of(
                Arguments.of(b().regex("(unclosed").targetLabel("t"), "regex"),
                Arguments.of(b().regex("a\\1").targetLabel("t"), "regex"),
                Arguments.of(b().sourceLabels("a", ""), "source_labels"),
                Arguments.of(b().action(RelabelAction.REPLACE), "target_label"),
                Arguments.of(b().action(RelabelAction.LOWERCASE), "target_label"),
                Arguments.of(b().action(RelabelAction.UPPERCASE), "target_label"),
                Arguments.of(b().action(RelabelAction.KEEPEQUAL), "target_label"),
                Arguments.of(b().action(RelabelAction.DROPEQUAL), "target_label"),
                Arguments.of(b().action(RelabelAction.HASHMOD).targetLabel("t"), "modulus"),
                Arguments.of(b().action(RelabelAction.HASHMOD).modulus(10), "target_label"),
                Arguments.of(b().action(RelabelAction.HASHMOD).modulus(10).targetLabel("$1"), "target_label"),
                Arguments.of(b().modulus(-1).targetLabel("t"), "modulus"),
                Arguments.of(b().targetLabel("cluster.name"), "target_label"),
                Arguments.of(b().targetLabel("0${3}"), "target_label"),
                Arguments.of(b().targetLabel("-${3}"), "target_label"),
                Arguments.of(b().targetLabel("foo${"), "target_label"),
                Arguments.of(b().targetLabel("${}"), "target_label"),
                Arguments.of(b().action(RelabelAction.LOWERCASE).targetLabel("${3}"), "target_label"),
                Arguments.of(b().action(RelabelAction.LOWERCASE).targetLabel("t").replacement("x"), "replacement"),
                Arguments.of(b().action(RelabelAction.UPPERCASE).targetLabel("t").replacement("$2"), "replacement"),
                Arguments.of(b().action(RelabelAction.KEEPEQUAL).targetLabel("t").replacement("x"), "replacement"),
                Arguments.of(b().action(RelabelAction.KEEPEQUAL).targetLabel("t").regex("a"), "regex"),
                Arguments.of(b().action(RelabelAction.DROPEQUAL).targetLabel("t").separator(","), "separator"),
                Arguments.of(b().action(RelabelAction.DROPEQUAL).targetLabel("t").modulus(3), "modulus"),
                Arguments.of(b().action(RelabelAction.LABELMAP).replacement("-x"), "replacement"),
                Arguments.of(b().action(RelabelAction.LABELMAP).replacement(""), "replacement"),
                Arguments.of(b().action(RelabelAction.LABELDROP).sourceLabels("a"), "source_labels"),
                Arguments.of(b().action(RelabelAction.LABELDROP).targetLabel("a"), "target_label"),
                Arguments.of(b().action(RelabelAction.LABELKEEP).separator(","), "separator"),
                Arguments.of(b().action(RelabelAction.LABELKEEP).replacement("x"), "replacement"),
                Arguments.of(b().action(RelabelAction.LABELKEEP).modulus(2), "modulus"));
    }

    @ParameterizedTest
    @MethodSource("invalidRules")
    void invalidRulesNameTheField(RelabelRule.Builder builder, String field) {
        assertThatThrownBy(builder::build)
                .isInstanceOfSatisfying(RelabelRuleException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).isEqualTo(field + ": " + e.detail());
                });
    }

    @Test
    void messages() {
        assertThatThrownBy(() -> b().build()).hasMessage("target_label: required for the replace action");
        assertThatThrownBy(() -> b().action(RelabelAction.HASHMOD).targetLabel("t").build())
                .hasMessage("modulus: the hashmod action requires a modulus greater than 0");
        assertThatThrownBy(() -> b().targetLabel("-${3}").build()).hasMessage(
                "target_label: \"-${3}\" is not a valid label name (with $1 or ${name} references) for the replace action");
        assertThatThrownBy(() -> b().action(RelabelAction.LOWERCASE).targetLabel("t").replacement("x").build())
                .hasMessage("replacement: cannot be set for the lowercase action");
        assertThatThrownBy(() -> b().action(RelabelAction.LABELDROP).sourceLabels("a").build())
                .hasMessage("source_labels: the labeldrop action takes only regex");
        assertThatThrownBy(() -> b().action(RelabelAction.KEEPEQUAL).targetLabel("t").regex("x").build())
                .hasMessage("regex: the keepequal action takes only source_labels and target_label");
        assertThatThrownBy(() -> b().regex("(").targetLabel("t").build())
                .hasMessageStartingWith("regex: invalid regular expression \"(\": ");
    }

    /** Prometheus' TestTargetLabelValidity, through the replace action's target_label check. */
    @ParameterizedTest
    @ValueSource(strings = {"label", "label${1}", "${1}label", "${1}", "$1", "asd$2asd", "_${1}_", "foo${bar}foo"})
    void validReplaceTargets(String target) {
        assertThat(b().targetLabel(target).build().targetLabel()).isEqualTo(target);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-label", "${", "$", "${}", "foo${", "-foo${1}bar-"})
    void invalidReplaceTargets(String target) {
        assertThatThrownBy(() -> b().targetLabel(target).build()).isInstanceOf(RelabelRuleException.class);
    }

    @Test
    void validRulesOfEveryAction() {
        List<RelabelRule> rules = List.of(
                b().sourceLabels("a").regex("f(.*)").targetLabel("d").replacement("ch${1}").build(),
                b().sourceLabels("a").regex(".*").action(RelabelAction.KEEP).build(),
                b().sourceLabels("a").regex(".*").action(RelabelAction.DROP).build(),
                b().regex("tmp_.*").action(RelabelAction.LABELDROP).build(),
                b().regex("keep_.*").action(RelabelAction.LABELKEEP).build(),
                b().regex("__meta_(.+)").action(RelabelAction.LABELMAP).build(),
                b().sourceLabels("a").targetLabel("h").modulus(8).action(RelabelAction.HASHMOD).build(),
                b().sourceLabels("a").targetLabel("l").action(RelabelAction.LOWERCASE).build(),
                b().sourceLabels("a").targetLabel("u").action(RelabelAction.UPPERCASE).build(),
                b().sourceLabels("a").targetLabel("b").action(RelabelAction.KEEPEQUAL).build(),
                b().sourceLabels("a").targetLabel("b").action(RelabelAction.DROPEQUAL).build(),
                // the default regex written out is the default
                b().sourceLabels("a").targetLabel("b").regex("(.*)").action(RelabelAction.DROPEQUAL).build());

        assertThat(Relabeler.compile(rules).rules()).hasSize(12);
        assertThat(rules.get(0).describe()).isEqualTo("replace [a] =~ f(.*) -> d");
    }

    private static RelabelRule.Builder b() {
        return RelabelRule.builder();
    }
}
