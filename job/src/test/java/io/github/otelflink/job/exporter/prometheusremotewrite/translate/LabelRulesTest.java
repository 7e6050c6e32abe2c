package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.CUMULATIVE;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.T0;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.attrs;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.doublePoint;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.gauge;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.intPoint;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.resource;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** job/instance, target_info, resource_to_telemetry_conversion, external labels, collisions. */
class LabelRulesTest {
    private static final TranslationConfig DEFAULTS = TranslationConfig.defaults();
    private static final TranslationConfig NO_TARGET_INFO = DEFAULTS.withTargetInfoEnabled(false);

    private static List<String> lines(TranslationConfig config, ResourceMetrics rm) {
        return Emitted.translateToLines(config, rm);
    }

    private static Metric up(Object... pointAttributes) {
        return gauge("up", "", intPoint(1, pointAttributes));
    }

    @Test
    void jobIsNamespaceSlashNameAndInstanceIsInstanceId() {
        assertThat(lines(NO_TARGET_INFO, resource(attrs("service.namespace", "shop", "service.name", "cart",
                        "service.instance.id", "cart-0"), up())))
                .containsExactly("up{instance=\"cart-0\",job=\"shop/cart\"} 1 @1700000000000");
    }

    @Test
    void jobWithoutNamespaceAndNoJobWithoutServiceName() {
        assertThat(lines(NO_TARGET_INFO, resource(attrs("service.name", "cart"), up())))
                .containsExactly("up{job=\"cart\"} 1 @1700000000000");
        assertThat(lines(NO_TARGET_INFO, resource(attrs("service.namespace", "shop", "service.instance.id", "i-1"), up())))
                .containsExactly("up{instance=\"i-1\"} 1 @1700000000000");
        assertThat(lines(NO_TARGET_INFO, resource(attrs(), up())))
                .containsExactly("up{} 1 @1700000000000");
    }

    @Test
    void nonStringIdentityValuesAreConverted() {
        assertThat(lines(NO_TARGET_INFO, resource(attrs("service.name", "svc", "service.instance.id", 42L), up())))
                .containsExactly("up{instance=\"42\",job=\"svc\"} 1 @1700000000000");
    }

    @Test
    void resourceJobAndInstanceReplacePointAttributes() {
        assertThat(lines(NO_TARGET_INFO, resource(attrs("service.name", "svc"), up("job", "mine", "instance", "x"))))
                .containsExactly("up{instance=\"x\",job=\"svc\"} 1 @1700000000000");
    }

    @Test
    void scopeAddsNoLabels() {
        // Recent Collector versions of the prometheusremotewrite exporter send no otel_scope_* labels.
        assertThat(lines(NO_TARGET_INFO, resource(attrs("service.name", "svc"), up())).get(0))
                .doesNotContain("otel_scope");
    }

    @Test
    void targetInfoCarriesOtherResourceAttributesAtTheNewestTimestamp() {
        ResourceMetrics rm = resource(attrs("service.name", "svc", "service.instance.id", "i-1",
                        "host.name", "h1", "k8s.pod.uid", "abc", "os.type", "linux"),
                gauge("a", "", intPoint(1).setTimeUnixNano(T0 + 5_000_000L)),
                gauge("b", "", intPoint(2).setTimeUnixNano(T0)));
        assertThat(lines(DEFAULTS, rm)).containsExactly(
                "a{instance=\"i-1\",job=\"svc\"} 1 @1700000000005",
                "b{instance=\"i-1\",job=\"svc\"} 2 @1700000000000",
                "target_info{host_name=\"h1\",instance=\"i-1\",job=\"svc\",k8s_pod_uid=\"abc\",os_type=\"linux\"} 1 @1700000000005");
    }

    @Test
    void targetInfoAlsoForResourcesWhoseMetricsWereDropped() {
        ResourceMetrics rm = resource(attrs("service.name", "svc", "host.name", "h1"),
                sum("x", "", true, io.opentelemetry.proto.metrics.v1.AggregationTemporality.AGGREGATION_TEMPORALITY_UNSPECIFIED,
                        intPoint(1).setTimeUnixNano(T0 + 7_000_000L)));
        assertThat(lines(DEFAULTS, rm))
                .containsExactly("target_info{host_name=\"h1\",job=\"svc\"} 1 @1700000000007");
    }

