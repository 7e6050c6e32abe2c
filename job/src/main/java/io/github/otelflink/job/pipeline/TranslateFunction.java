package io.github.otelflink.job.pipeline;

import io.github.otelflink.connectors.RequestMetadata;
import io.github.otelflink.connectors.UndecodedRequest;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig;
import io.github.otelflink.job.exporter.prometheusremotewrite.TenantRoutingConfig;
import io.github.otelflink.job.exporter.prometheusremotewrite.translate.DropReason;
import io.github.otelflink.job.exporter.prometheusremotewrite.translate.OtlpTranslator;
import io.github.otelflink.job.exporter.prometheusremotewrite.translate.TenantSource;
import io.github.otelflink.job.exporter.prometheusremotewrite.translate.TranslationConfig;
import io.github.otelflink.job.processor.ProcessorConfig;
import io.github.otelflink.job.receiver.prometheus.ScrapeRelabels;
import io.github.otelflink.job.relabel.RelabelRule;
import io.github.otelflink.job.relabel.Relabeler;
import io.github.otelflink.job.series.SeriesBatch;
import io.github.otelflink.job.series.ShardLayout;
import io.github.otelflink.job.telemetry.PipelineMetricNames;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.annotation.Nullable;

/**
 * The stateless part of one (pipeline, exporter) pair, chained to the sources after the
 * pipeline's processors: translates each OTLP request to Prometheus series with the exporter's
 * naming rules, applies its {@code metric_relabels}, and emits one {@link SeriesBatch} per shard,
 * stamped with the request's arrival time. What the translator leaves out is counted as {@code
 * otel_pipeline_points_dropped_total{reason}} (the {@link DropReason} in lower case).
 *
 * <p>Its one piece of state is the {@link ShardLayout}: a job started afresh spreads its series
 * over {@code freshShards} shards; a restored one keeps the layout its checkpoint recorded, or the
 * legacy layout when the checkpoint recorded none (written before layouts were, or by a translator
 * that did not exist then: a receiver or exporter added on restore gets the legacy layout too).
 */
