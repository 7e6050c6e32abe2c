package io.github.otelflink.job.pipeline;

import io.github.otelflink.connectors.OtlpMetricsTypeInfo;
import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.config.Pipeline;
import io.github.otelflink.job.config.PipelineConfig;
import io.github.otelflink.job.exporter.ExporterConfig;
import io.github.otelflink.job.exporter.debug.DebugExporter;
import io.github.otelflink.job.exporter.debug.DebugExporterConfig;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig;
import io.github.otelflink.job.exporter.prometheusremotewrite.RemoteWriteSinkFactory;
import io.github.otelflink.job.processor.ProcessorConfig;
import io.github.otelflink.job.processor.batch.BatchProcessorConfig;
import io.github.otelflink.job.processor.memorylimiter.MemoryLimiterProcessorConfig;
import io.github.otelflink.job.receiver.ReceiverConfig;
import io.github.otelflink.job.receiver.ReceiverSources;
import io.github.otelflink.job.receiver.prometheus.ScrapeRelabels;
import io.github.otelflink.job.series.SeriesBatch;
import io.github.otelflink.job.series.SeriesBatchTypeInfo;
import io.github.otelflink.job.series.SeriesOrdering;
import io.github.otelflink.job.series.SeriesSharding;
import io.github.otelflink.job.series.ShardLayout;
import io.github.otelflink.job.series.SeriesStateFunction;
import io.github.otelflink.job.series.SeriesStateOperator;
import io.github.otelflink.sink.remotewrite.model.TimeSeriesTypeInfo;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a pipeline config into a Flink DataStream graph:
 *
 * <pre>
 * receivers ─► [processors] ─► [translate ► relabel ► batch by shard] ─keyBy(shard)─► [series state] ─► remote-write sink
 *              per pipeline     per exporter                                      per exporter: held until the
 *              (chained to the sources, stateless)                                watermark, then in timestamp
 *                                                                                 order, delta→cumulative
 * </pre>
 *
 * Operator uids are derived from the pipeline and component ids, so state restores across
 * restarts and config edits that keep those ids.
 */