    @Test
    void targetInfoOff() {
        ResourceMetrics rm = resource(attrs("service.name", "svc", "host.name", "h1"), up());
        assertThat(lines(NO_TARGET_INFO, rm)).containsExactly("up{job=\"svc\"} 1 @1700000000000");
    }

    @Test
    void noTargetInfoWithOnlyIdentifyingAttributesOrWithoutJobAndInstanceOrWithoutPoints() {
        assertThat(lines(DEFAULTS, resource(attrs("service.name", "svc", "service.namespace", "n",
                        "service.instance.id", "i"), up())))
                .containsExactly("up{instance=\"i\",job=\"n/svc\"} 1 @1700000000000");
        assertThat(lines(DEFAULTS, resource(attrs("host.name", "h1"), up())))
                .containsExactly("up{} 1 @1700000000000");
        assertThat(lines(DEFAULTS, resource(attrs("service.name", "svc", "host.name", "h1"))))
                .isEmpty();
    }

    @Test
    void targetInfoGetsTheNamespaceAndExternalLabels() {
        TranslationConfig config = DEFAULTS.withNamespace("ns").withExternalLabels(Map.of("cluster", "c1"));
        assertThat(lines(config, resource(attrs("service.name", "svc", "host.name", "h1"), up())))
                .containsExactly(
                        "ns_up{cluster=\"c1\",job=\"svc\"} 1 @1700000000000",
                        "ns_target_info{cluster=\"c1\",host_name=\"h1\",job=\"svc\"} 1 @1700000000000");
    }

    @Test
    void resourceToTelemetryConversionAddsEveryResourceAttribute() {
        TranslationConfig config = NO_TARGET_INFO.withResourceToTelemetryConversion(true);
        assertThat(lines(config, resource(attrs("service.name", "svc", "service.instance.id", "i-1",
                        "host.name", "h1", "deployment.environment", "prod"), up("code", "200"))))
                .containsExactly("up{code=\"200\",deployment_environment=\"prod\",host_name=\"h1\",instance=\"i-1\","
                        + "job=\"svc\",service_instance_id=\"i-1\",service_name=\"svc\"} 1 @1700000000000");
    }

    @Test
    void pointAttributesWinOverResourceAttributes() {
        TranslationConfig config = NO_TARGET_INFO.withResourceToTelemetryConversion(true);
        assertThat(lines(config, resource(attrs("service.name", "svc", "region", "eu", "host.name", "h1"),
                        up("region", "us", "host_name", "h2"))))
                .containsExactly("up{host_name=\"h2\",job=\"svc\",region=\"us\",service_name=\"svc\"} 1 @1700000000000");
    }

    @Test
    void externalLabelsOnlyWhereTheSeriesLacksTheLabel() {
        Map<String, String> external = new LinkedHashMap<>();
        external.put("cluster", "c1");
        external.put("region", "default");
        external.put("job", "external-job");
        external.put("env.name", "prod");
        TranslationConfig config = NO_TARGET_INFO.withExternalLabels(external);
        assertThat(lines(config, resource(attrs("service.name", "svc"), up("region", "us"))))
                .containsExactly("up{cluster=\"c1\",env_name=\"prod\",job=\"svc\",region=\"us\"} 1 @1700000000000");
        // Without service.name the external job label applies.
        assertThat(lines(config, resource(attrs(), up())))
                .containsExactly("up{cluster=\"c1\",env_name=\"prod\",job=\"external-job\",region=\"default\"} 1 @1700000000000");
    }

    @Test
    void externalLabelNamesAreSanitizedAndTheFirstKeyWins() {
        Map<String, String> external = new LinkedHashMap<>();
        external.put("k8s_cluster", "second");
        external.put("k8s.cluster", "first");
        assertThat(lines(NO_TARGET_INFO.withExternalLabels(external), resource(attrs(), up())))
                .containsExactly("up{k8s_cluster=\"first\"} 1 @1700000000000");
    }

