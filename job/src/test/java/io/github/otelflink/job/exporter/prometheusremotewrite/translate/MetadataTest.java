package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.CUMULATIVE;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.attrs;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.doublePoint;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.gauge;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.intPoint;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.resource;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.sum;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetadataTest {
    private static final TranslationConfig CONFIG = TranslationConfig.defaults().withSendMetadata(true);

    @Test
    void everySeriesCarriesItsFamilyMetadata() {
        Metric counter = sum("http.requests", "{request}", true, CUMULATIVE, intPoint(1)).toBuilder()
                .setDescription("Requests served").build();
        Metric histogram = HistogramTranslationTest.histogram("latency", "ms", CUMULATIVE,
                HistogramTranslationTest.point(1, 2, new double[] {5}, 1, 0).setStartTimeUnixNano(0));
        Metric throughput = gauge("net.io", "By/s", doublePoint(3)).toBuilder().setDescription("Bytes moved").build();
        assertThat(Emitted.translateToLines(CONFIG.withNamespace("ns"),
                        resource(attrs("service.name", "svc", "host.name", "h"), counter, histogram, throughput)))
                .containsExactly(
                        "ns_http_requests_total{job=\"svc\"} 1 @1700000000000 meta=COUNTER/ns_http_requests_total//Requests served",
                        "ns_latency_milliseconds_sum{job=\"svc\",route=\"/api\"} 2 @1700000000000 meta=HISTOGRAM/ns_latency_milliseconds/milliseconds/",
                        "ns_latency_milliseconds_count{job=\"svc\",route=\"/api\"} 1 @1700000000000 meta=HISTOGRAM/ns_latency_milliseconds/milliseconds/",
                        "ns_latency_milliseconds_bucket{job=\"svc\",le=\"5\",route=\"/api\"} 1 @1700000000000 meta=HISTOGRAM/ns_latency_milliseconds/milliseconds/",
                        "ns_latency_milliseconds_bucket{job=\"svc\",le=\"+Inf\",route=\"/api\"} 1 @1700000000000 meta=HISTOGRAM/ns_latency_milliseconds/milliseconds/",
                        "ns_net_io_bytes_per_second{job=\"svc\"} 3 @1700000000000 meta=GAUGE/ns_net_io_bytes_per_second/bytes_per_second/Bytes moved",
                        "ns_target_info{host_name=\"h\",job=\"svc\"} 1 @1700000000000 meta=GAUGE/ns_target_info//Target metadata");
    }

    @Test
    void noMetadataByDefault() {
        List<Emitted> out = Emitted.translate(TranslationConfig.defaults(), resource(attrs(), gauge("g", "", doublePoint(1))));
        assertThat(out.get(0).series().metadata()).isNull();
    }

    @Test
    void prometheusTypeMetadataOverridesWhereTheCollectorHonoursIt() {
        KeyValue unknown = attrs("prometheus.type", "unknown").get(0);
        KeyValue info = attrs("prometheus.type", "info").get(0);
        KeyValue stateset = attrs("prometheus.type", "stateset").get(0);
        assertThat(Emitted.translateToLines(CONFIG.withTargetInfoEnabled(false), resource(attrs(),
                        gauge("a", "", doublePoint(1)).toBuilder().addMetadata(unknown).build(),
                        sum("b", "", false, CUMULATIVE, intPoint(1)).toBuilder().addMetadata(info).build(),
                        sum("c", "", false, CUMULATIVE, intPoint(1)).toBuilder().addMetadata(stateset).build(),
                        sum("d", "", true, CUMULATIVE, intPoint(1)).toBuilder().addMetadata(info).build())))
                .containsExactly(
                        "a{} 1 @1700000000000 meta=UNKNOWN/a//",
                        "b{} 1 @1700000000000 meta=INFO/b//",
                        "c{} 1 @1700000000000 meta=STATESET/c//",
                        "d_total{} 1 @1700000000000 meta=COUNTER/d_total//");
    }
}
