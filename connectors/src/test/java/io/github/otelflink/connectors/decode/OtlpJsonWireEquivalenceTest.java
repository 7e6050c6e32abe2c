package io.github.otelflink.connectors.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * OTLP/JSON is decoded by writing protobuf wire format and parsing it: every field type of the
 * schema, at its edges, comes out as the request protobuf-java's own JSON printer wrote.
 */
class OtlpJsonWireEquivalenceTest {

    @Test
    void randomRequestsOfEveryMetricTypeDecodeToWhatWasPrinted() throws Exception {
        Random random = new Random(11);
        for (int i = 0; i < 300; i++) {
            ExportMetricsServiceRequest request = request(random);
            String json = JsonFormat.printer().print(request);
            byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
            assertThat(OtlpMetricsDecoder.decodeJson(utf8)).as(json).isEqualTo(request);
            byte[] wire = OtlpJsonDecoder.toWire(utf8, 0, utf8.length, ExportMetricsServiceRequest.getDescriptor());
            assertThat(ExportMetricsServiceRequest.parseFrom(wire)).isEqualTo(request);
            // The wire scan reads the padded lengths as protobuf-java does.
            long points = OtlpWireScan.points(wire, 0, wire.length);
            if (points != OtlpWireScan.NOT_SCANNED) {
                assertThat(points).isEqualTo(OtlpWireScan.points(request.toByteArray(), 0, request.getSerializedSize()));
            }
        }
    }

    @Test
    void attributesNestedPastTheParsersLimitAreMalformed() {
        String value = "{\"stringValue\":\"leaf\"}";
        for (int i = 0; i < 60; i++) {
            value = "{\"kvlistValue\":{\"values\":[{\"key\":\"k\",\"value\":" + value + "}]}}";
        }
        String json = "{\"resourceMetrics\":[{\"resource\":{\"attributes\":[{\"key\":\"deep\",\"value\":" + value + "}]}}]}";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OtlpMetricsDecoder.decodeJson(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedOtlpException.class).hasMessageContaining("does not decode");
    }

    private static ExportMetricsServiceRequest request(Random r) {
        ExportMetricsServiceRequest.Builder b = ExportMetricsServiceRequest.newBuilder();
        for (int i = r.nextInt(3); i >= 0; i--) {
            ResourceMetrics.Builder rm = b.addResourceMetricsBuilder().setSchemaUrl(r.nextBoolean() ? "" : "s");
            rm.getResourceBuilder().addAttributes(kv(r, 0)).setDroppedAttributesCount(r.nextInt(3));
            ScopeMetrics.Builder sm = rm.addScopeMetricsBuilder();
            sm.getScopeBuilder().setName("scope-ü").setVersion("1");
            for (int m = r.nextInt(4); m >= 0; m--) {
                sm.addMetrics(metric(r));
            }
        }
        return b.build();
    }

    private static Metric metric(Random r) {
        Metric.Builder m = Metric.newBuilder().setName("m" + r.nextInt(9)).setUnit(r.nextBoolean() ? "s" : "")
                .setDescription("d");
        AggregationTemporality t = r.nextBoolean() ? AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA
                : AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
        switch (r.nextInt(5)) {
            case 0 -> m.setGauge(Gauge.newBuilder().addDataPoints(number(r)).addDataPoints(number(r)));
            case 1 -> m.setSum(Sum.newBuilder().setIsMonotonic(r.nextBoolean()).setAggregationTemporality(t)
                    .addDataPoints(number(r)));
            case 2 -> m.setHistogram(Histogram.newBuilder().setAggregationTemporality(t).addDataPoints(
                    HistogramDataPoint.newBuilder().setTimeUnixNano(time(r)).setCount(r.nextLong() >>> 1)
                            .setSum(r.nextGaussian()).setMin(-1.5).setMax(r.nextDouble())
                            .addBucketCounts(0).addBucketCounts(r.nextLong() >>> 1).addExplicitBounds(-0.0)
                            .setFlags(r.nextInt()).addAttributes(kv(r, 0))));
            case 3 -> m.setExponentialHistogram(ExponentialHistogram.newBuilder().setAggregationTemporality(t)
                    .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setTimeUnixNano(time(r))
                            .setScale(r.nextInt(20) - 10).setZeroCount(r.nextInt(5)).setZeroThreshold(1e-9)
                            .setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder()
                                    .setOffset(-r.nextInt(100)).addBucketCounts(3).addBucketCounts(Long.MAX_VALUE))
                            .setNegative(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(r.nextInt()))
                            .setCount(7)));
            default -> m.setSummary(Summary.newBuilder().addDataPoints(SummaryDataPoint.newBuilder()
                    .setTimeUnixNano(time(r)).setCount(2).setSum(Double.NaN)
                    .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.5).setValue(1))));
        }
        return m.build();
    }

    private static NumberDataPoint number(Random r) {
        NumberDataPoint.Builder p = NumberDataPoint.newBuilder().setTimeUnixNano(time(r))
                .setStartTimeUnixNano(r.nextBoolean() ? 0 : time(r)).setFlags(r.nextInt(2))
                .addAttributes(kv(r, 0)).addAttributes(kv(r, 0));
        double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE};
        switch (r.nextInt(3)) {
            case 0 -> p.setAsDouble(r.nextBoolean() ? specials[r.nextInt(specials.length)] : r.nextGaussian() * 1e6);
            case 1 -> p.setAsInt(r.nextBoolean() ? Long.MIN_VALUE : r.nextLong() >> r.nextInt(64));
            default -> { }
        }
        if (r.nextInt(4) == 0) {
            p.addExemplars(Exemplar.newBuilder().setTimeUnixNano(time(r)).setAsDouble(1.25)
                    .addFilteredAttributes(kv(r, 0)));
        }
        return p.build();
    }

    private static long time(Random r) {
        return r.nextBoolean() ? 1_764_914_000_123_456_789L + r.nextInt() : r.nextLong();
    }

    private static KeyValue kv(Random r, int depth) {
        AnyValue.Builder v = AnyValue.newBuilder();
        switch (depth > 2 ? r.nextInt(5) : r.nextInt(7)) {
            case 0 -> v.setStringValue(r.nextBoolean() ? "GET" : "ä€😀\u07ff\u0800\uffff" + r.nextInt());
            case 1 -> v.setIntValue(r.nextLong() >> r.nextInt(64));
            case 2 -> v.setDoubleValue(r.nextGaussian());
            case 3 -> v.setBoolValue(r.nextBoolean());
            case 4 -> v.setBytesValue(ByteString.copyFrom(new byte[] {0, (byte) 0xff, (byte) r.nextInt()}));
            case 5 -> v.setArrayValue(ArrayValue.newBuilder().addValues(kv(r, depth + 1).getValue())
                    .addValues(AnyValue.newBuilder().setStringValue("")));
            default -> v.setKvlistValue(KeyValueList.newBuilder().addValues(kv(r, depth + 1)));
        }
        return KeyValue.newBuilder().setKey("k" + r.nextInt(5)).setValue(v).build();
    }
}
