package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.CUMULATIVE;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.sink.remotewrite.model.Labels;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * A translator keeps caches across requests (sanitized names by key and position, metric names):
 * one that has seen many requests (resources, keys that sanitize alike and attribute orders mixed)
 * must emit exactly what a fresh translator emits for the same request.
 */
class ReusedTranslatorTest {

    // Keys that sanitize alike (a.b / a_b), reserved-looking ones, and values that repeat or are empty.
    private static final String[] KEYS = {"http.method", "http_method", "a.b", "a_b", "_id", "route", "status", "x"};
    private static final String[] VALUES = {"GET", "POST", "", "/a", "/b", "200", "500", "x;y"};
    private static final String[] NAMES = {"http.server.requests", "queue.size", "up"};

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aWarmTranslatorEmitsWhatAFreshOneDoes(boolean resourceToTelemetry) {
        TranslationConfig config = new TranslationConfig("", true, resourceToTelemetry, true,
                Map.of("cluster", "c1", "route", "external"), false);
        OtlpTranslator warm = new OtlpTranslator(config);
        Random random = new Random(42);
        for (int round = 0; round < 1000; round++) {
            ResourceMetrics request = randomResource(random);
            List<String> fromWarm = new ArrayList<>();
            warm.translate(request, (series, delta) -> fromWarm.add(new Emitted(series, delta).line()));
            List<String> fromFresh = Emitted.translateToLines(config, request);
            assertThat(fromWarm).as("round %d: %s", round, request).isEqualTo(fromFresh);
        }
    }

    /**
     * With tenant routing the tenant is a label of every series: two resources that differ only in
     * their tenant (or whether they name one) must never share what the translator caches, so a
     * warm translator gives every series its own resource's tenant, exactly as a fresh one does.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aWarmTranslatorWithTenantsEmitsWhatAFreshOneDoes(boolean keepAttribute) {
        TranslationConfig config = new TranslationConfig("", true, keepAttribute, true,
                Map.of("cluster", "c1"), false);
        TenantSource tenants = new TenantSource("tenant.id", "anonymous", keepAttribute);
        OtlpTranslator warm = new OtlpTranslator(config, tenants);
        Random random = new Random(7);
        for (int round = 0; round < 1000; round++) {
            ResourceMetrics request = withTenant(randomResource(random), random);
            List<String> fromWarm = new ArrayList<>();
            warm.translate(request, (series, delta) -> fromWarm.add(new Emitted(series, delta).line()));
            List<String> fromFresh = new ArrayList<>();
            new OtlpTranslator(config, tenants).translate(
                    request, (series, delta) -> fromFresh.add(new Emitted(series, delta).line()));
            assertThat(fromWarm).as("round %d: %s", round, request).isEqualTo(fromFresh);
            String tenant = request.getResource().getAttributesList().stream()
                    .filter(kv -> kv.getKey().equals("tenant.id"))
                    .map(kv -> kv.getValue().getStringValue())
                    .filter(v -> !v.isEmpty())
                    .findFirst().orElse("anonymous");
            for (String line : fromWarm) {
                assertThat(line).as("round %d", round).contains(TenantSource.LABEL + "=\"" + tenant + "\"");
            }
        }
    }

    @Test
    void theSameSeriesInTwoTenantsGetsTwoLabelSets() {
        OtlpTranslator translator = new OtlpTranslator(TranslationConfig.defaults(),
                new TenantSource("tenant.id", "anonymous", false));
        List<Labels> seen = new ArrayList<>();
        for (String tenant : new String[] {"a", "b", "a", ""}) {
            translator.translate(Otlp.resource(Otlp.attrs("service.name", "api", "tenant.id", tenant),
                    Otlp.gauge("queue.size", "", Otlp.doublePoint(1, "route", "/a"))),
                    (series, delta) -> seen.add(series.labels()));
        }
        assertThat(seen).hasSize(4);
        assertThat(seen.get(0).get(TenantSource.LABEL)).isEqualTo("a");
        assertThat(seen.get(1).get(TenantSource.LABEL)).isEqualTo("b");
        assertThat(seen.get(2)).isEqualTo(seen.get(0));
        assertThat(seen.get(3).get(TenantSource.LABEL)).isEqualTo("anonymous");
    }

    /** The resource with a random tenant attribute (absent, empty, or one of three tenants). */
    private static ResourceMetrics withTenant(ResourceMetrics resource, Random random) {
        int pick = random.nextInt(5);
        if (pick == 0) {
            return resource;
        }
        String tenant = pick == 1 ? "" : "t" + (pick - 2);
        ResourceMetrics.Builder b = resource.toBuilder();
        b.getResourceBuilder().addAllAttributes(Otlp.attrs("tenant.id", tenant));
        return b.build();
    }