public final class PipelineGraph {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineGraph.class);

    private final PipelineConfig config;
    private final ReceiverSources sources;
    private final Duration stateTtl;

    public PipelineGraph(PipelineConfig config, ReceiverSources sources) {
        this(config, sources, SeriesOrdering.DEFAULT_STATE_TTL);
    }

    public PipelineGraph(PipelineConfig config, ReceiverSources sources, Duration stateTtl) {
        this.config = config;
        this.sources = sources;
        this.stateTtl = stateTtl;
    }

    /**
     * Checks what can only be checked by compiling: OTTL statements, relabel rules, resource
     * actions. Throws {@link PipelineCompileException} listing every problem.
     */
    public static void compileCheck(PipelineConfig config) {
        List<String> problems = new ArrayList<>();
        for (Pipeline p : config.pipelines()) {
            try {
                ProcessorChain.compile(p.processors());
            } catch (PipelineCompileException e) {
                for (String problem : e.problems()) {
                    if (!problems.contains(problem)) {
                        problems.add(problem);
                    }
                }
            }
        }
        for (ReceiverConfig r : config.receivers().values()) {
            try {
                ScrapeRelabels.of(r);
            } catch (PipelineCompileException ex) {
                problems.addAll(ex.problems());
            }
        }
        for (ExporterConfig e : config.exporters().values()) {
            if (e instanceof PrometheusRemoteWriteExporterConfig rw) {
                try {
                    TranslateFunction.relabeler(rw);
                    RemoteWriteSinkFactory.create(rw, null);
                } catch (PipelineCompileException ex) {
                    problems.addAll(ex.problems());
                } catch (IllegalArgumentException ex) {
                    problems.add("exporters." + e.id() + ": " + ex.getMessage());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new PipelineCompileException(problems);
        }
    }

    /** Adds every pipeline to the environment. */
    public void build(StreamExecutionEnvironment env) {
        compileCheck(config);
        // The shard count a job started afresh gets; a restored one keeps its recorded layout.
        int shards = ShardLayout.freshShardCount(env.getParallelism());
        Map<ComponentId, DataStream<ExportMetricsServiceRequest>> receiverStreams = new LinkedHashMap<>();
        for (Pipeline pipeline : config.pipelines()) {
            boolean onWire = processorsOnWire(pipeline);
            Map<ReceiverConfig, DataStream<ExportMetricsServiceRequest>> processed = new LinkedHashMap<>();
            for (ReceiverConfig receiver : pipeline.receivers()) {
                DataStream<ExportMetricsServiceRequest> stream = receiverStreams.computeIfAbsent(
                        receiver.id(), id -> sources.create(env, receiver));
                processed.put(receiver, processors(pipeline, onWire, receiver, stream));
            }
            logMemoryLimiter(pipeline);
            for (ExporterConfig exporter : pipeline.exporters()) {
                addExporter(pipeline, onWire, processed, exporter, shards);
            }
        }
    }

    /**
     * The pipeline's processors over one receiver's stream, once for all its exporters. Stateless
     * and at the receiver's own parallelism, chained to it: a rebalance here would reorder a
     * series' requests and lose their arrival order for nothing.
     */
    private static DataStream<ExportMetricsServiceRequest> processors(
            Pipeline pipeline, boolean onWire, ReceiverConfig receiver, DataStream<ExportMetricsServiceRequest> input) {
        return input.map(new ProcessorsFunction(pipeline.processors(), onWire), OtlpMetricsTypeInfo.INSTANCE)
                .setParallelism(input.getParallelism())
                .name(pipeline.id() + ": processors (" + receiver.id() + ")")
                .uid(pipeline.id() + "/processors/" + receiver.id());
    }

    /**
     * Whether the pipeline's translators run its processors on undecoded requests ({@link
     * WireProcessors}): only when the processors allow it and every exporter translates or is a
     * {@code debug} exporter that only counts ({@code basic}: those processors change no count); a
     * more verbose one prints the processed request, so it needs it processed.
     */
    static boolean processorsOnWire(Pipeline pipeline) {
        return pipeline.exporters().stream().allMatch(e -> e instanceof PrometheusRemoteWriteExporterConfig
                        || (e instanceof DebugExporterConfig d && d.verbosity() == DebugExporterConfig.Verbosity.BASIC))
                && WireProcessors.compile(pipeline.processors()) != null;
    }

    private void addExporter(
            Pipeline pipeline, boolean onWire, Map<ReceiverConfig, DataStream<ExportMetricsServiceRequest>> inputs,
            ExporterConfig exporter, int shards) {
        String prefix = pipeline.id() + "/" + exporter.id();
        if (exporter instanceof PrometheusRemoteWriteExporterConfig rw) {
            DataStream<SeriesBatch> batches = null;
            for (Map.Entry<ReceiverConfig, DataStream<ExportMetricsServiceRequest>> in : inputs.entrySet()) {
                String receiver = in.getKey().id().toString();
                DataStream<ExportMetricsServiceRequest> input = in.getValue();
                DataStream<SeriesBatch> translated = input
                        .process(new TranslateFunction(rw, shards, ScrapeRelabels.of(in.getKey()),
                                onWire ? pipeline.processors() : List.of()), SeriesBatchTypeInfo.INSTANCE)
                        .setParallelism(input.getParallelism())
                        .name(prefix + ": translate (" + receiver + ")")
                        .uid(prefix + "/translate/" + receiver);
                batches = batches == null ? translated : batches.union(translated);
            }
            batches.keyBy(new SeriesSharding.ByShard())
                    .transform(prefix + ": series state", TimeSeriesTypeInfo.INSTANCE,
                            new SeriesStateOperator(new SeriesStateFunction(ordering(rw, pipeline.batch()))))
                    .uid(prefix + "/series-state")
                    .sinkTo(RemoteWriteSinkFactory.create(rw, pipeline.batch()))
                    .name(prefix + ": remote write").uid(prefix + "/sink");
        } else {
            DebugExporterConfig debug = (DebugExporterConfig) exporter; // the one other kind (ExporterParsers)
            for (Map.Entry<ReceiverConfig, DataStream<ExportMetricsServiceRequest>> in : inputs.entrySet()) {
                String receiver = in.getKey().id().toString();
                DataStream<ExportMetricsServiceRequest> input = in.getValue();
                input.map(new DebugExporter(debug), Types.LONG).setParallelism(input.getParallelism())
                        .name(prefix + ": debug (" + receiver + ")").uid(prefix + "/debug/" + receiver)
                        .sinkTo(new DiscardingSink<>()).setParallelism(input.getParallelism())
                        .name(prefix + ": discard (" + receiver + ")").uid(prefix + "/debug-discard/" + receiver);
            }
        }
    }

    /**
     * The keyed step's ordering: the exporter's {@code ordering} keys, the reorder window defaulting
     * to the pipeline's batch {@code timeout} (the latency a user already accepted there).
     */
    SeriesOrdering ordering(PrometheusRemoteWriteExporterConfig rw, @Nullable BatchProcessorConfig batch) {
        Duration window = rw.ordering().reorderWindow();
        if (window == null) {
            window = batch != null ? batch.timeout() : SeriesOrdering.DEFAULT_REORDER_WINDOW;
        }
        return new SeriesOrdering(window, rw.ordering().outOfOrderTimeWindow(), stateTtl);
    }

    private static void logMemoryLimiter(Pipeline pipeline) {
        for (ProcessorConfig p : pipeline.processors()) {
            if (p instanceof MemoryLimiterProcessorConfig) {
                LOG.info("pipeline {}: {} is accepted; memory is bounded by Flink's backpressure and the sink's "
                        + "bounded buffer instead of refusing data", pipeline.id(), p.id());
            }
        }
    }
}
