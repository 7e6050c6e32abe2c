package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import com.google.protobuf.ByteString;
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

/** Builders for OTLP test data. */
final class Otlp {
    /** 2023-11-14T22:13:20Z in nanoseconds. */
    static final long T0 = 1_700_000_000_000_000_000L;
    static final long T0_MS = 1_700_000_000_000L;

    static final AggregationTemporality CUMULATIVE = AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
    static final AggregationTemporality DELTA = AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;

    private Otlp() {}

    static AnyValue value(Object v) {
        if (v instanceof AnyValue a) {
            return a;
        }
        if (v instanceof String s) {
            return AnyValue.newBuilder().setStringValue(s).build();
        }
        if (v instanceof Boolean b) {
            return AnyValue.newBuilder().setBoolValue(b).build();
        }
        if (v instanceof Integer || v instanceof Long) {
            return AnyValue.newBuilder().setIntValue(((Number) v).longValue()).build();
        }
        if (v instanceof Double d) {
            return AnyValue.newBuilder().setDoubleValue(d).build();
        }
        if (v instanceof byte[] b) {
            return AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(b)).build();
        }
        if (v instanceof List<?> list) {
            ArrayValue.Builder array = ArrayValue.newBuilder();
            for (Object o : list) {
                array.addValues(value(o));
            }
            return AnyValue.newBuilder().setArrayValue(array).build();
        }
        if (v instanceof Map<?, ?> map) {
            KeyValueList.Builder kv = KeyValueList.newBuilder();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                kv.addValues(KeyValue.newBuilder().setKey((String) e.getKey()).setValue(value(e.getValue())));
            }
            return AnyValue.newBuilder().setKvlistValue(kv).build();
        }
        if (v == null) {
            return AnyValue.getDefaultInstance();
        }
        throw new IllegalArgumentException("no AnyValue for " + v.getClass());
    }

    static List<KeyValue> attrs(Object... keysAndValues) {
        List<KeyValue> out = new ArrayList<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.add(KeyValue.newBuilder().setKey((String) keysAndValues[i]).setValue(value(keysAndValues[i + 1])).build());
        }
        return out;
    }

    static NumberDataPoint.Builder doublePoint(double v, Object... attributes) {
        return NumberDataPoint.newBuilder().setTimeUnixNano(T0).setAsDouble(v).addAllAttributes(attrs(attributes));
    }

    static NumberDataPoint.Builder intPoint(long v, Object... attributes) {
        return NumberDataPoint.newBuilder().setTimeUnixNano(T0).setAsInt(v).addAllAttributes(attrs(attributes));
    }

    static Metric gauge(String name, String unit, NumberDataPoint.Builder... points) {
        Gauge.Builder g = Gauge.newBuilder();
        for (NumberDataPoint.Builder p : points) {
            g.addDataPoints(p);
        }
        return Metric.newBuilder().setName(name).setUnit(unit).setGauge(g).build();
    }

    static Metric sum(String name, String unit, boolean monotonic, AggregationTemporality temporality,
            NumberDataPoint.Builder... points) {
        Sum.Builder s = Sum.newBuilder().setIsMonotonic(monotonic).setAggregationTemporality(temporality);
        for (NumberDataPoint.Builder p : points) {
            s.addDataPoints(p);
        }
        return Metric.newBuilder().setName(name).setUnit(unit).setSum(s).build();
    }

    static ResourceMetrics resource(List<KeyValue> resourceAttributes, Metric... metrics) {
        return ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder().addAllAttributes(resourceAttributes))
                .addScopeMetrics(ScopeMetrics.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("io.test.scope").setVersion("1.2.3"))
                        .addAllMetrics(List.of(metrics)))
                .build();
    }

    static Exemplar.Builder exemplar(double value, String traceIdHex, String spanIdHex, Object... filtered) {
        Exemplar.Builder e = Exemplar.newBuilder().setAsDouble(value).setTimeUnixNano(T0 - 5_000_000L)
                .addAllFilteredAttributes(attrs(filtered));
        if (traceIdHex != null) {
            e.setTraceId(ByteString.fromHex(traceIdHex));
        }
        if (spanIdHex != null) {
            e.setSpanId(ByteString.fromHex(spanIdHex));
        }
        return e;
    }
}
