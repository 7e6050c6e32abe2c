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

import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The blueprint's metrics generator: four requests (one per metric) from one pod, each with
 * resource {@code service.name=metrics-generator, host.name=<pod>}, unit {@code 1}, counters as
 * cumulative monotonic int sums and gauges as doubles. Expected output in
 * {@code src/test/resources/translate/*.txt}.
 */
class BlueprintGoldenTest {
    private static final String POD = "metrics-generator-7d9f8c6b5-x2k4p";

    /** What the generator sends, one ResourceMetrics per curl call, 1 ms apart. */
    static ResourceMetrics[] generatorPayload(String prefix, Object... extraResourceAndPointAttributes) {
        Metric[] metrics = {
            sum(prefix + "http_requests_total", "1", true, CUMULATIVE,
                    intPoint(5, pointAttrs(extraResourceAndPointAttributes, "method", "GET", "status_code", "200"))),
            gauge(prefix + "cpu_usage_percent", "1",
                    doublePoint(42.5, pointAttrs(extraResourceAndPointAttributes, "core", "cpu0"))),
            gauge(prefix + "memory_usage_percent", "1",
                    doublePoint(73.25, pointAttrs(extraResourceAndPointAttributes, "type", "physical"))),
            sum(prefix + "orders_processed_total", "1", true, CUMULATIVE,
                    intPoint(7, pointAttrs(extraResourceAndPointAttributes, "region", "us-west"))),
        };
        ResourceMetrics[] out = new ResourceMetrics[metrics.length];
        for (int i = 0; i < metrics.length; i++) {
            Metric m = withTime(metrics[i], T0 + i * 1_000_000L);
            out[i] = resource(attrs(resourceAttrs(extraResourceAndPointAttributes)), m);
        }
        return out;
    }

    private static Object[] pointAttrs(Object[] extra, Object... own) {
        if (extra.length == 0) {
            return own;
        }
        // The blueprint's transform processor adds these two to every data point.
        Object[] all = new Object[own.length + 4];
        System.arraycopy(own, 0, all, 0, own.length);
        all[own.length] = "source";
        all[own.length + 1] = "opentelemetry";
        all[own.length + 2] = "environment";
        all[own.length + 3] = "demo";
        return all;
    }

    private static Object[] resourceAttrs(Object[] extra) {
        Object[] all = new Object[4 + extra.length];
        all[0] = "service.name";
        all[1] = "metrics-generator";
        all[2] = "host.name";
        all[3] = POD;
        System.arraycopy(extra, 0, all, 4, extra.length);
        return all;
    }

    private static Metric withTime(Metric m, long timeUnixNano) {
        Metric.Builder b = m.toBuilder();
        if (b.hasGauge()) {
            b.getGaugeBuilder().getDataPointsBuilder(0).setTimeUnixNano(timeUnixNano);
        } else {
            b.getSumBuilder().getDataPointsBuilder(0).setTimeUnixNano(timeUnixNano);
        }
        return b.build();
    }

    @Test
    void defaultsAsTheCollector() throws IOException {
        assertThat(Emitted.translateToLines(TranslationConfig.defaults(), generatorPayload("")))
                .containsExactlyElementsOf(golden("blueprint-defaults.txt"));
    }

    @Test
    void withoutMetricSuffixes() throws IOException {
        assertThat(Emitted.translateToLines(TranslationConfig.defaults().withAddMetricSuffixes(false),
                        generatorPayload("")))
                .containsExactlyElementsOf(golden("blueprint-no-suffixes.txt"));
    }

    /**
     * After the blueprint's processors (resource upserts, {@code otel_} prefix, datapoint
     * attributes) with its exporter settings: {@code resource_to_telemetry_conversion: true},
     * {@code target_info: true}.
     */
    @Test
    void blueprintPipeline() throws IOException {
        ResourceMetrics[] processed = generatorPayload("otel_",
                "cluster.name", "prometheus-demo-cluster", "exporter.type", "prometheus-remote-write");
        assertThat(Emitted.translateToLines(TranslationConfig.defaults().withResourceToTelemetryConversion(true),
                        processed))
                .containsExactlyElementsOf(golden("blueprint-pipeline.txt"));
    }

    static List<String> golden(String file) throws IOException {
        try (InputStream in = BlueprintGoldenTest.class.getResourceAsStream("/translate/" + file)) {
            assertThat(in).as("golden file %s", file).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .collect(Collectors.toList());
        }
    }
}
