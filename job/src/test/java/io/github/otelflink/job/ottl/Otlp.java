package io.github.otelflink.job.ottl;

import io.github.otelflink.job.processor.ErrorMode;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small builders for OTLP test data. */
final class Otlp {

    private Otlp() {
    }

    static KeyValue attr(String key, Object value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValues.toAnyValue(value)).build();
    }

    static List<KeyValue> attrs(Object... keysAndValues) {
        List<KeyValue> out = new ArrayList<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.add(attr((String) keysAndValues[i], keysAndValues[i + 1]));
        }
        return out;
    }

    static NumberDataPoint point(double value, Object... keysAndValues) {
        return NumberDataPoint.newBuilder()
                .setTimeUnixNano(1_700_000_000_000_000_000L)
                .setAsDouble(value)
                .addAllAttributes(attrs(keysAndValues))
                .build();
    }

    static Metric gauge(String name, NumberDataPoint... points) {
        return Metric.newBuilder().setName(name).setGauge(Gauge.newBuilder().addAllDataPoints(List.of(points))).build();
    }

    static Metric counter(String name, NumberDataPoint... points) {
        return Metric.newBuilder().setName(name).setSum(Sum.newBuilder()
                .setIsMonotonic(true)
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                .addAllDataPoints(List.of(points))).build();
    }

    static ResourceMetrics resourceMetrics(List<KeyValue> resourceAttributes, Metric... metrics) {
        return ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder().addAllAttributes(resourceAttributes))
                .addScopeMetrics(ScopeMetrics.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("test-scope").setVersion("1.0"))
                        .addAllMetrics(List.of(metrics)))
                .build();
    }

    /** Attributes as an ordered map of Java values, for assertions. */
    static Map<String, Object> asMap(List<KeyValue> attributes) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (KeyValue kv : attributes) {
            map.put(kv.getKey(), AnyValues.toJava(kv.getValue()));
        }
        return map;
    }

    static AnyValue string(String s) {
        return AnyValue.newBuilder().setStringValue(s).build();
    }

    /** Runs one statement on a request holding one gauge with one point with {@code pointAttributes}. */
    static ResourceMetrics runOnPoint(String statement, Object... pointAttributes) {
        ResourceMetrics.Builder rm = resourceMetrics(attrs("service.name", "svc"),
                gauge("g", point(1.5, pointAttributes))).toBuilder();
        transformer(OttlContext.DATAPOINT, ErrorMode.PROPAGATE, statement).apply(rm);
        return rm.build();
    }

    static OttlTransformer transformer(OttlContext context, ErrorMode mode, String... statements) {
        List<OttlStatement> compiled = new ArrayList<>();
        for (String statement : statements) {
            compiled.add(OttlStatement.compile(context, statement));
        }
        return new OttlTransformer(List.of(new ContextStatements(context, List.of(), compiled, mode)));
    }

    static Map<String, Object> pointAttributes(ResourceMetrics rm) {
        return asMap(rm.getScopeMetrics(0).getMetrics(0).getGauge().getDataPoints(0).getAttributesList());
    }
}
