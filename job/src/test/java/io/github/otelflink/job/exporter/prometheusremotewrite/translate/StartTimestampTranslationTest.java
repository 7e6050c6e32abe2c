package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.CUMULATIVE;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.DELTA;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.T0;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.T0_MS;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.attrs;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.doublePoint;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.gauge;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.intPoint;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.resource;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.sum;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each metric kind's start time (remote write 2.0 {@code start_timestamp}): counters carry the
 * point's start time in milliseconds, gauges and non-monotonic sums none, and a gauge series holds
 * no start-timestamp array at all.
 */
class StartTimestampTranslationTest {
    private static final TranslationConfig CONFIG = TranslationConfig.defaults().withTargetInfoEnabled(false);
    /** One minute before {@link Otlp#T0}, plus 123456 ns that the millisecond drops. */
    private static final long START = T0 - 60_000_000_000L + 123_456L;
    private static final long START_MS = T0_MS - 60_000L;

    /** Each emitted series' metric name (with {@code le}/{@code quantile}) to its start timestamp. */
    private static Map<String, Long> starts(Metric... metrics) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Emitted e : Emitted.translate(CONFIG, resource(attrs("service.name", "svc"), metrics))) {
            TimeSeries ts = e.series();
            String key = ts.labels().metricName()
                    + (ts.labels().get("le") != null ? "{le=" + ts.labels().get("le") + "}" : "")
                    + (ts.labels().get("quantile") != null ? "{quantile=" + ts.labels().get("quantile") + "}" : "");
            out.put(key, ts.sampleCount() > 0 ? ts.startTimestamp(0) : ts.histogram(0).startTimestampMs());
        }
        return out;
    }

    @Test
    void monotonicSumsCarryTheStartTimeGaugesAndUpDownCountersDoNot() {
        List<Emitted> out = Emitted.translate(CONFIG, resource(attrs("service.name", "svc"),
                sum("requests", "1", true, CUMULATIVE, intPoint(10).setStartTimeUnixNano(START)),
                sum("inflight", "1", false, CUMULATIVE, intPoint(2).setStartTimeUnixNano(START)),
                gauge("temperature", "Cel", doublePoint(21).setStartTimeUnixNano(START))));

        assertThat(out.get(0).series().startTimestamp(0)).isEqualTo(START_MS);
        assertThat(out.get(1).series().hasStartTimestamps()).isFalse();
        assertThat(out.get(2).series().hasStartTimestamps()).isFalse();
        assertThat(out.get(1).series().startTimestamp(0)).isZero();
    }

    @Test
    void anUnsetStartTimeOrOneAfterThePointIsLeftOut() {
        assertThat(starts(
                sum("unset", "1", true, CUMULATIVE, intPoint(1)),
                sum("future", "1", true, CUMULATIVE, intPoint(1).setStartTimeUnixNano(T0 + 1_000_000L)),
                sum("same", "1", true, CUMULATIVE, intPoint(1).setStartTimeUnixNano(T0))))
                .containsExactly(Map.entry("unset_total", 0L), Map.entry("future_total", 0L), Map.entry("same_total", T0_MS));
    }

    @Test
    void aStaleMarkerCarriesNoStartTime() {
        assertThat(starts(sum("requests", "1", true, CUMULATIVE, intPoint(1).setStartTimeUnixNano(START).setFlags(1))))
                .containsExactly(Map.entry("requests_total", 0L));
    }

    @Test
    void deltaSumsCarryTheirWindowStartForTheKeyedStepToReplace() {
        List<Emitted> out = Emitted.translate(CONFIG, resource(attrs("service.name", "svc"),
                sum("requests", "1", true, DELTA, intPoint(3).setStartTimeUnixNano(START))));

        assertThat(out.get(0).delta()).isTrue();
        assertThat(out.get(0).series().startTimestamp(0)).isEqualTo(START_MS);
    }

    @Test
    void everySeriesOfAClassicHistogramCarriesTheStartTime() {
        Metric m = HistogramTranslationTest.histogram("latency", "s", CUMULATIVE,
                HistogramTranslationTest.point(3, 1.5, new double[] {0.5, 1}, 1, 1, 1).setStartTimeUnixNano(START));

        assertThat(starts(m)).containsExactly(
                Map.entry("latency_seconds_sum", START_MS),
                Map.entry("latency_seconds_count", START_MS),
                Map.entry("latency_seconds_bucket{le=0.5}", START_MS),
                Map.entry("latency_seconds_bucket{le=1}", START_MS),
                Map.entry("latency_seconds_bucket{le=+Inf}", START_MS));
    }

    @Test
    void aSummarysSumAndCountCarryTheStartTimeItsQuantilesDoNot() {
        Metric m = Metric.newBuilder().setName("rpc").setSummary(Summary.newBuilder().addDataPoints(
                SummaryDataPoint.newBuilder().setTimeUnixNano(T0).setStartTimeUnixNano(START).setCount(4).setSum(8)
                        .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.5).setValue(2))))
                .build();

        assertThat(starts(m)).containsExactly(
                Map.entry("rpc_sum", START_MS), Map.entry("rpc_count", START_MS), Map.entry("rpc{quantile=0.5}", 0L));
    }

    @Test
    void anExponentialHistogramCarriesTheStartTimeOnItsNativeHistogram() {
        Metric m = Metric.newBuilder().setName("size").setExponentialHistogram(ExponentialHistogram.newBuilder()
                        .setAggregationTemporality(CUMULATIVE)
                        .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setTimeUnixNano(T0)
                                .setStartTimeUnixNano(START).setScale(0).setCount(1).setSum(2)
                                .setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(0).addBucketCounts(1))))
                .build();
        Metric stale = m.toBuilder().setName("gone").setExponentialHistogram(m.getExponentialHistogram().toBuilder()
                .setDataPoints(0, m.getExponentialHistogram().getDataPoints(0).toBuilder().setFlags(1))).build();

        assertThat(starts(m, stale)).containsExactly(Map.entry("size", START_MS), Map.entry("gone", 0L));
    }
}
