package io.github.otelflink.it.pipeline;

import io.github.otelflink.connectors.OtlpMetricsTypeInfo;
import io.github.otelflink.job.config.PipelineConfigLoader;
import io.github.otelflink.job.pipeline.PipelineGraph;
import io.github.otelflink.job.receiver.ReceiverSources;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Starts the job's pipeline from a YAML config on the test's MiniCluster, with every receiver
 * replaced by a generator of one gauge point per request, 20 requests a second: what the
 * authenticator ITCases need to see the exporter's requests.
 */
final class GeneratedGaugeJob {

    private GeneratedGaugeJob() {}

    static JobClient start(String yaml, String name) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        ReceiverSources sources = (e, receiver) -> e.fromSource(new DataGeneratorSource<>(
                        (GeneratorFunction<Long, ExportMetricsServiceRequest>) AuthenticatorFakeReceiverITCase::gauge,
                        Long.MAX_VALUE, RateLimiterStrategy.perSecond(20), OtlpMetricsTypeInfo.INSTANCE),
                WatermarkStrategy.noWatermarks(), receiver.id().toString());
        new PipelineGraph(PipelineConfigLoader.load(yaml, Map.of()), sources).build(env);
        return env.executeAsync(name);
    }
}
