package io.github.otelflink.it.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.connectors.OtlpMetricsTypeInfo;
import io.github.otelflink.job.config.PipelineConfig;
import io.github.otelflink.job.config.PipelineConfigLoader;
import io.github.otelflink.job.pipeline.PipelineGraph;
import io.github.otelflink.job.receiver.ReceiverSources;
import io.github.otelflink.testing.FaultInjectingReceiver;
import io.github.otelflink.testing.Poll;
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
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The UTF-8 translation strategies end to end at parallelism 2: with remote write 2.0 the names
 * reach the receiver as the OTLP data had them (plus suffixes for {@code NoUTF8EscapingWithSuffixes}),
 * and the default strategy still escapes them. The receiver is the test harness's fake (it decodes
 * 2.0 requests): Prometheus 2.42, the real one here, refuses UTF-8 names.
 */
class Utf8NamesFakeReceiverITCase {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "NoUTF8EscapingWithSuffixes        | queue.size_bytes | requêsts_per_second_total | http.method",
        "NoTranslation                     | queue.size       | requêsts                  | http.method",
        "UnderscoreEscapingWithSuffixes    | queue_size_bytes | requ_sts_per_second_total | http_method",
    })
    void namesArriveAsTheStrategySays(String strategy, String gauge, String counter, String label) throws Exception {
        try (FaultInjectingReceiver receiver = FaultInjectingReceiver.start()) {
            // Answer as a 2.0 receiver does (with the written count), or the sink falls back to 1.0.
            receiver.respondWith(r -> FaultInjectingReceiver.Response.status(204)
                    .header("X-Prometheus-Remote-Write-Samples-Written", String.valueOf(r.sampleCount())));
            JobClient job = run(receiver, strategy);
            try {
                Poll.until(WAIT, "both series at the receiver: " + receiver.requests(),
                        () -> names(receiver).containsAll(Set.of(gauge, counter)));
                assertThat(names(receiver)).containsOnly(gauge, counter);
                assertThat(receiver.requests()).allMatch(FaultInjectingReceiver.RecordedRequest::isV2);
                assertThat(receiver.requests().stream().flatMap(r -> r.series().stream()))
                        .allSatisfy(s -> assertThat(s.labels()).containsEntry(label, "GET"));
            } finally {
                job.cancel().get();
            }
        }
    }

    @Test
    void aUtf8StrategyWithRemoteWrite1IsRefusedAtLoad() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PipelineConfigLoader.load(
                        config("http://127.0.0.1:1/api/v1/write", "NoUTF8EscapingWithSuffixes", false), Map.of()))
                .hasMessageContaining("exporters.prometheusremotewrite.translation_strategy")
                .hasMessageContaining("io.prometheus.write.v2.Request");
    }

    private static Set<String> names(FaultInjectingReceiver receiver) {
        return receiver.requests().stream().flatMap(r -> r.series().stream())
                .map(s -> s.labels().get("__name__")).collect(Collectors.toSet());
    }

    private static String config(String endpoint, String strategy, boolean v2) {
        return """
                receivers:
                  otlp:
                    protocols:
                      grpc:
                exporters:
                  prometheusremotewrite:
                    endpoint: %s
                    translation_strategy: %s
                %s
                service:
                  pipelines:
                    metrics:
                      receivers: [otlp]
                      exporters: [prometheusremotewrite]
                """.formatted(endpoint, strategy, v2 ? "    protobuf_message: io.prometheus.write.v2.Request" : "");
    }

    private static JobClient run(FaultInjectingReceiver receiver, String strategy) throws Exception {
        PipelineConfig config = PipelineConfigLoader.load(config(receiver.uri().toString(), strategy, true), Map.of());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        ReceiverSources sources = (e, r) -> e.fromSource(new DataGeneratorSource<>(
                        (GeneratorFunction<Long, ExportMetricsServiceRequest>) Utf8NamesFakeReceiverITCase::request,
                        Long.MAX_VALUE, RateLimiterStrategy.perSecond(10), OtlpMetricsTypeInfo.INSTANCE),
                WatermarkStrategy.noWatermarks(), r.id().toString());
        new PipelineGraph(config, sources).build(env);
        return env.executeAsync("utf8-names");
    }

    /** A gauge and a monotonic counter per request, named and labelled with characters outside the legacy set. */
    static ExportMetricsServiceRequest request(long i) {
        long now = System.currentTimeMillis() * 1_000_000L;
        KeyValue method = KeyValue.newBuilder().setKey("http.method")
                .setValue(AnyValue.newBuilder().setStringValue("GET")).build();
        NumberDataPoint point = NumberDataPoint.newBuilder().setTimeUnixNano(now).setAsDouble(i)
                .addAttributes(method).build();
        Metric gauge = Metric.newBuilder().setName("queue.size").setUnit("By")
                .setGauge(Gauge.newBuilder().addDataPoints(point)).build();
        Metric counter = Metric.newBuilder().setName("requêsts").setUnit("1/s")
                .setSum(Sum.newBuilder().setIsMonotonic(true)
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                        .addDataPoints(point))
                .build();
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue("utf8-test"))))
                .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(gauge).addMetrics(counter)))
                .build();
    }
}
