package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.job.relabel.RelabelAction;
import io.github.otelflink.job.relabel.RelabelRule;
import io.github.otelflink.job.relabel.Relabeler;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rules on label names alone applied while the translator writes labels ({@link
 * OtlpTranslator#relabelWhileWriting}) against the reference, the translated series relabeled
 * afterwards ({@link Relabeler#apply}): random requests (empty values, keys that sanitize alike,
 * histograms' {@code le}) under random copy, {@code labeldrop} and {@code labelkeep} rules must
 * give the same label bytes, series by series, from the request bytes and from objects.
 */
class RelabelWhileWritingTest {

    /** Source labels as users write them: present, absent, an OTel key, one found under its translated name. */
    private static final String[] SOURCES = {"__name__", "cluster.name", "host", "a_b", "_x", "job", "instance", "le",
        "missing", "http.method", "service.name"};
    private static final String[] TARGETS = {"original_name", "cluster", "host", "job", "le", "a_b", "zz", "aa"};
    private static final String[] NAME_REGEXES = {"a_.*", "host|job", "http_.*|le", "zz", "__name__|job|instance"};

    static List<TranslationConfig> configs() {
        TranslationConfig d = TranslationConfig.defaults();
        return List.of(d.withResourceToTelemetryConversion(true),
                d.withExternalLabels(Map.of("cluster", "c1", "host", "h")),
                d.withUtf8Names(true));
    }

    @ParameterizedTest
    @MethodSource("configs")
    void theSameLabelsAsRelabelingAfterTranslation(TranslationConfig config) throws Exception {
        int fused = 0;
        for (int seed = 0; seed < 400; seed++) {
            Random r = new Random(seed);
            Relabeler rules = Relabeler.compile(randomRules(r));
            assertThat(rules.dependsOnNamesOnly()).isTrue();
            ExportMetricsServiceRequest request = WireRequestTranslatorTest.randomRequest(r);
            byte[] body = request.toByteArray();
            // The bytes path reads gauges and sums only; histograms are translated from objects.
            ExportMetricsServiceRequest withHistogram = withHistogram(request, r);

            List<String> expected = new ArrayList<>();
            new OtlpTranslator(config).translate(body, 0, body.length,
                    (s, d) -> expected.add(text(s.labels(), rules.apply(s.labels()))));
            OtlpTranslator bytes = new OtlpTranslator(config);
            assertThat(bytes.relabelWhileWriting(rules)).isTrue();
            List<String> fromBytes = new ArrayList<>();
            bytes.translate(body, 0, body.length, (s, d) -> fromBytes.add(text(null, s.labels())));
            assertThat(fromBytes).as("seed %d, rules %s, series %s", seed, rules.rules(), expected)
                    .isEqualTo(strip(expected));

            List<String> expectedFromObjects = new ArrayList<>();
            OtlpTranslator reference = new OtlpTranslator(config);
            OtlpTranslator objects = new OtlpTranslator(config);
            objects.relabelWhileWriting(rules);
            List<String> fromObjects = new ArrayList<>();
            for (ResourceMetrics rm : withHistogram.getResourceMetricsList()) {
                reference.translate(rm, (s, d) -> expectedFromObjects.add(text(s.labels(), rules.apply(s.labels()))));
                objects.translate(rm, (s, d) -> fromObjects.add(text(null, s.labels())));
            }
            assertThat(fromObjects).as("seed %d, rules %s, series %s", seed, rules.rules(), expectedFromObjects)
                    .isEqualTo(strip(expectedFromObjects));
            assertThat(expectedFromObjects).anyMatch(line -> line.contains("le=\""));
            fused += expected.size() + expectedFromObjects.size();
        }
        assertThat(fused).as("series compared").isGreaterThan(2000);
    }

    @Test
    void theBlueprintsRulesAddTheNameAndTheClusterToEverySeries() {
        Relabeler rules = Relabeler.compile(List.of(
                RelabelRule.builder().sourceLabels("__name__").targetLabel("original_name").build(),
                RelabelRule.builder().sourceLabels("cluster.name").targetLabel("cluster").build()));
        OtlpTranslator translator = new OtlpTranslator(TranslationConfig.defaults().withResourceToTelemetryConversion(true));
        assertThat(translator.relabelWhileWriting(rules)).isTrue();
        ResourceMetrics rm = ResourceMetrics.newBuilder()
                .setResource(io.opentelemetry.proto.resource.v1.Resource.newBuilder()
                        .addAttributes(kv("service.name", "shop")).addAttributes(kv("cluster.name", "demo")))
                .addScopeMetrics(io.opentelemetry.proto.metrics.v1.ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder()
                        .setName("queue_depth").setGauge(io.opentelemetry.proto.metrics.v1.Gauge.newBuilder()
                                .addDataPoints(io.opentelemetry.proto.metrics.v1.NumberDataPoint.newBuilder()
                                        .setTimeUnixNano(1_767_225_600_000_000_000L).setAsDouble(3)
                                        .addAttributes(kv("queue", "q1"))))))
                .build();
        List<String> labels = new ArrayList<>();
        translator.translate(rm, (s, d) -> labels.add(s.labels().toString()));
        assertThat(labels).first().asString().contains("__name__=\"queue_depth\"", "cluster=\"demo\"",
                "cluster_name=\"demo\"", "original_name=\"queue_depth\"", "queue=\"q1\"");
    }

    @Test
    void rulesThatReadValuesAreLeftToTheRelabeler() {
        Relabeler keep = Relabeler.compile(List.of(RelabelRule.builder().sourceLabels("job").regex("api")
                .action(RelabelAction.KEEP).build()));
        Relabeler rewrite = Relabeler.compile(List.of(RelabelRule.builder().sourceLabels("job").regex("(.*)-prod")
                .targetLabel("env").build()));
        assertThat(keep.dependsOnNamesOnly()).isFalse();
        assertThat(rewrite.dependsOnNamesOnly()).isFalse();
        assertThat(new OtlpTranslator(TranslationConfig.defaults()).relabelWhileWriting(keep)).isFalse();
        assertThat(new OtlpTranslator(TranslationConfig.defaults()).relabelWhileWriting(rewrite)).isFalse();
    }

    private static List<RelabelRule> randomRules(Random r) {
        List<RelabelRule> rules = new ArrayList<>();
        for (int i = 1 + r.nextInt(4); i > 0; i--) {
            switch (r.nextInt(5)) {
                case 0:
                    rules.add(RelabelRule.builder().action(RelabelAction.LABELDROP)
                            .regex(NAME_REGEXES[r.nextInt(NAME_REGEXES.length)]).build());
                    break;
                case 1:
                    if (r.nextInt(3) == 0) {
                        rules.add(RelabelRule.builder().action(RelabelAction.LABELKEEP)
                                .regex(NAME_REGEXES[r.nextInt(NAME_REGEXES.length)] + "|__name__|a_b|host|le").build());
                        break;
                    }
                    // fall through: mostly copies
                default:
                    rules.add(RelabelRule.builder().sourceLabels(SOURCES[r.nextInt(SOURCES.length)])
                            .targetLabel(TARGETS[r.nextInt(TARGETS.length)]).build());
            }
        }
        return rules;
    }

    /** Adds a histogram (series with an {@code le}, and {@code _sum}/{@code _count}) to the first resource. */
    private static ExportMetricsServiceRequest withHistogram(ExportMetricsServiceRequest request, Random r) {
        HistogramDataPoint.Builder point = HistogramDataPoint.newBuilder().setTimeUnixNano(1_767_225_600_000_000_000L)
                .setCount(3).setSum(1.5).addExplicitBounds(0.5).addBucketCounts(1).addBucketCounts(2)
                .addAttributes(kv("host", r.nextBoolean() ? "h1" : "")).addAttributes(kv("a.b", "x"));
        Metric histogram = Metric.newBuilder().setName("latency").setUnit("s").setHistogram(Histogram.newBuilder()
                .setAggregationTemporalityValue(2).addDataPoints(point)).build();
        ExportMetricsServiceRequest.Builder b = request.toBuilder();
        b.getResourceMetricsBuilder(0).addScopeMetricsBuilder().addMetrics(histogram);
        return b.build();
    }

    private static KeyValue kv(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    /** The relabeled labels' bytes (and, for the reference, the input, to read a failure by). */
    private static String text(Labels input, Labels relabeled) {
        String bytes = HexFormat.of().formatHex(relabeled.encodedV1());
        return input == null ? bytes : bytes + "\t" + input;
    }

    private static List<String> strip(List<String> expected) {
        List<String> out = new ArrayList<>();
        for (String s : expected) {
            out.add(s.substring(0, s.indexOf('\t')));
        }
        return out;
    }
}