    @Test
    void resourceAttributesWinOverExternalLabels() {
        TranslationConfig config = NO_TARGET_INFO.withResourceToTelemetryConversion(true)
                .withExternalLabels(Map.of("cluster", "external"));
        assertThat(lines(config, resource(attrs("cluster", "from-resource"), up())))
                .containsExactly("up{cluster=\"from-resource\"} 1 @1700000000000");
    }

    @Test
    void externalLabelsMustHaveNamesAndValues() {
        assertThatThrownBy(() -> DEFAULTS.withExternalLabels(Map.of("cluster", "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("external labels need a non-empty name and value");
    }

    @Test
    void collidingAttributesAreJoinedInKeyOrder() {
        // "a.b" < "a/b" < "a_b" in byte order; all sanitize to a_b.
        assertThat(lines(NO_TARGET_INFO, resource(attrs(), up("a_b", "3", "a.b", "1", "a/b", "2"))))
                .containsExactly("up{a_b=\"1;2;3\"} 1 @1700000000000");
    }

    @Test
    void collidingAttributesWithEqualValuesAreNotRepeated() {
        assertThat(lines(NO_TARGET_INFO, resource(attrs(), up("host.name", "h", "host_name", "h"))))
                .containsExactly("up{host_name=\"h\"} 1 @1700000000000");
    }

    @Test
    void labelNameSanitizing() {
        assertThat(lines(NO_TARGET_INFO, resource(attrs(), up("http.method", "GET", "0day", "y", "_private", "p",
                        "__keep__", "k", "Upper-Case", "u"))))
                .containsExactly("up{Upper_Case=\"u\",__keep__=\"k\",http_method=\"GET\",key_0day=\"y\",key_private=\"p\"} 1 @1700000000000");
    }

    @Test
    void attributeValueTypes() {
        assertThat(lines(NO_TARGET_INFO, resource(attrs(), up("s", "str", "i", 42L, "d", 1.5, "b", true,
                        "arr", List.of("x", 2L), "kv", Map.of("k", "v"), "bytes", new byte[] {1, 2}))))
                .containsExactly("up{arr=\"[\"x\",2]\",b=\"true\",bytes=\"AQI=\",d=\"1.5\",i=\"42\",kv=\"{\"k\":\"v\"}\",s=\"str\"} 1 @1700000000000");
    }

    @Test
    void emptyValuesAreLeftOutAndStillShadowLowerSources() {
        TranslationConfig config = NO_TARGET_INFO.withExternalLabels(Map.of("cluster", "c1", "zone", "z"));
        assertThat(lines(config, resource(attrs("service.name", "svc"), up("empty", "", "cluster", ""))))
                .containsExactly("up{job=\"svc\",zone=\"z\"} 1 @1700000000000");
    }

    @Test
    void seriesLabelsReplaceAttributesOfTheSameName() {
        assertThat(lines(NO_TARGET_INFO, resource(attrs(), up("__name__", "evil"))))
                .containsExactly("up{} 1 @1700000000000");
    }

    @Test
    void labelsSortedByteWiseWithUpperCaseFirst() {
        List<Emitted> out = Emitted.translate(NO_TARGET_INFO,
                resource(attrs("service.name", "svc"), sum("c", "", true, CUMULATIVE, intPoint(1, "Zeta", "1", "alpha", "2"))));
        assertThat(out.get(0).series().labels().toString())
                .isEqualTo("{Zeta=\"1\", __name__=\"c_total\", alpha=\"2\", job=\"svc\"}");
    }

    @Test
    void translatorIsReusableAcrossResources() {
        OtlpTranslator translator = new OtlpTranslator(NO_TARGET_INFO.withResourceToTelemetryConversion(true));
        List<String> out = new java.util.ArrayList<>();
        translator.translate(resource(attrs("service.name", "a", "x", "1"), gauge("g", "", doublePoint(1))),
                (s, d) -> out.add(new Emitted(s, d).line()));
        translator.translate(resource(attrs("service.name", "b"), gauge("g", "", doublePoint(2))),
                (s, d) -> out.add(new Emitted(s, d).line()));
        assertThat(out).containsExactly(
                "g{job=\"a\",service_name=\"a\",x=\"1\"} 1 @1700000000000",
                "g{job=\"b\",service_name=\"b\"} 2 @1700000000000");
    }
}
