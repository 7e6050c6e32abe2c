package io.github.otelflink.connectors.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
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
import io.opentelemetry.proto.resource.v1.Resource;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class OtlpMetricsDecoderTest {

    private static final long T = 1_700_000_000_123_456_789L;

    @Test
    void decodesTheBlueprintCounterPayload() throws Exception {
        ExportMetricsServiceRequest request = OtlpMetricsDecoder.decodeJson(
                BlueprintPayloads.counter("http_requests_total", 42, T, BlueprintPayloads.HTTP_LABELS));

        ResourceMetrics resourceMetrics = request.getResourceMetrics(0);
        assertThat(resourceMetrics.getResource().getAttributesList())
                .containsExactly(stringAttribute("service.name", "metrics-generator"),
                        stringAttribute("host.name", "metrics-generator-7d4b9c-x2x9q"));
        Metric metric = resourceMetrics.getScopeMetrics(0).getMetrics(0);
        assertThat(metric.getName()).isEqualTo("http_requests_total");
        assertThat(metric.getUnit()).isEqualTo("1");
        assertThat(metric.getSum().getAggregationTemporality())
                .isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
        assertThat(metric.getSum().getIsMonotonic()).isTrue();
        NumberDataPoint point = metric.getSum().getDataPoints(0);
        assertThat(point.getTimeUnixNano()).isEqualTo(T);
        assertThat(point.getAsInt()).isEqualTo(42);
        assertThat(point.getAttributesList())
                .containsExactly(stringAttribute("method", "GET"), stringAttribute("status_code", "200"));
    }

    @Test
    void decodesTheBlueprintGaugePayload() throws Exception {
        ExportMetricsServiceRequest request = OtlpMetricsDecoder.decodeJson(
                BlueprintPayloads.gauge("cpu_usage_percent", "42.17", T, BlueprintPayloads.CPU_LABELS));

        Metric metric = request.getResourceMetrics(0).getScopeMetrics(0).getMetrics(0);
        assertThat(metric.getGauge().getDataPoints(0).getAsDouble()).isEqualTo(42.17);
        assertThat(metric.getGauge().getDataPoints(0).getTimeUnixNano()).isEqualTo(T);
    }

    @Test
    void decodesEveryBlueprintBatchPayload() throws Exception {
        for (byte[] payload : BlueprintPayloads.batch(3, T)) {
            assertThat(OtlpMetricsDecoder.decodeJson(payload).getResourceMetricsCount()).isEqualTo(1);
        }
    }

    @Test
    void protobufJsonOfEveryMetricTypeDecodesToTheSameMessage() throws Exception {
        ExportMetricsServiceRequest expected = everyMetricType();
        String json = JsonFormat.printer().print(expected);

        assertThat(OtlpMetricsDecoder.decodeJson(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
        assertThat(OtlpMetricsDecoder.decodeProtobuf(expected.toByteArray())).isEqualTo(expected);
    }

    @Test
    void readsTraceAndSpanIdsAsHex() throws Exception {
        String json = """
                {"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"m","gauge":{"dataPoints":[{
                  "asDouble": 1,
                  "exemplars":[{"asDouble": 2.5, "timeUnixNano": "5",
                     "traceId": "5B8EFFF798038103D269B633813FC60C", "spanId": "eee19b7ec3c1b174"}]}]}}]}]}]}""";

        Exemplar exemplar = firstPoint(OtlpMetricsDecoder.decodeJson(bytes(json))).getExemplars(0);

        assertThat(exemplar.getTraceId()).isEqualTo(ByteString.fromHex("5b8efff798038103d269b633813fc60c"));
        assertThat(exemplar.getSpanId()).isEqualTo(ByteString.fromHex("eee19b7ec3c1b174"));
        assertThat(exemplar.getAsDouble()).isEqualTo(2.5);
        assertThat(exemplar.getTimeUnixNano()).isEqualTo(5);
    }

    @Test
    void acceptsTheOtlpJsonVariants() throws Exception {
        String json = """
                {"resource_metrics":[{"scopeMetrics":[{"metrics":[
                  {"name":"a","gauge":{"dataPoints":[
                    {"asDouble":"NaN","timeUnixNano":1700000000123456789},
                    {"asDouble":"Infinity","flags":1},
                    {"asDouble":"-Infinity"},
                    {"asDouble":"1.5e3"},
                    {"asInt":-7},
                    {"asInt":"9223372036854775807","startTimeUnixNano":"18446744073709551615"},
                    {"asDouble":null,"attributes":null}]}},
                  {"name":"b","sum":{"aggregationTemporality":"AGGREGATION_TEMPORALITY_DELTA","isMonotonic":"true",
                    "dataPoints":[]}},
                  {"name":"c","sum":{"aggregationTemporality":7}},
                  {"name":"d","histogram":{"dataPoints":[{"count":3,"bucketCounts":["1",2],"explicitBounds":[1.5]}]}}
                ]}]}]}""";

        ExportMetricsServiceRequest request = OtlpMetricsDecoder.decodeJson(bytes(json));

        ScopeMetrics scope = request.getResourceMetrics(0).getScopeMetrics(0);
        var points = scope.getMetrics(0).getGauge().getDataPointsList();
        assertThat(points.get(0).getAsDouble()).isNaN();
        assertThat(points.get(0).getTimeUnixNano()).isEqualTo(T);
        assertThat(points.get(1).getAsDouble()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(points.get(1).getFlags()).isEqualTo(1);
        assertThat(points.get(2).getAsDouble()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(points.get(3).getAsDouble()).isEqualTo(1500.0);
        assertThat(points.get(4).getAsInt()).isEqualTo(-7);
        assertThat(points.get(5).getAsInt()).isEqualTo(Long.MAX_VALUE);
        assertThat(points.get(5).getStartTimeUnixNano()).isEqualTo(-1L); // 2^64-1 as unsigned
        assertThat(points.get(6).getValueCase()).isEqualTo(NumberDataPoint.ValueCase.VALUE_NOT_SET);
        assertThat(scope.getMetrics(1).getSum().getAggregationTemporality())
                .isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA);
        assertThat(scope.getMetrics(1).getSum().getIsMonotonic()).isTrue();
        assertThat(scope.getMetrics(2).getSum().getAggregationTemporalityValue()).isEqualTo(7);
        assertThat(scope.getMetrics(3).getHistogram().getDataPoints(0).getBucketCountsList()).containsExactly(1L, 2L);
    }

    @Test
    void ignoresUnknownFields() throws Exception {
        String json = """
                {"resourceMetrics":[{"futureField":{"a":[1,{"b":null}]},"scopeMetrics":[{"metrics":[
                  {"name":"a","newType":{"x":1},"gauge":{"dataPoints":[{"asDouble":1,"novel":"yes"}]}}]}]}],
                 "extra":[true,false]}""";

        assertThat(firstPoint(OtlpMetricsDecoder.decodeJson(bytes(json))).getAsDouble()).isEqualTo(1.0);
    }

    @Test
    void emptyRequestsAreValid() throws Exception {
        assertThat(OtlpMetricsDecoder.decodeJson(bytes("{\"resourceMetrics\":[]}")))
                .isEqualTo(ExportMetricsServiceRequest.getDefaultInstance());
        assertThat(OtlpMetricsDecoder.decodeJson(bytes("{}"))).isEqualTo(ExportMetricsServiceRequest.getDefaultInstance());
        assertThat(OtlpMetricsDecoder.decodeProtobuf(new byte[0])).isEqualTo(ExportMetricsServiceRequest.getDefaultInstance());
    }

    @Test
    void namesTheFieldOfAValueThatIsNotANumber() {
        String json = """
                {"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"ok","gauge":{"dataPoints":[{"asDouble":1}]}}]},
                  {"metrics":[{"name":"bad","gauge":{"dataPoints":[{"asDouble":1},{"asDouble":2},{"asDouble":"abc"}]}}]}]}]}""";

        assertThatThrownBy(() -> OtlpMetricsDecoder.decodeJson(bytes(json)))
                .isInstanceOf(MalformedOtlpException.class)
                .hasMessage("resourceMetrics[0].scopeMetrics[1].metrics[0].gauge.dataPoints[2].asDouble:"
                        + " expected a number, got \"abc\" (line 2, column 94)");
    }

    @Test
    void namesTheProblemOfEachMalformedValue() {
        assertMalformed("{\"resourceMetrics\":{}}", "resourceMetrics: expected an array, got an object");
        assertMalformed("{\"resourceMetrics\":[1]}", "resourceMetrics[0]: expected an object, got 1");
        assertMalformed("{\"resourceMetrics\":[null]}", "resourceMetrics[0]: null is not allowed in an array");
        assertMalformed(gaugePoint("\"timeUnixNano\":\"1.5\""),
                "timeUnixNano: expected an unsigned 64-bit integer, got \"1.5\" (not a whole number)");
        assertMalformed(gaugePoint("\"timeUnixNano\":-1"),
                "timeUnixNano: expected an unsigned 64-bit integer, got -1 (out of range)");
        assertMalformed(gaugePoint("\"timeUnixNano\":\"18446744073709551616\""), "(out of range)");
        assertMalformed(gaugePoint("\"timeUnixNano\":\"1e999999999\""), "(out of range)");
        assertMalformed(gaugePoint("\"asInt\":\"0x10\""), "asInt: expected a 64-bit integer, got \"0x10\"");
        assertMalformed(gaugePoint("\"asDouble\":\"1.0d\""), "asDouble: expected a number, got \"1.0d\"");
        assertMalformed(gaugePoint("\"asDouble\":true"), "asDouble: expected a number, got true");
        assertMalformed(gaugePoint("\"flags\":4294967296"), "flags: expected an unsigned 32-bit integer");
        assertMalformed(gaugePoint("\"exemplars\":[{\"traceId\":\"W47/95gDgQPSabYzgT/GDA==\"}]"),
                "exemplars[0].traceId: expected 32 hex digits, got \"W47/95gDgQPSabYzgT/GDA==\"");
        assertMalformed(gaugePoint("\"exemplars\":[{\"spanId\":\"zz\"}]"), "exemplars[0].spanId: expected 16 hex digits");
        assertMalformed("{\"resourceMetrics\":[{\"resource\":{\"attributes\":[{\"key\":\"k\",\"value\":"
                + "{\"bytesValue\":\"not base64!\"}}]}}]}",
                "resourceMetrics[0].resource.attributes[0].value.bytesValue: expected base64");
        assertMalformed("{\"resourceMetrics\":[{\"schemaUrl\":5}]}", "resourceMetrics[0].schemaUrl: expected a string, got 5");
    }

    @Test
    void reportsJsonSyntaxErrorsWithPathAndPosition() {
        assertMalformed("", "empty body: expected a JSON object");
        assertMalformed("[]", "expected a JSON object, got an array");
        assertMalformed("{} {}", "unexpected an object after the top-level object");
        assertMalformed("{\"resourceMetrics\":[{\"scopeMetrics\":[}]}",
                "resourceMetrics[0].scopeMetrics: invalid JSON: Unexpected close marker '}'");
        assertMalformed("{\"resourceMetrics\":[{\"scopeMetrics\":[]}]", "invalid JSON: Unexpected end-of-input");
        // The blueprint generator's bc prints values below 1 as ".34", which JSON does not allow.
        assertThatThrownBy(() -> OtlpMetricsDecoder.decodeJson(
                        BlueprintPayloads.gauge("cpu_usage_percent", ".34", T, BlueprintPayloads.CPU_LABELS)))
                .hasMessageStartingWith("resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[0].asDouble:"
                        + " invalid JSON: Unexpected character ('.'")
                .hasMessageContaining("(line 19, column 25)");
    }

    @Test
    void reportsInvalidUtf8InsteadOfReplacingIt() {
        byte[] invalidByte = bytes("{\"resourceMetrics\":[{\"schemaUrl\":\"a?b\"}]}");
        invalidByte[indexOf(invalidByte, (byte) '?')] = (byte) 0xff;
        assertThatThrownBy(() -> OtlpMetricsDecoder.decodeJson(invalidByte))
                .isInstanceOf(MalformedOtlpException.class)
                .hasMessageContaining("resourceMetrics[0].schemaUrl: invalid JSON: Invalid UTF-8 start byte 0xff");

        byte[] truncatedSequence = bytes("{\"resourceMetrics\":[{\"schemaUrl\":\"a??\"}]}");
        truncatedSequence[indexOf(truncatedSequence, (byte) '?')] = (byte) 0xe2;
        truncatedSequence[indexOf(truncatedSequence, (byte) '?')] = (byte) 0x82;
        assertThatThrownBy(() -> OtlpMetricsDecoder.decodeJson(truncatedSequence))
                .hasMessageContaining("resourceMetrics[0].schemaUrl: invalid JSON: Invalid UTF-8");

        byte[] encodedSurrogate = bytes("{\"resourceMetrics\":[{\"schemaUrl\":\"a???\"}]}");
        encodedSurrogate[indexOf(encodedSurrogate, (byte) '?')] = (byte) 0xed;
        encodedSurrogate[indexOf(encodedSurrogate, (byte) '?')] = (byte) 0xa0;
        encodedSurrogate[indexOf(encodedSurrogate, (byte) '?')] = (byte) 0x80;
        assertThatThrownBy(() -> OtlpMetricsDecoder.decodeJson(encodedSurrogate))
                .hasMessageContaining("resourceMetrics[0].schemaUrl: invalid UTF-8");

        assertMalformed("{\"resourceMetrics\":[{\"schemaUrl\":\"a\\ud800b\"}]}",
                "resourceMetrics[0].schemaUrl: invalid UTF-8: the string has an unpaired surrogate \\ud800 at character 1");
    }

    @Test
    void reportsMalformedProtobufWithReasonAndOffset() {
        byte[] valid = everyMetricType().toByteArray();
        byte[] truncated = Arrays.copyOf(valid, valid.length - 3);
        assertThatThrownBy(() -> OtlpMetricsDecoder.decodeProtobuf(truncated))
                .isInstanceOf(MalformedOtlpException.class)
                .hasMessageStartingWith("invalid protobuf ExportMetricsServiceRequest: While parsing a protocol message,"
                        + " the input ended unexpectedly")
                .hasMessageEndingWith(" of " + truncated.length + ")");

        assertThatThrownBy(() -> OtlpMetricsDecoder.decodeProtobuf(bytes("{\"resourceMetrics\":[]}")))
                .isInstanceOf(MalformedOtlpException.class)
                .hasMessageStartingWith("invalid protobuf ExportMetricsServiceRequest: ");
    }

    @Test
    void reportsInvalidUtf8InProtobufStrings() {
        ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder().setSchemaUrl("a#b"))
                .build();
        byte[] bytes = request.toByteArray();
        bytes[indexOf(bytes, (byte) '#')] = (byte) 0xc0; // a lone lead byte

        assertThatThrownBy(() -> OtlpMetricsDecoder.decodeProtobuf(bytes))
                .isInstanceOf(MalformedOtlpException.class)
                .hasMessageContaining("invalid UTF-8");
    }

    static ExportMetricsServiceRequest everyMetricType() {
        KeyValue nested = KeyValue.newBuilder().setKey("nested").setValue(AnyValue.newBuilder()
                .setKvlistValue(KeyValueList.newBuilder()
                        .addValues(KeyValue.newBuilder().setKey("list").setValue(AnyValue.newBuilder()
                                .setArrayValue(ArrayValue.newBuilder()
                                        .addValues(AnyValue.newBuilder().setBoolValue(true))
                                        .addValues(AnyValue.newBuilder().setIntValue(-3))
                                        .addValues(AnyValue.newBuilder().setDoubleValue(0.25))
                                        .addValues(AnyValue.newBuilder().setBytesValue(ByteString.copyFromUtf8("raw"))))))))
                .build();
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder()
                        .setResource(Resource.newBuilder()
                                .addAttributes(stringAttribute("service.name", "checkout ✓"))
                                .addAttributes(nested)
                                .setDroppedAttributesCount(2))
                        .setSchemaUrl("https://opentelemetry.io/schemas/1.21.0")
                        .addScopeMetrics(ScopeMetrics.newBuilder()
                                .setScope(InstrumentationScope.newBuilder().setName("io.test").setVersion("1.0"))
                                .addMetrics(Metric.newBuilder().setName("g").setUnit("ms").setDescription("a gauge")
                                        .setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder()
                                                .setTimeUnixNano(T).setAsDouble(-0.5)
                                                .addAttributes(stringAttribute("k", "v")))))
                                .addMetrics(Metric.newBuilder().setName("s")
                                        .setSum(Sum.newBuilder().setIsMonotonic(true)
                                                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                                                .addDataPoints(NumberDataPoint.newBuilder()
                                                        .setStartTimeUnixNano(T - 1000).setTimeUnixNano(T)
                                                        .setAsInt(Long.MIN_VALUE).setFlags(1))))
                                .addMetrics(Metric.newBuilder().setName("h")
                                        .setHistogram(Histogram.newBuilder()
                                                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                                                .addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(T)
                                                        .setCount(6).setSum(12.5).setMin(0.5).setMax(9)
                                                        .addAllExplicitBounds(Arrays.asList(1.0, 5.0))
                                                        .addAllBucketCounts(Arrays.asList(1L, 2L, 3L))
                                                        .addExemplars(Exemplar.newBuilder().setAsInt(3).setTimeUnixNano(T)))))
                                .addMetrics(Metric.newBuilder().setName("e")
                                        .setExponentialHistogram(ExponentialHistogram.newBuilder()
                                                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                                                .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setTimeUnixNano(T)
                                                        .setCount(5).setSum(3).setScale(-2).setZeroCount(1).setZeroThreshold(1e-9)
                                                        .setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder()
                                                                .setOffset(-3).addBucketCounts(4))
                                                        .setNegative(ExponentialHistogramDataPoint.Buckets.newBuilder()
                                                                .setOffset(2).addBucketCounts(0)))))
                                .addMetrics(Metric.newBuilder().setName("q")
                                        .setSummary(Summary.newBuilder().addDataPoints(SummaryDataPoint.newBuilder()
                                                .setTimeUnixNano(T).setCount(4).setSum(10)
                                                .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder()
                                                        .setQuantile(0.99).setValue(Double.NaN)))))))
                .build();
    }

    private static void assertMalformed(String json, String expectedMessagePart) {
        assertThatThrownBy(() -> OtlpMetricsDecoder.decodeJson(bytes(json)))
                .isInstanceOf(MalformedOtlpException.class)
                .hasMessageContaining(expectedMessagePart);
    }

    private static String gaugePoint(String fields) {
        return "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\"m\",\"gauge\":{\"dataPoints\":[{"
                + fields + "}]}}]}]}]}";
    }

    private static NumberDataPoint firstPoint(ExportMetricsServiceRequest request) {
        return request.getResourceMetrics(0).getScopeMetrics(0).getMetrics(0).getGauge().getDataPoints(0);
    }

    private static KeyValue stringAttribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new IllegalArgumentException("no " + b);
    }
}