public final class TranslateFunction extends ProcessFunction<ExportMetricsServiceRequest, SeriesBatch>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    /** Union state: the layout's keys, as subtask 0 wrote them. */
    private static final String LAYOUT_STATE = "shard-layout";

    private final PrometheusRemoteWriteExporterConfig exporter;
    private final int freshShards;
    private final ScrapeRelabels receiverRelabels;
    /** The pipeline's processors when this function runs them on undecoded requests ({@link WireProcessors}), else empty. */
    private final List<ProcessorConfig> wireProcessors;

    private transient OtlpTranslator translator;
    @Nullable private transient TenantSource tenants;
    /** The exporter's {@code metric_relabels}, or null when there are none. */
    @Nullable private transient UnaryOperator<Labels> relabels;
    @Nullable private transient WireProcessors processors;
    private transient ListState<Integer> layoutState;
    private transient ShardLayout layout;
    private transient SeriesBatcher batcher;
    private transient Counter[] translatorDrops;
    private transient long[] translatorDropsReported;
    private transient Counter seriesOut;
    private transient Counter relabelDropped;
    /** Where an undecoded request's body is copied to be read. */
    private transient byte[] scratch;
    /** The event time of the request being translated. */
    private transient long arrivalMs;

    /** @param freshShards the shard count when the job starts afresh (see {@link ShardLayout#spread}) */
    public TranslateFunction(PrometheusRemoteWriteExporterConfig exporter, int freshShards) {
        this(exporter, freshShards, ScrapeRelabels.NONE, List.of());
    }

    TranslateFunction(PrometheusRemoteWriteExporterConfig exporter, int freshShards, ScrapeRelabels receiverRelabels,
            List<ProcessorConfig> wireProcessors) {
        this.exporter = exporter;
        this.freshShards = freshShards;
        this.receiverRelabels = receiverRelabels;
        this.wireProcessors = List.copyOf(wireProcessors);
    }

    /** The shard count this translator starts a fresh job with. */
    int freshShards() {
        return freshShards;
    }

    /** The exporter's translation settings. */
    public static TranslationConfig translationConfig(PrometheusRemoteWriteExporterConfig exporter) {
        PrometheusRemoteWriteExporterConfig.Translation e = exporter.translation();
        PrometheusRemoteWriteExporterConfig.TranslationStrategy strategy = e.effectiveTranslationStrategy();
        return new TranslationConfig(e.namespace(), strategy.addsSuffixes(), e.resourceToTelemetryConversion(),
                e.targetInfo(), e.externalLabels(), e.sendMetadata(), !strategy.escapesNames());
    }

    /** Where the exporter's tenant comes from, or null without tenant routing. */
    @Nullable
    public static TenantSource tenantSource(PrometheusRemoteWriteExporterConfig exporter) {
        TenantRoutingConfig t = exporter.tenant();
        if (t == null) {
            return null;
        }
        return t.fromContext() != null ? TenantSource.fromContext(t.fromContext(), t.defaultTenant())
                : new TenantSource(t.resourceAttribute(), t.defaultTenant(), t.keepAttribute());
    }

    /** The exporter's relabel rules, compiled; throws with config paths when one is invalid. */
    public static Relabeler relabeler(PrometheusRemoteWriteExporterConfig e) {
        List<RelabelRule> rules = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < e.metricRelabels().size(); i++) {
            try {
                rules.add(RelabelRule.fromConfig(e.metricRelabels().get(i)));
            } catch (IllegalArgumentException ex) {
                problems.add("exporters." + e.id() + ".metric_relabels[" + i + "]." + ex.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new PipelineCompileException(problems);
        }
        return Relabeler.compile(rules);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        layoutState = context.getOperatorStateStore().getUnionListState(new ListStateDescriptor<>(LAYOUT_STATE, Types.INT));
        List<Integer> recorded = new ArrayList<>();
        layoutState.get().forEach(recorded::add);
        layout = layoutAtStart(context.isRestored(), recorded, freshShards,
                getRuntimeContext().getTaskInfo().getMaxNumberOfParallelSubtasks());
    }

    /**
     * The layout a translator starts with: the recorded one, else legacy when restored, else
     * {@code freshShards} spread over the key groups.
     */
    private static ShardLayout layoutAtStart(boolean restored, List<Integer> recorded, int freshShards, int maxParallelism) {
        if (!recorded.isEmpty()) {
            return ShardLayout.ofKeys(recorded.stream().mapToInt(Integer::intValue).toArray());
        }
        return restored ? ShardLayout.legacy() : ShardLayout.spread(freshShards, maxParallelism);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        // Union state hands every subtask what all wrote: one copy is enough.
        if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
            List<Integer> keys = new ArrayList<>(layout.count());
            for (int key : layout.keys()) {
                keys.add(key);
            }
            layoutState.update(keys);
        } else {
            layoutState.clear();
        }
    }

    @Override
    public void open(OpenContext openContext) {
        tenants = tenantSource(exporter);
        translator = new OtlpTranslator(translationConfig(exporter), tenants);
        Relabeler relabeler = relabeler(exporter);
        // Rules on names alone are applied by the translator as it writes labels, unless the
        // receiver's rules must run first.
        boolean whileWriting = receiverRelabels.isEmpty() && translator.relabelWhileWriting(relabeler);
        relabels = relabeler.isEmpty() || whileWriting ? null : relabeler.forOneThread(translator.labelsWriter());
        batcher = new SeriesBatcher(layout);
        processors = wireProcessors.isEmpty() ? null : WireProcessors.compile(wireProcessors);
        scratch = new byte[0];
        MetricGroup g = getRuntimeContext().getMetricGroup().addGroup(PipelineMetricNames.GROUP);
        translatorDrops = new Counter[DropReason.values().length];
        translatorDropsReported = new long[translatorDrops.length];
        for (DropReason reason : DropReason.values()) {
            translatorDrops[reason.ordinal()] =
                    g.addGroup(PipelineMetricNames.REASON, PipelineMetricNames.reason(reason)).counter(PipelineMetricNames.POINTS_DROPPED);
        }
        seriesOut = g.counter(PipelineMetricNames.SERIES_OUT);
        relabelDropped = g.addGroup(PipelineMetricNames.REASON, PipelineMetricNames.RELABEL_DROP).counter(PipelineMetricNames.POINTS_DROPPED);
    }

    @Override
    public void processElement(ExportMetricsServiceRequest request, Context ctx, Collector<SeriesBatch> out) {
        Long timestamp = ctx.timestamp();
        arrivalMs = timestamp == null ? SeriesBatch.NO_ARRIVAL : timestamp;
        if (tenants != null && tenants.contextKey() != null) {
            // Set by the OTLP ingress only (include_metadata); a client-sent copy is removed there.
            translator.beginRequest(tenants.requestTenant(RequestMetadata.get(request, tenants.contextKey())));
        }
        if (UndecodedRequest.isUndecoded(request)) {
            ByteString body = UndecodedRequest.body(request);
            if (scratch.length < body.size()) {
                scratch = new byte[Math.max(body.size(), scratch.length * 2)];
            }
            body.copyTo(scratch, 0); // ByteString gives no array of its own; one copy, no objects
            if (processors != null) {
                processors.beginRequest(request);
            }
            translator.translate(scratch, 0, body.size(), this::accept, processors);
        } else {
            for (ResourceMetrics rm : request.getResourceMetricsList()) {
                translator.translate(rm, this::accept);
            }
        }
        batcher.flush(out);
        reportTranslatorDrops();
    }

    /** The translator keeps running totals; the counters get what was added since the last request. */
    private void reportTranslatorDrops() {
        for (DropReason reason : DropReason.values()) {
            int i = reason.ordinal();
            long total = translator.dropped(reason);
            if (total != translatorDropsReported[i]) {
                translatorDrops[i].inc(total - translatorDropsReported[i]);
                translatorDropsReported[i] = total;
            }
        }
    }

    private void accept(TimeSeries series, boolean delta) {
        TimeSeries result = series;
        if (!receiverRelabels.isEmpty()) {
            result = relabel(result, receiverRelabels::apply);
        }
        if (result != null && relabels != null) {
            result = relabel(result, relabels);
        }
        if (result == null) {
            relabelDropped.inc(series.pointCount());
            return;
        }
        seriesOut.inc();
        batcher.add(result, delta, arrivalMs);
    }

    /** The series under the rules' labels, itself when they change nothing, or null when dropped. */
    private static TimeSeries relabel(TimeSeries series, UnaryOperator<Labels> rules) {
        Labels relabeled = rules.apply(series.labels());
        if (relabeled == null) {
            return null;
        }
        return relabeled == series.labels() ? series : series.withLabels(relabeled);
    }
}