    @Test
    void aChangedValueOrResourceGetsOtherLabels() {
        OtlpTranslator translator = new OtlpTranslator(TranslationConfig.defaults());
        List<String> lines = new ArrayList<>();
        for (String[] v : new String[][] {{"api", "/a"}, {"api", "/b"}, {"web", "/b"}, {"api", "/a"}}) {
            translator.translate(Otlp.resource(Otlp.attrs("service.name", v[0]),
                    Otlp.gauge("queue.size", "", Otlp.doublePoint(1, "route", v[1]))),
                    (series, delta) -> lines.add(series.labels().toString()));
        }
        assertThat(lines.get(0)).contains("/a").contains("api");
        assertThat(lines.get(1)).contains("/b").contains("api");
        assertThat(lines.get(2)).contains("/b").contains("web");
        assertThat(lines.get(3)).isEqualTo(lines.get(0));
    }

    private static ResourceMetrics randomResource(Random random) {
        List<Object> resourceAttributes = new ArrayList<>();
        resourceAttributes.add("service.name");
        resourceAttributes.add(random.nextBoolean() ? "api" : "web");
        if (random.nextBoolean()) {
            resourceAttributes.add("service.instance.id");
            resourceAttributes.add("i-" + random.nextInt(2));
        }
        if (random.nextBoolean()) {
            resourceAttributes.add("host.name");
            resourceAttributes.add("h" + random.nextInt(2));
        }
        List<Metric> metrics = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int m = 0; m < count; m++) {
            String name = NAMES[random.nextInt(NAMES.length)];
            if (random.nextInt(4) == 0) {
                metrics.add(histogram(name, random));
            } else {
                NumberDataPoint.Builder[] points = new NumberDataPoint.Builder[1 + random.nextInt(3)];
                for (int p = 0; p < points.length; p++) {
                    points[p] = random.nextInt(10) == 0
                            ? Otlp.intPoint(p, randomAttributes(random, true))
                            : Otlp.doublePoint(p, randomAttributes(random, false));
                }
                metrics.add(Otlp.gauge(name, random.nextBoolean() ? "" : "s", points));
            }
        }
        return Otlp.resource(Otlp.attrs(resourceAttributes.toArray()), metrics.toArray(new Metric[0]));
    }

    private static Metric histogram(String name, Random random) {
        HistogramDataPoint point = HistogramDataPoint.newBuilder().setTimeUnixNano(T0).setCount(3).setSum(1.5)
                .addExplicitBounds(0.5).addExplicitBounds(random.nextBoolean() ? 1 : 2)
                .addBucketCounts(1).addBucketCounts(1).addBucketCounts(1)
                .addAllAttributes(Otlp.attrs(randomAttributes(random, false))).build();
        return Metric.newBuilder().setName(name).setUnit("s")
                .setHistogram(Histogram.newBuilder().setAggregationTemporality(CUMULATIVE).addDataPoints(point))
                .build();
    }

    /** Keys may repeat and come in any order; with {@code nonString} one value is an int. */
    private static Object[] randomAttributes(Random random, boolean nonString) {
        int n = random.nextInt(4);
        Object[] kv = new Object[2 * n];
        for (int i = 0; i < n; i++) {
            kv[2 * i] = KEYS[random.nextInt(KEYS.length)];
            kv[2 * i + 1] = nonString && i == 0 ? (Object) 7L : VALUES[random.nextInt(VALUES.length)];
        }
        return kv;
    }
}
