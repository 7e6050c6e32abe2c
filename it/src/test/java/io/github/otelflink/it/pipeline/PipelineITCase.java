package io.github.otelflink.it.pipeline;

import io.github.otelflink.connectors.OtlpMetricsTypeInfo;
import io.github.otelflink.job.config.PipelineConfig;
import io.github.otelflink.job.config.PipelineConfigLoader;
import io.github.otelflink.job.pipeline.PipelineGraph;
import io.github.otelflink.job.receiver.ReceiverSources;
import io.github.otelflink.testing.FailOnceAfterCheckpoint;
import io.github.otelflink.testing.MtlsPrometheus;
import io.github.otelflink.testing.PrometheusServer;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OTLP requests through every stage of the pipeline (the blueprint's resource, transform and
 * batch processors, translation, relabeling, keyed series state) into the real Prometheus 2.42
 * over mTLS, with a failure and restore in the middle: delta sums must come out as exact
 * cumulative totals, and every sample exactly once.
 */
class PipelineITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @RegisterExtension
    static final MtlsPrometheus PROMETHEUS = new MtlsPrometheus();

    /** The blueprint's processors and exporter, pointed at the test Prometheus. */
    private static String config() {
        return """
                receivers:
                  kafka:
                    topic: otlp_metrics
                processors:
                  batch:
                    timeout: 100ms
                    send_batch_size: 1024
                  memory_limiter:
                    check_interval: 1s
                    limit_percentage: 75
                    spike_limit_percentage: 15
                  resource:
                    attributes:
                    - key: cluster.name
                      value: "prometheus-demo-cluster"
                      action: upsert
                    - key: exporter.type
                      value: "prometheus-remote-write"
                      action: upsert
                  transform:
                    metric_statements:
                    - context: metric
                      statements:
                      - set(name, "otel_" + name) where name matches "^(http_requests|cpu_usage|memory_usage).*"
                    - context: datapoint
                      statements:
                      - set(attributes["source"], "opentelemetry")
                      - set(attributes["environment"], "demo")
                exporters:
                  prometheusremotewrite:
                    endpoint: "%s"
                    tls:
                      ca_file: "%s"
                      cert_file: "%s"
                      key_file: "%s"
                    resource_to_telemetry_conversion:
                      enabled: true
                    metric_relabels:
                    - source_labels: [__name__]
                      target_label: original_name
                    - source_labels: [cluster.name]
                      target_label: cluster
                    retry_on_failure:
                      initial_interval: 50ms
                service:
                  pipelines:
                    metrics:
                      receivers: [kafka]
                      processors: [memory_limiter, resource, transform, batch]
                      exporters: [prometheusremotewrite]
                """.formatted(PROMETHEUS.server().remoteWriteUri(), PROMETHEUS.certs().caCert(), PROMETHEUS.certs().clientCert(), PROMETHEUS.certs().clientKey());
    }

    @Test
    void otlpThroughEveryStageIntoPrometheusWithExactDeltaTotalsAcrossARestore() throws Exception {
        int requests = 150;
        long t0 = (System.currentTimeMillis() - Duration.ofMinutes(30).toMillis()) / 1000 * 1000;
        PipelineConfig config = PipelineConfigLoader.load(config(), Map.of());
        FailOnceAfterCheckpoint.FAILED.set(false);
        FailOnceAfterCheckpoint.storedSamples = () -> {
            double v = PROMETHEUS.server().scalar("sum(count_over_time(orders_processed_total[3h]))");
            return Double.isNaN(v) ? 0 : (long) v;
        };

        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.enableCheckpointing(300);
        env.setParallelism(2);
        ReceiverSources sources = (e, receiver) -> e.fromSource(
                        new DataGeneratorSource<>(new GeneratorRequests(t0), requests, RateLimiterStrategy.perSecond(60),
                                OtlpMetricsTypeInfo.INSTANCE),
                        WatermarkStrategy.noWatermarks(), "generator")
                .setParallelism(1)
                .map(new FailOnceAfterCheckpoint<ExportMetricsServiceRequest>(10), OtlpMetricsTypeInfo.INSTANCE)
                .setParallelism(1)
                .name(receiver.id().toString());
        new PipelineGraph(config, sources).build(env);
        env.execute("pipeline");

        assertThat(FailOnceAfterCheckpoint.FAILED).as("the failure was injected").isTrue();
        long end = t0 + requests * 1000L;

        List<PrometheusServer.Element> orders = PROMETHEUS.server().rangeQuery("orders_processed_total", t0, end);
        assertThat(orders).hasSize(1);
        assertThat(orders.get(0).metric()).containsAllEntriesOf(Map.of(
                "job", "metrics-generator",
                "region", "us-west",
                "source", "opentelemetry",
                "environment", "demo",
                "cluster", "prometheus-demo-cluster",
                "cluster_name", "prometheus-demo-cluster",
                "exporter_type", "prometheus-remote-write",
                "original_name", "orders_processed_total"));
        List<PrometheusServer.Sample> samples = orders.get(0).samples();
        assertThat(samples).hasSize(requests);
        long total = 0;
        for (int i = 0; i < requests; i++) {
            total += GeneratorRequests.orderDelta(i);
            assertThat(samples.get(i)).as("cumulative orders at request %d", i)
                    .isEqualTo(new PrometheusServer.Sample(t0 + i * 1000L, total));
        }

        List<PrometheusServer.Sample> http = PROMETHEUS.server().rangeSamples("otel_http_requests_total", t0, end);
        assertThat(http).hasSize(requests);
        for (int i = 0; i < requests; i++) {
            assertThat(http.get(i)).isEqualTo(new PrometheusServer.Sample(t0 + i * 1000L, i));
        }
        List<PrometheusServer.Sample> cpu = PROMETHEUS.server().rangeSamples("otel_cpu_usage_percent_ratio", t0, end);
        assertThat(cpu).hasSize(requests);
        assertThat(cpu.get(7).value()).isEqualTo(GeneratorRequests.cpu(7));
    }
}
