package io.github.otelflink.job.relabel;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.sink.remotewrite.model.Labels;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exact input and output label sets per action. Cases marked "Prometheus" are the cases of
 * Prometheus' {@code model/relabel/relabel_test.go} (TestRelabel), with Prometheus' expected
 * results; the others pin documented semantics (anchoring, {@code Regexp.Expand}, empty values).
 */
class RelabelerTest {

    private static RelabelRule.Builder rule() {
        return RelabelRule.builder();
    }

    private static Arguments relabels(String name, Labels input, List<RelabelRule> rules, Labels expected) {
        return Arguments.of(name, input, rules, expected);
    }

    private static Arguments drops(String name, Labels input, List<RelabelRule> rules) {
        return Arguments.of(name, input, rules, null);
    }

    static Stream<Arguments> cases() {
        Labels abc = Labels.of("a", "foo", "b", "bar", "c", "baz");
        Labels ports = Labels.of("__port1", "1234", "__port2", "5678", "__tmp_port", "1234");
        return Stream.of(
                // ---- replace
                relabels("Prometheus: replace with ${1} twice", abc,
                        List.of(rule().sourceLabels("a").regex("f(.*)").targetLabel("d").replacement("ch${1}-ch${1}").build()),
                        Labels.of("a", "foo", "b", "bar", "c", "baz", "d", "choo-choo")),
                relabels("Prometheus: replace from two joined source labels, then from the result", abc,
                        List.of(rule().sourceLabels("a", "b").regex("f(.*);(.*)r").targetLabel("a")
                                        .replacement("b${1}${2}m").build(),
                                rule().sourceLabels("c", "a").regex("(b).*b(.*)ba(.*)").targetLabel("d")
                                        .replacement("$1$2$2$3").build()),
                        Labels.of("a", "boobam", "b", "bar", "c", "baz", "d", "boooom")),
                relabels("Prometheus: a group in the middle of the value", Labels.of("a", "abc"),
                        List.of(rule().sourceLabels("a").regex(".*(b).*").targetLabel("d").build()),
                        Labels.of("a", "abc", "d", "b")),
                relabels("Prometheus: no match, no replacement", Labels.of("a", "boo"),
                        List.of(rule().sourceLabels("a").regex("f").targetLabel("b").replacement("bar").build()),
                        Labels.of("a", "boo")),
                relabels("Prometheus: target label from a group", Labels.of("a", "some-name-value"),
                        List.of(rule().sourceLabels("a").regex("some-([^-]+)-([^,]+)").targetLabel("${1}")
                                .replacement("${2}").build()),
                        Labels.of("a", "some-name-value", "name", "value")),
                relabels("Prometheus: replacement of a missing group is empty, which deletes (the absent) target",
                        Labels.of("a", "some-name-value"),
                        List.of(rule().sourceLabels("a").regex("some-([^-]+)-([^,]+)").targetLabel("${1}")
                                .replacement("${3}").build()),
                        Labels.of("a", "some-name-value")),
                relabels("Prometheus: an expanded target that is not a label name is skipped", Labels.of("a", "some-name-0"),
                        List.of(rule().sourceLabels("a").regex("some-([^-]+)-([^,]+)").targetLabel("${3}")
                                        .replacement("${1}").build(),
                                rule().sourceLabels("a").regex("some-([^-]+)(-[^,]+)").targetLabel("${3}")
                                        .replacement("${1}").build(),
                                rule().sourceLabels("a").regex("some-([^-]+)-([^,]+)").targetLabel("x${2}")
                                        .replacement("${1}").build()),
                        Labels.of("a", "some-name-0", "x0", "name")),
                relabels("Prometheus: real-life service discovery tags",
                        Labels.of("__meta_sd_tags", "path:/secret,job:some-job,label:foo=bar"),
                        List.of(rule().sourceLabels("__meta_sd_tags").regex("(?:.+,|^)path:(/[^,]+).*")
                                        .targetLabel("__metrics_path__").replacement("${1}").build(),
                                rule().sourceLabels("__meta_sd_tags").regex("(?:.+,|^)job:([^,]+).*")
                                        .targetLabel("job").replacement("${1}").build(),
                                rule().sourceLabels("__meta_sd_tags").regex("(?:.+,|^)label:([^=]+)=([^,]+).*")
                                        .targetLabel("${1}").replacement("${2}").build()),
                        Labels.of("__meta_sd_tags", "path:/secret,job:some-job,label:foo=bar",
                                "__metrics_path__", "/secret", "foo", "bar", "job", "some-job")),
                relabels("Prometheus issue 12283: labeldrop, replace into the dropped name, keep",
                        Labels.of("__meta_kubernetes_pod_annotation_XXX_metrics_port", "9091",
                                "__meta_kubernetes_pod_container_port_name", "foo"),
                        List.of(rule().regex("^__meta_kubernetes_pod_container_port_name$")
                                        .action(RelabelAction.LABELDROP).build(),
                                rule().sourceLabels("__meta_kubernetes_pod_annotation_XXX_metrics_port").regex("(.+)")
                                        .targetLabel("__meta_kubernetes_pod_container_port_name").replacement("metrics")
                                        .build(),
                                rule().sourceLabels("__meta_kubernetes_pod_container_port_name").regex("^metrics$")
                                        .action(RelabelAction.KEEP).build()),
                        Labels.of("__meta_kubernetes_pod_annotation_XXX_metrics_port", "9091",
                                "__meta_kubernetes_pod_container_port_name", "metrics")),
                relabels("replace: copying a label whose value is empty adds nothing", Labels.of("a", "foo", "e", ""),
                        List.of(rule().sourceLabels("e").targetLabel("copy").build()),
                        Labels.of("a", "foo", "e", "")),
                relabels("replace: a copied label is read by the next rule", Labels.of("a", "foo"),
                        List.of(rule().sourceLabels("a").targetLabel("b").build(),
                                rule().sourceLabels("b").regex("f(.*)").targetLabel("c").replacement("x$1").build()),
                        Labels.of("a", "foo", "b", "foo", "c", "xoo")),
                relabels("replace: an empty value deletes the target label", Labels.of("a", "foo", "team", "x"),
                        List.of(rule().sourceLabels("missing").targetLabel("team").build()),
                        Labels.of("a", "foo")),
                relabels("replace: a constant with no source labels adds a label (regex (.*) matches \"\")",
                        Labels.of("a", "foo"),
                        List.of(rule().targetLabel("env").replacement("prod").build()),
                        Labels.of("a", "foo", "env", "prod")),
                relabels("replace: $$ is a literal $, ${1}x is group 1 then x", Labels.of("a", "foo"),
                        List.of(rule().sourceLabels("a").regex("(f)(o+)").targetLabel("b").replacement("$$1-${1}x-$2")
                                .build()),
                        Labels.of("a", "foo", "b", "$1-fx-oo")),
                relabels("replace: $1x names the group \"1x\", which does not exist: empty, no label",
                        Labels.of("a", "foo"),
                        List.of(rule().sourceLabels("a").regex("(f)(o+)").targetLabel("b").replacement("$1x").build()),
                        Labels.of("a", "foo")),
                relabels("replace: $ not followed by a name stays literal", Labels.of("a", "foo"),
                        List.of(rule().sourceLabels("a").regex("(f)oo").targetLabel("b").replacement("${-$-${1").build()),
                        Labels.of("a", "foo", "b", "${-$-${1")),
                relabels("replace: named groups, (?P<name>) and $name / ${name}", Labels.of("a", "foo"),
                        List.of(rule().sourceLabels("a").regex("(?P<first>f)(?P<rest_of>.*)").targetLabel("b")
                                .replacement("${rest_of}-$first").build()),
                        Labels.of("a", "foo", "b", "oo-f")),
                relabels("replace: . matches a newline ((?s) as in Prometheus)", Labels.of("a", "foo\nbar"),
                        List.of(rule().sourceLabels("a").regex("foo.(.*)").targetLabel("b").build()),
                        Labels.of("a", "foo\nbar", "b", "bar")),
                relabels("replace: f. does not match foo (anchored): nothing set", Labels.of("a", "foo"),
                        List.of(rule().sourceLabels("a").regex("f.").targetLabel("b").replacement("<$0>").build()),
                        Labels.of("a", "foo")),
                relabels("replace: $0 is the whole match (matching)", Labels.of("a", "fo"),
                        List.of(rule().sourceLabels("a").regex("f.").targetLabel("b").replacement("<$0>").build()),
                        Labels.of("a", "fo", "b", "<fo>")),
                // ---- keep / drop
                drops("Prometheus: drop, then nothing else runs", Labels.of("a", "foo"),
                        List.of(rule().sourceLabels("a").regex(".*o.*").action(RelabelAction.DROP).build(),
                                rule().sourceLabels("a").regex("f(.*)").targetLabel("d").replacement("ch$1-ch$1")
                                        .build())),
                drops("Prometheus: drop on match", Labels.of("a", "foo", "b", "bar"),
                        List.of(rule().sourceLabels("a").regex(".*o.*").action(RelabelAction.DROP).build())),
                relabels("Prometheus: drop, no match", Labels.of("a", "foo"),
                        List.of(rule().sourceLabels("a").regex("no-match").action(RelabelAction.DROP).build()),
                        Labels.of("a", "foo")),
                relabels("Prometheus: the regex is anchored (f|o does not match foo)", Labels.of("a", "foo"),
                        List.of(rule().sourceLabels("a").regex("f|o").action(RelabelAction.DROP).build()),
                        Labels.of("a", "foo")),
                drops("Prometheus: keep, no match", Labels.of("a", "foo"),
                        List.of(rule().sourceLabels("a").regex("no-match").action(RelabelAction.KEEP).build())),
                relabels("Prometheus: keep on match", Labels.of("a", "foo"),
                        List.of(rule().sourceLabels("a").regex("f.*").action(RelabelAction.KEEP).build()),
                        Labels.of("a", "foo")),
                relabels("keep: two source labels joined with ;", Labels.of("a", "foo", "b", "bar"),
                        List.of(rule().sourceLabels("b", "a").regex("bar;foo").action(RelabelAction.KEEP).build()),
                        Labels.of("a", "foo", "b", "bar")),
                drops("keep: two source labels, custom separator", Labels.of("a", "foo", "b", "bar"),
                        List.of(rule().sourceLabels("a", "b").separator("/").regex("foo;bar").action(RelabelAction.KEEP)
                                .build())),
                relabels("keep: two source labels, custom separator, matching", Labels.of("a", "foo", "b", "bar"),
                        List.of(rule().sourceLabels("a", "b").separator("/").regex("foo/bar")
                                .action(RelabelAction.KEEP).build()),
                        Labels.of("a", "foo", "b", "bar")),
                relabels("drop: an absent label is the empty string", Labels.of("a", "foo"),
                        List.of(rule().sourceLabels("a", "missing").regex("foo;.+").action(RelabelAction.DROP).build()),
                        Labels.of("a", "foo")),
                drops("drop: an absent label is the empty string (matching)", Labels.of("a", "foo"),
                        List.of(rule().sourceLabels("a", "missing").regex("foo;").action(RelabelAction.DROP).build())),
                // ---- keepequal / dropequal
                relabels("Prometheus: keepequal, equal", ports,
                        List.of(rule().sourceLabels("__tmp_port").targetLabel("__port1").action(RelabelAction.KEEPEQUAL)
                                .build()),
                        ports),
                drops("Prometheus: keepequal, not equal", ports,
                        List.of(rule().sourceLabels("__tmp_port").targetLabel("__port2").action(RelabelAction.KEEPEQUAL)
                                .build())),
                drops("Prometheus: dropequal, equal", ports,
                        List.of(rule().sourceLabels("__tmp_port").targetLabel("__port1").action(RelabelAction.DROPEQUAL)
                                .build())),
                relabels("Prometheus: dropequal, not equal", ports,
                        List.of(rule().sourceLabels("__tmp_port").targetLabel("__port2").action(RelabelAction.DROPEQUAL)
                                .build()),
                        ports),
                // ---- hashmod
                relabels("Prometheus: hashmod 1000 of \"baz\"", abc,
                        List.of(rule().sourceLabels("c").targetLabel("d").modulus(1000).action(RelabelAction.HASHMOD)
                                .build()),
                        Labels.of("a", "foo", "b", "bar", "c", "baz", "d", "976")),
                relabels("Prometheus: hashmod 1000 of \"foo\\nbar\"", Labels.of("a", "foo\nbar"),
                        List.of(rule().sourceLabels("a").targetLabel("b").modulus(1000).action(RelabelAction.HASHMOD)
                                .build()),
                        Labels.of("a", "foo\nbar", "b", "734")),
                // ---- labelmap
                relabels("Prometheus: labelmap (b.*) -> bar_${1}", Labels.of("a", "foo", "b1", "bar", "b2", "baz"),
                        List.of(rule().regex("(b.*)").replacement("bar_${1}").action(RelabelAction.LABELMAP).build()),
                        Labels.of("a", "foo", "b1", "bar", "b2", "baz", "bar_b1", "bar", "bar_b2", "baz")),
                relabels("Prometheus: labelmap __meta_(my.*) -> ${1}",
                        Labels.of("__meta_my_bar", "aaa", "__meta_my_baz", "bbb", "__meta_other", "ccc", "a", "foo"),
                        List.of(rule().regex("__meta_(my.*)").replacement("${1}").action(RelabelAction.LABELMAP).build()),
                        Labels.of("__meta_my_bar", "aaa", "__meta_my_baz", "bbb", "__meta_other", "ccc", "a", "foo",
                                "my_bar", "aaa", "my_baz", "bbb")),
                relabels("labelmap __meta_(.+) overwrites an existing label",
                        Labels.of("__meta_env", "prod", "env", "dev"),
                        List.of(rule().regex("__meta_(.+)").action(RelabelAction.LABELMAP).build()),
                        Labels.of("__meta_env", "prod", "env", "prod")),
                relabels("labelmap: when two labels map to one name, the later in Prometheus' order wins",
                        Labels.of("b_x", "2", "a_x", "1"),
                        List.of(rule().regex("[ab]_(x)").action(RelabelAction.LABELMAP).build()),
                        Labels.of("a_x", "1", "b_x", "2", "x", "2")),
                relabels("labelmap: labels set by earlier rules come after the input's labels",
                        Labels.of("b_x", "2"),
                        List.of(rule().targetLabel("a_x").replacement("1").build(),
                                rule().regex("[ab]_(x)").action(RelabelAction.LABELMAP).build()),
                        Labels.of("a_x", "1", "b_x", "2", "x", "1")),
                relabels("labelmap: a result that is not a label name is skipped",
                        Labels.of("__meta_1x", "a", "__meta_ok", "b"),
                        List.of(rule().regex("__meta_(.+)").action(RelabelAction.LABELMAP).build()),
                        Labels.of("__meta_1x", "a", "__meta_ok", "b", "ok", "b")),
                // ---- labeldrop / labelkeep
                relabels("Prometheus: labelkeep (b.*)", Labels.of("a", "foo", "b1", "bar", "b2", "baz"),
                        List.of(rule().regex("(b.*)").action(RelabelAction.LABELKEEP).build()),
                        Labels.of("b1", "bar", "b2", "baz")),
                relabels("Prometheus: labeldrop (b.*)", Labels.of("a", "foo", "b1", "bar", "b2", "baz"),
                        List.of(rule().regex("(b.*)").action(RelabelAction.LABELDROP).build()),
                        Labels.of("a", "foo")),
                relabels("labeldrop matches names, not values, anchored", Labels.of("ab", "a", "a", "ab"),
                        List.of(rule().regex("a").action(RelabelAction.LABELDROP).build()),
                        Labels.of("ab", "a")),
                // ---- lowercase / uppercase
                relabels("Prometheus: uppercase and lowercase", Labels.of("foo", "bAr123Foo"),
                        List.of(rule().sourceLabels("foo").targetLabel("foo_uppercase").action(RelabelAction.UPPERCASE)
                                        .build(),
                                rule().sourceLabels("foo").targetLabel("foo_lowercase").action(RelabelAction.LOWERCASE)
                                        .build()),
                        Labels.of("foo", "bAr123Foo", "foo_lowercase", "bar123foo", "foo_uppercase", "BAR123FOO")),
                relabels("uppercase per code point like Go (ß stays ß), of joined values",
                        Labels.of("a", "straße", "b", "Ünïcode"),
                        List.of(rule().sourceLabels("a", "b").targetLabel("u").action(RelabelAction.UPPERCASE).build(),
                                rule().sourceLabels("b").targetLabel("l").action(RelabelAction.LOWERCASE).build()),
                        Labels.of("a", "straße", "b", "Ünïcode", "l", "ünïcode", "u", "STRAßE;ÜNÏCODE")),
                relabels("a copy keeps the value it copied when its source changes later, and is copied again",
                        Labels.of("a", "foo", "z", "1"),
                        List.of(rule().sourceLabels("a").targetLabel("b").build(),
                                rule().sourceLabels("z").targetLabel("a").build(),
                                rule().sourceLabels("b").targetLabel("c").build(),
                                rule().sourceLabels("a").targetLabel("z").build()),
                        Labels.of("a", "1", "b", "foo", "c", "foo", "z", "1")),
                relabels("lowercase of an empty value deletes the target", Labels.of("a", "x", "t", "old"),
                        List.of(rule().sourceLabels("missing").targetLabel("t").action(RelabelAction.LOWERCASE).build()),
                        Labels.of("a", "x")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void appliesRules(String name, Labels input, List<RelabelRule> rules, Labels expected) {
        Labels output = Relabeler.compile(rules).apply(input);

        if (expected == null) {
            assertThat(output).as("dropped").isNull();
        } else {
            assertThat(output).isNotNull();
            assertThat(output.isSorted()).as("sorted: " + output).isTrue();
            assertThat(output).isEqualTo(sorted(expected));
        }
    }

    /**
     * The translator hands the relabeler labels as their encoded bytes, and the relabeler copies
     * the bytes of the labels its rules leave alone: every case again with such input.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void appliesRulesToLabelsThatCameAsBytes(String name, Labels input, List<RelabelRule> rules, Labels expected) {
        Relabeler relabeler = Relabeler.compile(rules);
        // A caller's own working copy, used for another series first: nothing of it may carry over.
        UnaryOperator<Labels> own = relabeler.forOneThread(null);
        own.apply(asBytes(Labels.of("__name__", "before", "a", "1", "zz", "2")));
        // And with the names and fields told by the writer that just wrote the labels.
        io.github.otelflink.sink.remotewrite.model.LabelsBuilder writer =
                new io.github.otelflink.sink.remotewrite.model.LabelsBuilder();
        UnaryOperator<Labels> told = relabeler.forOneThread(writer);
        told.apply(write(writer, Labels.of("__name__", "before", "a", "1", "zz", "2")));

        for (Labels output : Arrays.asList(relabeler.apply(asBytes(input)), own.apply(asBytes(input)),
                told.apply(write(writer, input)))) {
            if (expected == null) {
                assertThat(output).as("dropped").isNull();
            } else {
                assertThat(output).isNotNull();
                assertThat(output.encodedV1()).as(output.toString()).isEqualTo(sorted(expected).encodedV1());
                assertThat(output.toString()).isEqualTo(sorted(expected).toString());
            }
        }
    }

    @Test
    void copiesAndReadsValuesThatAreNotAscii() {
        Labels in = asBytes(Labels.of("__name__", "größe", "host", "ünï-😀", "z", "€"));
        Relabeler relabeler = Relabeler.compile(List.of(
                rule().sourceLabels("__name__").targetLabel("original_name").build(),
                rule().sourceLabels("host").regex("ünï-(.*)").targetLabel("emoji").replacement("$1!").build(),
                rule().sourceLabels("z").targetLabel("z").replacement("€€").build()));

        Labels out = relabeler.apply(in);

        Labels expected = Labels.of("__name__", "größe", "emoji", "😀!", "host", "ünï-😀", "original_name", "größe",
                "z", "€€");
        assertThat(out.encodedV1()).isEqualTo(expected.encodedV1());
        assertThat(out.fingerprint()).isEqualTo(expected.fingerprint());
        assertThat(out.toString()).isEqualTo(expected.toString());
    }

    @Test
    void hashmodIsTheLastEightBytesOfMd5BigEndianModulo() throws Exception {
        for (String value : List.of("baz", "foo\nbar", "", "instance-1:9090", "ünï")) {
            for (long modulus : List.of(1L, 7L, 1000L, 1L << 40, Long.MAX_VALUE)) {
                byte[] md5 = MessageDigest.getInstance("MD5").digest(value.getBytes(StandardCharsets.UTF_8));
                long expected = Long.remainderUnsigned(ByteBuffer.wrap(md5, 8, 8).getLong(), modulus);

                Labels out = Relabeler.compile(List.of(rule().sourceLabels("a").targetLabel("shard").modulus(modulus)
                        .action(RelabelAction.HASHMOD).build())).apply(Labels.of("a", value));

                assertThat(out.get("shard")).as(value + " % " + modulus).isEqualTo(Long.toString(expected));
            }
        }
    }

    @Test
    void unchangedSortedInputIsReturnedAsIs() {
        Labels in = Labels.of("__name__", "up", "job", "x");
        Relabeler relabeler = Relabeler.compile(List.of(
                rule().sourceLabels("job").regex("x").action(RelabelAction.KEEP).build(),
                rule().sourceLabels("job").targetLabel("job").build())); // sets job to its own value

        assertThat(relabeler.apply(in)).isSameAs(in);
        assertThat(Relabeler.compile(List.of()).apply(in)).isSameAs(in);
    }

    @Test
    void unsortedInputIsSortedEvenWithoutRules() {
        Labels in = Labels.of("job", "x", "__name__", "up", "a", "1");

        assertThat(Relabeler.compile(List.of()).apply(in)).isEqualTo(Labels.of("__name__", "up", "a", "1", "job", "x"));
        assertThat(Relabeler.compile(List.of(rule().targetLabel("b").replacement("2").build())).apply(in))
                .isEqualTo(Labels.of("__name__", "up", "a", "1", "b", "2", "job", "x"));
    }

    @Test
    void sourceLabelsThatAreNotPrometheusNamesAreLookedUpSanitized() {
        Labels in = Labels.of("__name__", "up", "cluster_name", "c1", "key_1st", "yes", "k8s_pod_name", "p");
        Relabeler relabeler = Relabeler.compile(List.of(
                rule().sourceLabels("cluster.name").targetLabel("cluster").build(),
                rule().sourceLabels("1st").targetLabel("first").build(),
                rule().sourceLabels("k8s.pod.name", "cluster-name").separator("@").targetLabel("where").build()));

        assertThat(relabeler.apply(in)).isEqualTo(Labels.of("__name__", "up", "cluster", "c1", "cluster_name", "c1",
                "first", "yes", "k8s_pod_name", "p", "key_1st", "yes", "where", "p@c1"));
    }

    /**
     * The translator names the attribute {@code _id} {@code key_id} (pdata.LabelNames, after
     * otlptranslator's Build); a rule on {@code _id} used to look up {@code _id} only and missed it.
     * A label that exists as written (a temporary {@code __tmp} of an earlier rule) is still used as is.
     */
    @Test
    void validSourceNamesFallBackToTheTranslatedName() {
        Labels in = Labels.of("__name__", "up", "key_id", "42", "a__b", "raw", "a_b", "translated");
        Relabeler relabeler = Relabeler.compile(List.of(
                rule().sourceLabels("_id").targetLabel("id").build(),
                rule().sourceLabels("a__b").targetLabel("ab").build(),
                rule().sourceLabels("__name__").targetLabel("__tmp_name").build(),
                rule().sourceLabels("__tmp_name").targetLabel("name").build(),
                rule().action(RelabelAction.LABELDROP).regex("__tmp.*").build()));

        assertThat(relabeler.apply(in)).isEqualTo(Labels.of("__name__", "up", "a__b", "raw", "a_b", "translated",
                "ab", "raw", "id", "42", "key_id", "42", "name", "up"));
    }

    @Test
    void isReusableAndSerializable() throws Exception {
        Relabeler relabeler = Relabeler.compile(List.of(
                rule().sourceLabels("a").regex("(?P<x>f)(.*)").targetLabel("b").replacement("$x$2").build(),
                rule().sourceLabels("a").targetLabel("h").modulus(10).action(RelabelAction.HASHMOD).build()));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(relabeler);
        }
        Relabeler copy;
        try (java.io.ObjectInputStream in =
                new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (Relabeler) in.readObject();
        }

        Labels in = Labels.of("a", "foo");
        assertThat(copy.apply(in)).isEqualTo(relabeler.apply(in)).isEqualTo(relabeler.apply(in));
        assertThat(copy.rules()).isEqualTo(relabeler.rules());
    }

    /** The same labels, in the same order, held only as their encoded bytes. */
    private static Labels asBytes(Labels labels) {
        return write(new io.github.otelflink.sink.remotewrite.model.LabelsBuilder(), labels);
    }

    private static Labels write(io.github.otelflink.sink.remotewrite.model.LabelsBuilder builder, Labels labels) {
        builder.reset();
        for (int i = 0; i < labels.size(); i++) {
            byte[] value = labels.value(i).getBytes(StandardCharsets.UTF_8);
            builder.add(labels.name(i), value, 0, value.length);
        }
        return builder.build();
    }

    private static Labels sorted(Labels labels) {
        return Relabeler.compile(List.of()).apply(labels);
    }
}
