package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.CUMULATIVE;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.DELTA;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.T0;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.attrs;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.exemplar;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.resource;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistogramTranslationTest {
    private static final TranslationConfig CONFIG = TranslationConfig.defaults().withTargetInfoEnabled(false);

    static HistogramDataPoint.Builder point(long count, double sum, double[] bounds, long... counts) {
        HistogramDataPoint.Builder p = HistogramDataPoint.newBuilder().setTimeUnixNano(T0)
                .setStartTimeUnixNano(T0 - 60_000_000_000L).setCount(count).setSum(sum)
                .addAllAttributes(attrs("route", "/api"));
        for (double b : bounds) {
            p.addExplicitBounds(b);
        }
        for (long c : counts) {
            p.addBucketCounts(c);
        }
        return p;
    }

    static Metric histogram(String name, String unit, AggregationTemporality temporality, HistogramDataPoint.Builder p) {
        return Metric.newBuilder().setName(name).setUnit(unit)
                .setHistogram(Histogram.newBuilder().setAggregationTemporality(temporality).addDataPoints(p)).build();
    }

    private static List<String> lines(Metric m) {
        return Emitted.translateToLines(CONFIG, resource(attrs("service.name", "api"), m));
    }

    @Test
    void bucketsAreCumulativeWithPrometheusLe() {
        Metric m = histogram("http.server.request.duration", "s", CUMULATIVE,
                point(10, 4.25, new double[] {0.005, 0.5, 1, 1e6}, 1, 2, 3, 4, 0));
        String labels = "job=\"api\",le=\"%s\",route=\"/api\"";
        assertThat(lines(m)).containsExactly(
                "http_server_request_duration_seconds_sum{job=\"api\",route=\"/api\"} 4.25 @1700000000000",
                "http_server_request_duration_seconds_count{job=\"api\",route=\"/api\"} 10 @1700000000000",
                "http_server_request_duration_seconds_bucket{" + String.format(labels, "0.005") + "} 1 @1700000000000",
                "http_server_request_duration_seconds_bucket{" + String.format(labels, "0.5") + "} 3 @1700000000000",
                "http_server_request_duration_seconds_bucket{" + String.format(labels, "1") + "} 6 @1700000000000",
                "http_server_request_duration_seconds_bucket{" + String.format(labels, "1000000") + "} 10 @1700000000000",
                "http_server_request_duration_seconds_bucket{" + String.format(labels, "+Inf") + "} 10 @1700000000000");
    }

    @Test
    void noSumNoSumSeriesAndNoBucketsOnlyInf() {
        Metric m = histogram("h", "", CUMULATIVE, point(3, 0, new double[0]).clearSum().setStartTimeUnixNano(0));
        assertThat(lines(m)).containsExactly(
                "h_count{job=\"api\",route=\"/api\"} 3 @1700000000000",
                "h_bucket{job=\"api\",le=\"+Inf\",route=\"/api\"} 3 @1700000000000");
    }

    @Test
    void onlyAsManyBoundsAsBucketCountsAndNoDuplicateInf() {
        Metric m = histogram("h", "", CUMULATIVE,
                point(5, 1, new double[] {1, 2, Double.POSITIVE_INFINITY}, 1, 1, 3).setStartTimeUnixNano(0));
        assertThat(lines(m)).containsExactly(
                "h_sum{job=\"api\",route=\"/api\"} 1 @1700000000000",
                "h_count{job=\"api\",route=\"/api\"} 5 @1700000000000",
                "h_bucket{job=\"api\",le=\"1\",route=\"/api\"} 1 @1700000000000",
                "h_bucket{job=\"api\",le=\"2\",route=\"/api\"} 2 @1700000000000",
                "h_bucket{job=\"api\",le=\"+Inf\",route=\"/api\"} 5 @1700000000000");
    }

    @Test
    void noRecordedValueMarksEverySeriesStale() {
        Metric m = histogram("h", "", CUMULATIVE,
                point(0, 0, new double[] {1, 2}, 0, 0, 0).clearSum().setFlags(1).setStartTimeUnixNano(0)
                        .addExemplars(exemplar(1, null, null)));
        List<Emitted> out = Emitted.translate(CONFIG, resource(attrs("service.name", "api"), m));
        assertThat(Emitted.lines(out)).containsExactly(
                "h_sum{job=\"api\",route=\"/api\"} StaleNaN @1700000000000",
                "h_count{job=\"api\",route=\"/api\"} StaleNaN @1700000000000",
                "h_bucket{job=\"api\",le=\"1\",route=\"/api\"} StaleNaN @1700000000000",
                "h_bucket{job=\"api\",le=\"2\",route=\"/api\"} StaleNaN @1700000000000",
                "h_bucket{job=\"api\",le=\"+Inf\",route=\"/api\"} StaleNaN @1700000000000");
        for (Emitted e : out) {
            assertThat(Double.doubleToRawLongBits(e.series().value(0))).isEqualTo(0x7ff0000000000002L);
        }
    }

    @Test
    void deltaHistogramsEmitEachSeriesDelta() {
        Metric m = histogram("h", "", DELTA, point(4, 2.5, new double[] {1}, 3, 1).setStartTimeUnixNano(T0 - 1_000_000_000L));
        assertThat(lines(m)).containsExactly(
                "h_sum{job=\"api\",route=\"/api\"} 2.5 @1700000000000 delta",
                "h_count{job=\"api\",route=\"/api\"} 4 @1700000000000 delta",
                "h_bucket{job=\"api\",le=\"1\",route=\"/api\"} 3 @1700000000000 delta",
                "h_bucket{job=\"api\",le=\"+Inf\",route=\"/api\"} 4 @1700000000000 delta");
    }

    @Test
    void exemplarsGoToTheBucketHoldingTheirValue() {
        String trace = "0102030405060708090a0b0c0d0e0f10";
        Metric m = histogram("h", "", CUMULATIVE, point(4, 10, new double[] {1, 5}, 1, 2, 1).setStartTimeUnixNano(0)
                .addExemplars(exemplar(0.5, trace, null))
                .addExemplars(exemplar(5, null, null))
                .addExemplars(exemplar(1.0000001, null, null))
                .addExemplars(exemplar(99, null, null, "user", "u")));
        assertThat(lines(m)).containsExactly(
                "h_sum{job=\"api\",route=\"/api\"} 10 @1700000000000",
                "h_count{job=\"api\",route=\"/api\"} 4 @1700000000000",
                "h_bucket{job=\"api\",le=\"1\",route=\"/api\"} 1 @1700000000000 exemplars={trace_id=\"" + trace + "\"} 0.5 @1699999999995",
                "h_bucket{job=\"api\",le=\"5\",route=\"/api\"} 3 @1700000000000 exemplars={} 5 @1699999999995;{} 1.0000001 @1699999999995",
                "h_bucket{job=\"api\",le=\"+Inf\",route=\"/api\"} 4 @1700000000000 exemplars={user=\"u\"} 99 @1699999999995");
    }

    @Test
    void pointAttributeNamedLeIsReplaced() {
        Metric m = histogram("h", "", CUMULATIVE, point(1, 1, new double[0]).setStartTimeUnixNano(0)
                .addAllAttributes(attrs("le", "oops")));
        assertThat(lines(m)).contains("h_bucket{job=\"api\",le=\"+Inf\",route=\"/api\"} 1 @1700000000000");
    }
}
