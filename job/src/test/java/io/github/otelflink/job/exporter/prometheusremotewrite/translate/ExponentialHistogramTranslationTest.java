package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.CUMULATIVE;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.DELTA;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.T0;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.attrs;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.exemplar;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.resource;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.sink.remotewrite.model.Histogram;
import io.github.otelflink.sink.remotewrite.model.StaleNaN;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint.Buckets;
import io.opentelemetry.proto.metrics.v1.Metric;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExponentialHistogramTranslationTest {
    private static final TranslationConfig CONFIG = TranslationConfig.defaults().withTargetInfoEnabled(false);

    private static Buckets buckets(int offset, long... counts) {
        Buckets.Builder b = Buckets.newBuilder().setOffset(offset);
        for (long c : counts) {
            b.addBucketCounts(c);
        }
        return b.build();
    }

    private static Metric metric(AggregationTemporality temporality, ExponentialHistogramDataPoint.Builder p) {
        return Metric.newBuilder().setName("http.server.request.duration").setUnit("s")
                .setExponentialHistogram(ExponentialHistogram.newBuilder().setAggregationTemporality(temporality)
                        .addDataPoints(p))
                .build();
    }

    private static ExponentialHistogramDataPoint.Builder point(int scale) {
        return ExponentialHistogramDataPoint.newBuilder().setTimeUnixNano(T0).setScale(scale)
                .addAllAttributes(attrs("route", "/"));
    }

    @Test
    void scaleTenIsDownscaledToEightByMergingFourBuckets() {
        // Positive OTLP indexes 3..8 at scale 10 -> 0,1,1,1,1,2 at scale 8 -> Prometheus 1,2,3.
        // Negative OTLP indexes -5..-1 -> -2,-1,-1,-1,-1 -> Prometheus -1, 0.
        ExponentialHistogramDataPoint.Builder p = point(10).setCount(33).setSum(12.5).setZeroCount(2)
                .setPositive(buckets(3, 1, 2, 3, 4, 5, 6))
                .setNegative(buckets(-5, 1, 2, 3, 4, 0));
        List<Emitted> out = Emitted.translate(CONFIG, resource(attrs("service.name", "api"), metric(CUMULATIVE, p)));
        assertThat(Emitted.lines(out)).containsExactly(
                "http_server_request_duration_seconds{job=\"api\",route=\"/\"} histogram{int schema=8 count=33 sum=12.5"
                        + " zt=1.0E-128 zc=2 pos=[1:3][1, 13, -8] neg=[-1:2][1, 8] reset=0} @1700000000000");
        Histogram h = out.get(0).series().histogram(0);
        // Merged counts: positive 1, 14, 6 and negative 1, 9 (2+3+4+0).
        assertThat(h.positiveDeltas()).containsExactly(1, 13, -8);
        assertThat(h.negativeDeltas()).containsExactly(1, 8);
        assertThat(out.get(0).series().sampleCount()).isZero();
    }

    @Test
    void scaleWithinRangeIsKept() {
        ExponentialHistogramDataPoint.Builder p = point(-4).setCount(3).setSum(1).setPositive(buckets(-1, 1, 0, 2));
        assertThat(Emitted.translateToLines(CONFIG, resource(attrs(), metric(CUMULATIVE, p)))).containsExactly(
                "http_server_request_duration_seconds{route=\"/\"} histogram{int schema=-4 count=3 sum=1"
                        + " zt=1.0E-128 zc=0 pos=[0:3][1, -1, 2] neg=[][] reset=0} @1700000000000");
    }

    @Test
    void pointZeroThresholdIsUsedWhenSet() {
        ExponentialHistogramDataPoint.Builder p = point(3).setCount(5).setZeroCount(5).setZeroThreshold(0.001);
        assertThat(Emitted.translateToLines(CONFIG, resource(attrs(), metric(CUMULATIVE, p)))).containsExactly(
                "http_server_request_duration_seconds{route=\"/\"} histogram{int schema=3 count=5 sum=0"
                        + " zt=0.001 zc=5 pos=[][] neg=[][] reset=0} @1700000000000");
    }

    @Test
    void scaleBelowMinusFourIsDropped() {
        OtlpTranslator translator = new OtlpTranslator(CONFIG);
        List<Emitted> out = new ArrayList<>();
        translator.translate(resource(attrs(), metric(CUMULATIVE, point(-5).setCount(1))),
                (s, d) -> out.add(new Emitted(s, d)));
        assertThat(out).isEmpty();
        assertThat(translator.dropped(DropReason.UNSUPPORTED_SCALE)).isEqualTo(1);
    }

    @Test
    void noRecordedValueIsAStaleHistogramWithNothingElse() {
        ExponentialHistogramDataPoint.Builder p = point(12).setFlags(1).setCount(9).setSum(3)
                .setPositive(buckets(0, 9)).addExemplars(exemplar(1, null, null));
        List<Emitted> out = Emitted.translate(CONFIG, resource(attrs(), metric(CUMULATIVE, p)));
        assertThat(Emitted.lines(out)).containsExactly(
                "http_server_request_duration_seconds{route=\"/\"} histogram{sum=StaleNaN schema=8} @1700000000000");
        Histogram h = out.get(0).series().histogram(0);
        assertThat(Double.doubleToRawLongBits(h.sum())).isEqualTo(StaleNaN.BITS);
        assertThat(h.hasObservations()).isFalse();
    }

    @Test
    void deltaIsFlagged() {
        ExponentialHistogramDataPoint.Builder p = point(0).setCount(1).setSum(1).setPositive(buckets(0, 1))
                .setStartTimeUnixNano(T0 - 1_000_000_000L);
        assertThat(Emitted.translateToLines(CONFIG, resource(attrs(), metric(DELTA, p)))).containsExactly(
                "http_server_request_duration_seconds{route=\"/\"} histogram{int schema=0 count=1 sum=1"
                        + " zt=1.0E-128 zc=0 pos=[1:1][1] neg=[][] reset=0} @1700000000000 delta");
    }

    @Test
    void exemplarsGoWithTheSeries() {
        ExponentialHistogramDataPoint.Builder p = point(0).setCount(1).setPositive(buckets(0, 1))
                .addExemplars(exemplar(1.5, "0102030405060708090a0b0c0d0e0f10", "0102030405060708"));
        assertThat(Emitted.translateToLines(CONFIG, resource(attrs(), metric(CUMULATIVE, p)))).containsExactly(
                "http_server_request_duration_seconds{route=\"/\"} histogram{int schema=0 count=1 sum=0"
                        + " zt=1.0E-128 zc=0 pos=[1:1][1] neg=[][] reset=0} @1700000000000 exemplars="
                        + "{span_id=\"0102030405060708\",trace_id=\"0102030405060708090a0b0c0d0e0f10\"} 1.5 @1699999999995");
    }
}
