package io.github.otelflink.connectors.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import io.github.otelflink.connectors.RequestMetadata;
import io.github.otelflink.connectors.UndecodedRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.Map;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link OtlpWireScan}: what it takes, what it leaves to protobuf-java, and that it never takes what protobuf-java refuses. */
class OtlpWireScanTest {

    @Test
    void countsThePointsOfGaugesAndSums() {
        ExportMetricsServiceRequest request = request(gauge("a", 3), sum("b", 2), gauge("c", 0));
        assertThat(scan(request.toByteArray())).isEqualTo(5).isEqualTo(OtlpMetricsValidator.countDataPoints(request));
        assertThat(scan(new byte[0])).isZero();
    }

    @Test
    void leavesHistogramsSummariesAndUnusablePointsToTheDecodedPath() {
        Metric summary = Metric.newBuilder().setName("s").setSummary(Summary.newBuilder()
                .addDataPoints(io.opentelemetry.proto.metrics.v1.SummaryDataPoint.newBuilder().setCount(1))).build();
        assertThat(scan(request(gauge("a", 1), summary).toByteArray())).isEqualTo(OtlpWireScan.NOT_SCANNED);

        Metric noValue = Metric.newBuilder().setName("n").setGauge(Gauge.newBuilder()
                .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(1))).build();
        assertThat(scan(request(noValue).toByteArray())).isEqualTo(OtlpWireScan.NOT_SCANNED);
        Metric stale = Metric.newBuilder().setName("n").setGauge(Gauge.newBuilder()
                .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(1).setFlags(1))).build();
        assertThat(scan(request(stale).toByteArray())).isEqualTo(1);
    }

    @Test
    void leavesInternalFieldsAClientWroteToTheDecodedPath() {
        ExportMetricsServiceRequest metadata = RequestMetadata.replace(request(gauge("a", 1)), Map.of("k", List.of("v")));
        assertThat(scan(metadata.toByteArray())).isEqualTo(OtlpWireScan.NOT_SCANNED);
        ExportMetricsServiceRequest body = UndecodedRequest.wrap(request(gauge("a", 1)).toByteArray(), 1);
        assertThat(scan(body.toByteArray())).isEqualTo(OtlpWireScan.NOT_SCANNED);
    }

    @Test
    void skipsFieldsUnknownToThisOtlpVersion() {
        NumberDataPoint point = NumberDataPoint.newBuilder().setAsDouble(1).setTimeUnixNano(1)
                .setUnknownFields(UnknownFieldSet.newBuilder().addField(99, UnknownFieldSet.Field.newBuilder()
                        .addLengthDelimited(ByteString.copyFrom(new byte[] {(byte) 0xff})).build()).build())
                .build();
        Metric m = Metric.newBuilder().setName("x").setGauge(Gauge.newBuilder().addDataPoints(point)).build();
        assertThat(scan(request(m).toByteArray())).isEqualTo(1);
    }

    @Test
    void refusesInvalidUtf8AsProtobufJavaDoes() {
        byte[] body = request(gauge("a", 1)).toByteArray();
        int at = indexOf(body, "key0".getBytes());
        body[at] = (byte) 0xc0; // an overlong start byte
        assertThatThrownBy(() -> ExportMetricsServiceRequest.parseFrom(body)).isInstanceOf(InvalidProtocolBufferException.class);
        assertThat(scan(body)).isEqualTo(OtlpWireScan.NOT_SCANNED);
        assertThat(OtlpWireScan.isValidUtf8("ü €".getBytes(java.nio.charset.StandardCharsets.UTF_8), 0, 6)).isTrue();
        assertThat(OtlpWireScan.isValidUtf8(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, 0, 3)).isFalse(); // a surrogate
    }

    /** The UTF-8 check agrees with protobuf-java's on slices of every length, ASCII runs and all. */
    @Test
    void utf8CheckAgreesWithProtobufJava() {
        Random random = new Random(5);
        for (int round = 0; round < 50_000; round++) {
            byte[] b = new byte[1 + random.nextInt(40)];
            for (int i = 0; i < b.length; i++) {
                // Mostly ASCII, so that the eight-byte steps run; now and then any byte at all.
                b[i] = random.nextInt(12) == 0 ? (byte) random.nextInt(256) : (byte) ('a' + random.nextInt(26));
            }
            int from = random.nextInt(b.length);
            int to = from + random.nextInt(b.length - from + 1);
            assertThat(OtlpWireScan.isValidUtf8(b, from, to)).as("round %d", round)
                    .isEqualTo(com.google.protobuf.ByteString.copyFrom(b, from, to - from).isValidUtf8());
        }
    }

    /**
     * The property the ingress relies on: whatever the scan takes, protobuf-java decodes, with the
     * points the scan counted. Bodies are damaged at random: bytes changed, cut, repeated.
     */
    @Test
    void whatTheScanTakesProtobufJavaDecodes() {
        Random random = new Random(42);
        byte[] valid = request(gauge("a", 3), sum("b", 2), withExemplarAndArrays()).toByteArray();
        int taken = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] body = damage(valid, random);
            long points = scan(body);
            if (points == OtlpWireScan.NOT_SCANNED) {
                continue;
            }
            taken++;
            ExportMetricsServiceRequest decoded;
            try {
                decoded = ExportMetricsServiceRequest.parseFrom(body);
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError("scanned but does not decode: " + e.getMessage() + " " + java.util.Arrays.toString(body));
            }
            assertThat(points).isEqualTo(OtlpMetricsValidator.countDataPoints(decoded));
            assertThat(OtlpMetricsValidator.validate(decoded).rejectedPoints()).isZero();
        }
        assertThat(taken).as("some damaged bodies still scan").isGreaterThan(100);
    }

    private static byte[] damage(byte[] valid, Random random) {
        byte[] body = valid.clone();
        switch (random.nextInt(3)) {
            case 0:
                for (int n = 1 + random.nextInt(2); n > 0; n--) {
                    body[random.nextInt(body.length)] = (byte) random.nextInt(256);
                }
                return body;
            case 1:
                return java.util.Arrays.copyOf(body, random.nextInt(body.length));
            default:
                int from = random.nextInt(body.length);
                int to = from + random.nextInt(body.length - from);
                byte[] twice = java.util.Arrays.copyOf(body, body.length + to - from);
                System.arraycopy(body, from, twice, body.length, to - from);
                return twice;
        }
    }

    private static Metric withExemplarAndArrays() {
        return Metric.newBuilder().setName("e").setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder()
                .setAsInt(3).setTimeUnixNano(5)
                .addAttributes(KeyValue.newBuilder().setKey("arr").setValue(AnyValue.newBuilder().setArrayValue(
                        ArrayValue.newBuilder().addValues(AnyValue.newBuilder().setStringValue("x")))))
                .addExemplars(Exemplar.newBuilder().setAsDouble(1).setSpanId(ByteString.copyFrom(new byte[8]))))).build();
    }

    private static long scan(byte[] body) {
        return OtlpWireScan.points(body, 0, body.length);
    }

    private static ExportMetricsServiceRequest request(Metric... metrics) {
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue("svc"))))
                .addScopeMetrics(ScopeMetrics.newBuilder().addAllMetrics(List.of(metrics)))).build();
    }

    private static Metric gauge(String name, int points) {
        Gauge.Builder g = Gauge.newBuilder();
        for (int i = 0; i < points; i++) {
            g.addDataPoints(point(i));
        }
        return Metric.newBuilder().setName(name).setGauge(g).build();
    }

    private static Metric sum(String name, int points) {
        Sum.Builder s = Sum.newBuilder().setIsMonotonic(true).setAggregationTemporalityValue(2);
        for (int i = 0; i < points; i++) {
            s.addDataPoints(point(i));
        }
        return Metric.newBuilder().setName(name).setSum(s).build();
    }

    private static NumberDataPoint point(int i) {
        return NumberDataPoint.newBuilder().setTimeUnixNano(1_000 + i).setAsDouble(i)
                .addAttributes(KeyValue.newBuilder().setKey("key" + i).setValue(AnyValue.newBuilder().setStringValue("v"))).build();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
