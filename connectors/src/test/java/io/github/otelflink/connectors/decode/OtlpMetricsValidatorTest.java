package io.github.otelflink.connectors.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtlpMetricsValidatorTest {

    @Test
    void keepsAValidRequestAsItIs() {
        ExportMetricsServiceRequest request = OtlpMetricsDecoderTest.everyMetricType();

        ValidatedRequest validated = OtlpMetricsValidator.validate(request);

        assertThat(validated.request()).isSameAs(request);
        assertThat(validated.acceptedPoints()).isEqualTo(5);
        assertThat(validated.rejectedPoints()).isZero();
        assertThat(validated.rejectionMessage()).isNull();
        assertThat(OtlpMetricsValidator.countDataPoints(request)).isEqualTo(5);
    }

    @Test
    void keepsStalenessMarkersWithoutValue() {
        NumberDataPoint stale = NumberDataPoint.newBuilder()
                .setFlags(DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE).build();

        ValidatedRequest validated = OtlpMetricsValidator.validate(request(gauge("up", stale)));

        assertThat(validated.rejectedPoints()).isZero();
        assertThat(validated.acceptedPoints()).isEqualTo(1);
    }

    @Test
    void removesPointsWithoutValueAndHistogramsWithMismatchedBuckets() {
        NumberDataPoint good = NumberDataPoint.newBuilder().setAsInt(1).build();
        NumberDataPoint empty = NumberDataPoint.newBuilder().build();
        HistogramDataPoint mismatched = HistogramDataPoint.newBuilder().setCount(3)
                .addAllExplicitBounds(List.of(1.0, 2.0)).addAllBucketCounts(List.of(1L, 2L)).build();
        HistogramDataPoint countOnly = HistogramDataPoint.newBuilder().setCount(3).setSum(4).build();
        Metric histogram = Metric.newBuilder().setName("latency")
                .setHistogram(Histogram.newBuilder().addDataPoints(mismatched).addDataPoints(countOnly)).build();

        ValidatedRequest validated = OtlpMetricsValidator.validate(request(gauge("cpu", good, empty, empty), histogram));

        assertThat(validated.acceptedPoints()).isEqualTo(2);
        assertThat(validated.rejectedPoints()).isEqualTo(3);
        assertThat(validated.rejectionMessage()).isEqualTo("3 data points were rejected:"
                + " resourceMetrics[0].scopeMetrics[0].metrics[0] (\"cpu\").dataPoints[1]: no value (neither asDouble nor asInt);"
                + " resourceMetrics[0].scopeMetrics[0].metrics[0] (\"cpu\").dataPoints[2]: no value (neither asDouble nor asInt);"
                + " resourceMetrics[0].scopeMetrics[0].metrics[1] (\"latency\").dataPoints[0]: bucketCounts has 2 entries"
                + " for 2 explicitBounds (expected 3)");
        List<Metric> metrics = validated.request().getResourceMetrics(0).getScopeMetrics(0).getMetricsList();
        assertThat(metrics.get(0).getGauge().getDataPointsList()).containsExactly(good);
        assertThat(metrics.get(1).getHistogram().getDataPointsList()).containsExactly(countOnly);
    }

    private static Metric gauge(String name, NumberDataPoint... points) {
        return Metric.newBuilder().setName(name).setGauge(Gauge.newBuilder().addAllDataPoints(List.of(points))).build();
    }

    private static ExportMetricsServiceRequest request(Metric... metrics) {
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder()
                        .addScopeMetrics(ScopeMetrics.newBuilder().addAllMetrics(List.of(metrics))))
                .build();
    }
}
