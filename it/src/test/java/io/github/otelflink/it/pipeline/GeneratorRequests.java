package io.github.otelflink.it.pipeline;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;

import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * OTLP requests shaped like the blueprint's metrics generator, deterministic by index so a replay
 * after a restore yields the same requests: request {@code i} (time {@code base + i s}) carries
 * {@code http_requests_total} (cumulative counter, value i), {@code cpu_usage_percent} (gauge,
 * unit 1) and {@code orders_processed} (a DELTA monotonic sum of {@link #orderDelta(long)}).
 */
public final class GeneratorRequests implements GeneratorFunction<Long, ExportMetricsServiceRequest> {
    private static final long serialVersionUID = 1L;

    private final long baseMs;

    public GeneratorRequests(long baseMs) {
        this.baseMs = baseMs;
    }

    public static long orderDelta(long i) {
        return i % 5 + 1;
    }

    public static double cpu(long i) {
        return (i * 7 % 100) / 2.0;
    }

    @Override
    public ExportMetricsServiceRequest map(Long index) {
        long i = index;
        long timeNanos = (baseMs + i * 1000) * 1_000_000L;
        long startNanos = baseMs * 1_000_000L - 1_000_000_000L;
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder()
                        .setResource(Resource.newBuilder()
                                .addAttributes(attr("service.name", "metrics-generator"))
                                .addAttributes(attr("host.name", "gen-1")))
                        .addScopeMetrics(ScopeMetrics.newBuilder()
                                .addMetrics(Metric.newBuilder().setName("http_requests_total").setUnit("1")
                                        .setSum(Sum.newBuilder().setIsMonotonic(true)
                                                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                                                .addDataPoints(NumberDataPoint.newBuilder().setAsInt(i)
                                                        .setStartTimeUnixNano(startNanos).setTimeUnixNano(timeNanos)
                                                        .addAttributes(attr("method", "GET")))))
                                .addMetrics(Metric.newBuilder().setName("cpu_usage_percent").setUnit("1")
                                        .setGauge(Gauge.newBuilder()
                                                .addDataPoints(NumberDataPoint.newBuilder().setAsDouble(cpu(i))
                                                        .setTimeUnixNano(timeNanos)
                                                        .addAttributes(attr("core", "cpu0")))))
                                .addMetrics(Metric.newBuilder().setName("orders_processed").setUnit("1")
                                        .setSum(Sum.newBuilder().setIsMonotonic(true)
                                                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                                                .addDataPoints(NumberDataPoint.newBuilder().setAsInt(orderDelta(i))
                                                        .setStartTimeUnixNano(timeNanos - 1_000_000_000L)
                                                        .setTimeUnixNano(timeNanos)
                                                        .addAttributes(attr("region", "us-west")))))))
                .build();
    }

    private static KeyValue attr(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }
}
