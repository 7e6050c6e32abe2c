package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.connectors.decode.OtlpMetricsValidator;
import io.github.otelflink.connectors.decode.OtlpWireScan;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The translator reading request bytes ({@link WireRequestTranslator}) against the translator
 * reading protobuf-java objects, which is the reference: random gauge and sum requests (keys that
 * collide once sanitized, non-string values, stale points, int values, exemplars, metadata,
 * temporalities, several resources), under every translation setting that changes labels, must
 * give the same series in the same order and the same drop counts.
 */
public class WireRequestTranslatorTest {

    static List<TranslationConfig> configs() {
        TranslationConfig d = TranslationConfig.defaults();
        return List.of(d,
                d.withResourceToTelemetryConversion(true),
                d.withNamespace("ns").withExternalLabels(Map.of("cluster", "c1", "job", "ext", "a.b", "x"))
                        .withSendMetadata(true),
                d.withTargetInfoEnabled(false).withAddMetricSuffixes(false),
                d.withUtf8Names(true).withSendMetadata(true));
    }

    @ParameterizedTest
    @MethodSource("configs")
    void bytesTranslateAsObjectsDo(TranslationConfig config) throws Exception {
        for (TenantSource tenants : new TenantSource[] {null, new TenantSource("tenant.id", "dflt", false)}) {
            OtlpTranslator objects = new OtlpTranslator(config, tenants);
            OtlpTranslator bytes = new OtlpTranslator(config, tenants);
            for (int seed = 0; seed < 300; seed++) {
                ExportMetricsServiceRequest request = randomRequest(new Random(seed));
                byte[] body = request.toByteArray();
                assertThat(OtlpWireScan.points(body, 0, body.length))
                        .as("seed %d", seed).isEqualTo(OtlpMetricsValidator.countDataPoints(request));
                // Reused translators: the key caches carry from one request to the next.
                List<String> expected = new ArrayList<>();
                for (ResourceMetrics rm : request.getResourceMetricsList()) {
                    objects.translate(rm, (series, delta) -> expected.add(text(series, delta)));
                }
                List<String> actual = new ArrayList<>();
                bytes.translate(body, 0, body.length, (series, delta) -> actual.add(text(series, delta)));
                assertThat(actual).as("seed %d, request %s", seed, request).isEqualTo(expected);
                for (DropReason reason : DropReason.values()) {
                    assertThat(bytes.dropped(reason)).as("%s after seed %d", reason, seed)
                            .isEqualTo(objects.dropped(reason));
                }
            }
        }
    }

    @Test
    void readsFieldsInAnyOrder() throws Exception {
        // A resource after its scope metrics, a sum's temporality after its points: protobuf allows it.
        ExportMetricsServiceRequest request = randomRequest(new Random(7));
        ResourceMetrics rm = request.getResourceMetrics(0);
        var out = ByteString.newOutput();
        var coded = com.google.protobuf.CodedOutputStream.newInstance(out);
        for (ScopeMetrics sm : rm.getScopeMetricsList()) {
            coded.writeMessage(ResourceMetrics.SCOPE_METRICS_FIELD_NUMBER, sm);
        }
        coded.writeMessage(ResourceMetrics.RESOURCE_FIELD_NUMBER, rm.getResource());
        coded.flush();
        ByteString resourceMetrics = out.toByteString();
        var body = ByteString.newOutput();
        var request2 = com.google.protobuf.CodedOutputStream.newInstance(body);
        request2.writeBytes(ExportMetricsServiceRequest.RESOURCE_METRICS_FIELD_NUMBER, resourceMetrics);
        request2.flush();
        byte[] bytes = body.toByteString().toByteArray();
        assertThat(ExportMetricsServiceRequest.parseFrom(bytes).getResourceMetrics(0)).isEqualTo(rm);

        List<String> expected = new ArrayList<>();
        new OtlpTranslator(TranslationConfig.defaults()).translate(rm, (s, d) -> expected.add(text(s, d)));
        List<String> actual = new ArrayList<>();
        new OtlpTranslator(TranslationConfig.defaults()).translate(bytes, 0, bytes.length, (s, d) -> actual.add(text(s, d)));
        assertThat(expected).isNotEmpty();
        assertThat(actual).isEqualTo(expected);
    }

    private static String text(TimeSeries series, boolean delta) {
        StringBuilder sb = new StringBuilder(new Emitted(series, delta).line());
        for (int i = 0; i < series.sampleCount(); i++) {
            sb.append(" start=").append(series.startTimestamp(i))
                    .append(" bits=").append(Double.doubleToRawLongBits(series.value(i)));
        }
        return sb.toString();
    }

    private static final String[] KEYS = {"http.method", "http_method", "a.b", "a_b", "host", "le", "job", "instance",
        "service.name", "service.namespace", "service.instance.id", "tenant.id", "", "__", "_x", "9lives", "ünïcode",
        "__name__", "k-dash", "quantile"};
    private static final String[] NAMES = {"requests", "http.server.duration", "mem_usage", "", "__", "cpu.time",
        "queue-size", "ratio"};
    private static final String[] UNITS = {"", "ms", "By", "1", "{requests}", "s", "By/s", "%"};

