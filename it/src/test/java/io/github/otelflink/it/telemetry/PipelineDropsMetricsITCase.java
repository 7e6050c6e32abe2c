package io.github.otelflink.it.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.connectors.OtlpMetricsTypeInfo;
import io.github.otelflink.job.config.PipelineConfig;
import io.github.otelflink.job.config.PipelineConfigLoader;
import io.github.otelflink.job.pipeline.PipelineGraph;
import io.github.otelflink.job.receiver.ReceiverSources;
import io.github.otelflink.job.telemetry.CollectorTelemetryReporter;
import io.github.otelflink.testing.Scraper;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every reason the translator leaves data out is exported as {@code
 * otel_pipeline_points_dropped_total{reason}} through the job's telemetry endpoint, one request
 * carrying one point of each kind.
 */
class PipelineDropsMetricsITCase {
    private static final int PORT = freePort();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(() -> {
        Configuration conf = new Configuration();
        CollectorTelemetryReporter.configure(conf, "127.0.0.1:" + PORT);
        return new MiniClusterResourceConfiguration.Builder()
                .setConfiguration(conf).setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build();
    });

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One point (or, for no_data, one metric) for each of the translator's drop reasons, and one good gauge. */
    static ExportMetricsServiceRequest badRequest(long i) {
        long t = System.currentTimeMillis() * 1_000_000L;
        NumberDataPoint value = NumberDataPoint.newBuilder().setTimeUnixNano(t).setAsDouble(i).build();
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .addScopeMetrics(ScopeMetrics.newBuilder()
                        .addMetrics(Metric.newBuilder().setName("no_temporality").setSum(Sum.newBuilder()
                                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_UNSPECIFIED)
                                .addDataPoints(value)))
                        .addMetrics(Metric.newBuilder().setName("%%%").setGauge(Gauge.newBuilder().addDataPoints(value)))
                        .addMetrics(Metric.newBuilder().setName("no_value").setGauge(Gauge.newBuilder()
                                .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(t))))
                        .addMetrics(Metric.newBuilder().setName("tiny_scale").setExponentialHistogram(
                                ExponentialHistogram.newBuilder()
                                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                                        .addDataPoints(ExponentialHistogramDataPoint.newBuilder()
                                                .setTimeUnixNano(t).setScale(-10).setCount(1))))
                        .addMetrics(Metric.newBuilder().setName("no_data"))
                        .addMetrics(Metric.newBuilder().setName("good").setGauge(Gauge.newBuilder().addDataPoints(value)))))
                .build();
    }

    @Test
    void everyTranslatorDropReasonIsExported() throws Exception {
        PipelineConfig config = PipelineConfigLoader.load("""
                receivers:
                  otlp:
                    protocols:
                      grpc:
                exporters:
                  prometheusremotewrite:
                    endpoint: http://127.0.0.1:9/api/v1/write
                service:
                  pipelines:
                    metrics:
                      receivers: [otlp]
                      exporters: [prometheusremotewrite]
                """, Map.of());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        ReceiverSources sources = (e, receiver) -> e.fromSource(new DataGeneratorSource<>(
                        (GeneratorFunction<Long, ExportMetricsServiceRequest>) PipelineDropsMetricsITCase::badRequest,
                        Long.MAX_VALUE, RateLimiterStrategy.perSecond(20), OtlpMetricsTypeInfo.INSTANCE),
                WatermarkStrategy.noWatermarks(), receiver.id().toString());
        new PipelineGraph(config, sources).build(env);
        JobClient job = env.executeAsync("drops");
        try {
            String[] reasons = {"unspecified_temporality", "invalid_metric_name", "no_value", "unsupported_scale", "no_data"};
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            String body = "";
            while (System.nanoTime() < deadline) {
                body = Scraper.scrape(PORT);
                boolean all = true;
                for (String reason : reasons) {
                    all &= count(body, reason) >= 3;
                }
                if (all) {
                    break;
                }
                Thread.onSpinWait();
            }
            for (String reason : reasons) {
                assertThat(count(body, reason)).as(reason + " in\n" + body).isGreaterThanOrEqualTo(3);
            }
            assertThat(count(body, "relabel_drop")).as("nothing was relabeled away").isZero();
        } finally {
            job.cancel().get();
        }
    }

    private static long count(String body, String reason) {
        Matcher m = Pattern.compile("(?m)^otel_pipeline_points_dropped_total\\{[^}]*reason=\"" + reason + "\"[^}]*} (\\S+)")
                .matcher(body);
        long sum = 0;
        while (m.find()) {
            sum += (long) Double.parseDouble(m.group(1));
        }
        return sum;
    }
}
