package io.github.otelflink.connectors.kafka;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;

import java.nio.charset.StandardCharsets;

/** Export requests as an application's SDK would send them, each identified by a sequence number. */
final class OtlpTestRequests {
    /** Data points in every request made here. */
    static final int POINTS_PER_REQUEST = 3;
    static final long TIME_NANOS = 1_700_000_000_000_000_000L;

    private OtlpTestRequests() {}

    /** A request with a gauge (two points) and a cumulative counter (one point), tagged {@code seq}. */
    static ExportMetricsServiceRequest request(int seq) {
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder()
                        .setResource(Resource.newBuilder()
                                .addAttributes(attr("service.name", "checkout"))
                                .addAttributes(attr("seq", Integer.toString(seq))))
                        .addScopeMetrics(ScopeMetrics.newBuilder()
                                .setScope(InstrumentationScope.newBuilder().setName("test").setVersion("1.0"))
                                .addMetrics(Metric.newBuilder()
                                        .setName("queue_depth")
                                        .setUnit("1")
                                        .setGauge(Gauge.newBuilder()
                                                .addDataPoints(point(seq, seq + 0.5).addAttributes(attr("queue", "a")))
                                                .addDataPoints(point(seq, seq + 0.25).addAttributes(attr("queue", "b")))))
                                .addMetrics(Metric.newBuilder()
                                        .setName("requests")
                                        .setSum(Sum.newBuilder()
                                                .setIsMonotonic(true)
                                                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                                                .addDataPoints(NumberDataPoint.newBuilder()
                                                        .setStartTimeUnixNano(TIME_NANOS)
                                                        .setTimeUnixNano(TIME_NANOS + seq)
                                                        .setAsInt(seq))))))
                .build();
    }

    /** The same request in OTLP/JSON, as the Collector's {@code otlp_json} marshaler writes it. */
    static byte[] json(int seq) {
        String t = Long.toString(TIME_NANOS + seq);
        String json = "{\"resourceMetrics\":[{\"resource\":{\"attributes\":["
                + "{\"key\":\"service.name\",\"value\":{\"stringValue\":\"checkout\"}},"
                + "{\"key\":\"seq\",\"value\":{\"stringValue\":\"" + seq + "\"}}]},"
                + "\"scopeMetrics\":[{\"scope\":{\"name\":\"test\",\"version\":\"1.0\"},\"metrics\":["
                + "{\"name\":\"queue_depth\",\"unit\":\"1\",\"gauge\":{\"dataPoints\":["
                + "{\"attributes\":[{\"key\":\"queue\",\"value\":{\"stringValue\":\"a\"}}],\"timeUnixNano\":\"" + t
                + "\",\"asDouble\":" + (seq + 0.5) + "},"
                + "{\"attributes\":[{\"key\":\"queue\",\"value\":{\"stringValue\":\"b\"}}],\"timeUnixNano\":\"" + t
                + "\",\"asDouble\":" + (seq + 0.25) + "}]}},"
                + "{\"name\":\"requests\",\"sum\":{\"dataPoints\":[{\"startTimeUnixNano\":\"" + TIME_NANOS
                + "\",\"timeUnixNano\":\"" + t + "\",\"asInt\":\"" + seq + "\"}],"
                + "\"aggregationTemporality\":2,\"isMonotonic\":true}}]}]}]}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** The {@code seq} resource attribute of a request made here. */
    static int seq(ExportMetricsServiceRequest request) {
        for (KeyValue kv : request.getResourceMetrics(0).getResource().getAttributesList()) {
            if (kv.getKey().equals("seq")) {
                return Integer.parseInt(kv.getValue().getStringValue());
            }
        }
        throw new IllegalArgumentException("no seq attribute");
    }

    /** Bytes no protobuf parser accepts: a length-delimited field 1 that claims more bytes than follow. */
    static byte[] malformedProtobuf() {
        return new byte[] {0x0A, 0x7F, 0x0A, 0x01};
    }

    private static NumberDataPoint.Builder point(int seq, double value) {
        return NumberDataPoint.newBuilder().setTimeUnixNano(TIME_NANOS + seq).setAsDouble(value);
    }

    private static KeyValue attr(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }
}