    public static ExportMetricsServiceRequest randomRequest(Random r) {
        ExportMetricsServiceRequest.Builder request = ExportMetricsServiceRequest.newBuilder();
        int resources = 1 + r.nextInt(3);
        for (int i = 0; i < resources; i++) {
            ResourceMetrics.Builder rm = request.addResourceMetricsBuilder();
            if (r.nextInt(5) > 0) {
                Resource.Builder resource = rm.getResourceBuilder();
                for (int a = r.nextInt(6); a > 0; a--) {
                    resource.addAttributes(attribute(r));
                }
            }
            for (int s = 1 + r.nextInt(2); s > 0; s--) {
                ScopeMetrics.Builder sm = rm.addScopeMetricsBuilder();
                if (r.nextBoolean()) {
                    sm.setScope(InstrumentationScope.newBuilder().setName("scope").setVersion("1.0")
                            .addAttributes(attribute(r)));
                }
                for (int m = 1 + r.nextInt(4); m > 0; m--) {
                    sm.addMetrics(metric(r));
                }
            }
        }
        return request.build();
    }

    private static Metric metric(Random r) {
        Metric.Builder m = Metric.newBuilder().setName(NAMES[r.nextInt(NAMES.length)])
                .setUnit(UNITS[r.nextInt(UNITS.length)]);
        if (r.nextBoolean()) {
            m.setDescription("what it measures");
        }
        if (r.nextInt(4) == 0) {
            m.addMetadata(KeyValue.newBuilder().setKey("prometheus.type")
                    .setValue(AnyValue.newBuilder().setStringValue(r.nextBoolean() ? "unknown" : "info")));
        }
        List<NumberDataPoint> points = new ArrayList<>();
        // Points of a metric share their keys, in the same order or not.
        List<KeyValue> shared = new ArrayList<>();
        for (int a = r.nextInt(5); a > 0; a--) {
            shared.add(attribute(r));
        }
        for (int p = r.nextInt(6); p > 0; p--) {
            points.add(point(r, shared));
        }
        switch (r.nextInt(5)) {
            case 0:
                break; // no data
            case 1:
            case 2:
                m.setGauge(Gauge.newBuilder().addAllDataPoints(points));
                break;
            default:
                m.setSum(Sum.newBuilder().addAllDataPoints(points).setIsMonotonic(r.nextBoolean())
                        .setAggregationTemporalityValue(r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(2)));
        }
        return m.build();
    }

    private static NumberDataPoint point(Random r, List<KeyValue> shared) {
        NumberDataPoint.Builder p = NumberDataPoint.newBuilder()
                .setTimeUnixNano(1_767_225_600_000_000_000L + r.nextInt(1_000_000) * 1_000_000L)
                .setStartTimeUnixNano(r.nextBoolean() ? 0 : 1_767_225_500_000_000_000L + r.nextInt(1_000_000) * 1_000_000L);
        List<KeyValue> attributes = new ArrayList<>();
        for (KeyValue kv : shared) {
            attributes.add(r.nextInt(4) == 0 ? attribute(r) : kv.toBuilder()
                    .setValue(AnyValue.newBuilder().setStringValue("v" + r.nextInt(3))).build());
        }
        if (r.nextInt(5) == 0) {
            java.util.Collections.shuffle(attributes, r);
        }
        p.addAllAttributes(attributes);
        int kind = r.nextInt(6);
        if (kind == 0) {
            p.setFlags(1); // stale, maybe with a value too
            if (r.nextBoolean()) {
                p.setAsDouble(1.5);
            }
        } else if (kind == 1) {
            p.setAsInt(r.nextLong());
        } else {
            p.setAsDouble(r.nextGaussian() * 1000);
        }
        if (r.nextInt(6) == 0) {
            p.addExemplars(Exemplar.newBuilder().setAsDouble(0.25).setTimeUnixNano(p.getTimeUnixNano())
                    .setTraceId(ByteString.copyFrom(new byte[16])).setSpanId(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))
                    .addFilteredAttributes(KeyValue.newBuilder().setKey("user").setValue(AnyValue.newBuilder().setStringValue("u"))));
        }
        return p.build();
    }

    private static KeyValue attribute(Random r) {
        KeyValue.Builder kv = KeyValue.newBuilder().setKey(KEYS[r.nextInt(KEYS.length)]);
        switch (r.nextInt(9)) {
            case 0:
                kv.setValue(AnyValue.newBuilder().setIntValue(r.nextInt(100) - 50));
                break;
            case 1:
                kv.setValue(AnyValue.newBuilder().setBoolValue(r.nextBoolean()));
                break;
            case 2:
                kv.setValue(AnyValue.newBuilder().setDoubleValue(r.nextDouble()));
                break;
            case 3:
                kv.setValue(AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                        .addValues(AnyValue.newBuilder().setStringValue("x")).addValues(AnyValue.newBuilder().setIntValue(2))));
                break;
            case 4:
                kv.setValue(AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                        .addValues(KeyValue.newBuilder().setKey("k").setValue(AnyValue.newBuilder().setStringValue("v")))));
                break;
            case 5:
                kv.setValue(AnyValue.newBuilder().setBytesValue(ByteString.copyFromUtf8("bytes")));
                break;
            case 6:
                break; // no value
            case 7:
                kv.setValue(AnyValue.newBuilder().setStringValue(""));
                break;
            default:
                kv.setValue(AnyValue.newBuilder().setStringValue(r.nextBoolean() ? "t" + r.nextInt(3) : "ü" + r.nextInt(2)));
        }
        return kv.build();
    }
}
