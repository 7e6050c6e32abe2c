package io.github.otelflink.job.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.job.config.PipelineConfig;
import io.github.otelflink.job.config.PipelineConfigLoader;
import io.github.otelflink.job.receiver.ConnectorReceiverSources;

import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.api.operators.SimpleUdfStreamOperatorFactory;
import org.junit.jupiter.api.Test;

/** The shape of the graph: processors once per pipeline, and every exporter, debug included, after them. */
class PipelineGraphTest {
    private static StreamGraph graph(String yaml) {
        return graph(yaml, 2);
    }

    private static StreamGraph graph(String yaml, int parallelism) {
        PipelineConfig config = PipelineConfigLoader.load(yaml, Map.of());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism);
        new PipelineGraph(config, new ConnectorReceiverSources(config)).build(env);
        return env.getStreamGraph(false);
    }

    private static List<StreamNode> named(StreamGraph g, String prefix) {
        return g.getStreamNodes().stream().filter(n -> n.getOperatorName().startsWith(prefix)).toList();
    }

    private static String upstream(StreamGraph g, StreamNode n) {
        assertThat(n.getInEdges()).hasSize(1);
        return g.getStreamNode(n.getInEdges().get(0).getSourceId()).getOperatorName();
    }

    @Test
    void everyExporterSeesTheProcessedDataAndProcessorsRunOncePerPipeline() {
        StreamGraph g = graph("""
                receivers:
                  otlp:
                    protocols:
                      http:
                        endpoint: 127.0.0.1:0
                processors:
                  transform:
                    metric_statements:
                    - context: metric
                      statements:
                      - set(name, "renamed")
                exporters:
                  prometheusremotewrite:
                    endpoint: http://127.0.0.1:9090/api/v1/write
                  prometheusremotewrite/second:
                    endpoint: http://127.0.0.1:9091/api/v1/write
                  debug:
                    verbosity: normal
                service:
                  pipelines:
                    metrics:
                      receivers: [otlp]
                      processors: [transform]
                      exporters: [prometheusremotewrite, prometheusremotewrite/second, debug]
                """);
        assertThat(named(g, "metrics: processors")).hasSize(1);
        assertThat(upstream(g, named(g, "metrics/debug: debug").get(0))).isEqualTo("metrics: processors (otlp)");
        assertThat(named(g, "metrics/prometheusremotewrite").stream()
                .filter(n -> n.getOperatorName().contains("translate")).map(n -> upstream(g, n)))
                .containsExactly("metrics: processors (otlp)", "metrics: processors (otlp)");
    }

    @Test
    void everyTranslatorOfAnExporterStartsAfreshWithTheShardCountOfTheJobsParallelism() {
        StreamGraph g = graph("""
                receivers:
                  otlp:
                    protocols:
                      http:
                        endpoint: 127.0.0.1:0
                  kafka:
                    brokers: [127.0.0.1:9092]
                exporters:
                  prometheusremotewrite:
                    endpoint: http://127.0.0.1:9090/api/v1/write
                service:
                  pipelines:
                    metrics:
                      receivers: [otlp, kafka]
                      exporters: [prometheusremotewrite]
                """, 4);
        List<Integer> freshShards = named(g, "metrics/prometheusremotewrite: translate").stream()
                .map(n -> ((TranslateFunction) ((SimpleUdfStreamOperatorFactory<?>) n.getOperatorFactory())
                        .getUserFunction()).freshShards())
                .toList();
        assertThat(freshShards).containsExactly(32, 32);
    }
}
