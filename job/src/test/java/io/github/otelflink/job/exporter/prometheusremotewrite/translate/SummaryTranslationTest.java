package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.T0;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.attrs;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.resource;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import org.junit.jupiter.api.Test;

class SummaryTranslationTest {
    private static final TranslationConfig CONFIG = TranslationConfig.defaults().withTargetInfoEnabled(false);

    private static Metric summary(SummaryDataPoint.Builder p) {
        return Metric.newBuilder().setName("rpc.duration").setUnit("ms").setSummary(Summary.newBuilder().addDataPoints(p)).build();
    }

    private static SummaryDataPoint.Builder point() {
        return SummaryDataPoint.newBuilder().setTimeUnixNano(T0).setCount(100).setSum(2500.5)
                .addAllAttributes(attrs("method", "Get"))
                .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.5).setValue(20))
                .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.99).setValue(87.5))
                .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(1).setValue(120));
    }

    @Test
    void quantilesSumAndCount() {
        assertThat(Emitted.translateToLines(CONFIG, resource(attrs("service.name", "rpc"), summary(point()))))
                .containsExactly(
                        "rpc_duration_milliseconds_sum{job=\"rpc\",method=\"Get\"} 2500.5 @1700000000000",
                        "rpc_duration_milliseconds_count{job=\"rpc\",method=\"Get\"} 100 @1700000000000",
                        "rpc_duration_milliseconds{job=\"rpc\",method=\"Get\",quantile=\"0.5\"} 20 @1700000000000",
                        "rpc_duration_milliseconds{job=\"rpc\",method=\"Get\",quantile=\"0.99\"} 87.5 @1700000000000",
                        "rpc_duration_milliseconds{job=\"rpc\",method=\"Get\",quantile=\"1\"} 120 @1700000000000");
    }

    @Test
    void noRecordedValueMarksEverySeriesStale() {
        assertThat(Emitted.translateToLines(CONFIG, resource(attrs("service.name", "rpc"), summary(point().setFlags(1)))))
                .containsExactly(
                        "rpc_duration_milliseconds_sum{job=\"rpc\",method=\"Get\"} StaleNaN @1700000000000",
                        "rpc_duration_milliseconds_count{job=\"rpc\",method=\"Get\"} StaleNaN @1700000000000",
                        "rpc_duration_milliseconds{job=\"rpc\",method=\"Get\",quantile=\"0.5\"} StaleNaN @1700000000000",
                        "rpc_duration_milliseconds{job=\"rpc\",method=\"Get\",quantile=\"0.99\"} StaleNaN @1700000000000",
                        "rpc_duration_milliseconds{job=\"rpc\",method=\"Get\",quantile=\"1\"} StaleNaN @1700000000000");
    }
}
