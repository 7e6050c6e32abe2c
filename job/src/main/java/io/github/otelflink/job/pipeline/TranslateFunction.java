package io.github.otelflink.job.pipeline;

import io.github.otelflink.job.config.exporter.PrometheusRemoteWriteExporterConfig;
import io.github.otelflink.job.config.processor.ProcessorConfig;
import io.github.otelflink.job.relabel.RelabelRule;
import io.github.otelflink.job.relabel.Relabeler;
import io.github.otelflink.job.series.SeriesBatch;
import io.github.otelflink.job.translate.OtlpTranslator;
import io.github.otelflink.job.translate.TranslationConfig;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import io.github.otelflink.connectors.decode.OtlpMetricsValidator;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The stateless part of one (pipeline, exporter) pair, chained to the sources: runs the
 * pipeline's processors over each OTLP request, translates it to Prometheus series with the
 * exporter's naming rules, applies its {@code metric_relabels}, and emits one {@link SeriesBatch}
 * per shard.
 */
public final class TranslateFunction extends ProcessFunction<ExportMetricsServiceRequest, SeriesBatch> {
    private static final long serialVersionUID = 1L;

    private final List<ProcessorConfig> processors;
    private final PrometheusRemoteWriteExporterConfig exporter;
    private final int shards;
    private final ScrapeRelabels receiverRelabels;

    private transient ProcessorChain chain;
    private transient OtlpTranslator translator;
    private transient Relabeler relabeler;
    private transient SeriesBatcher batcher;
    private transient Counter pointsIn;
    private transient Counter seriesOut;
    private transient Counter relabelDropped;

    public TranslateFunction(List<ProcessorConfig> processors, PrometheusRemoteWriteExporterConfig exporter, int shards) {
        this(processors, exporter, shards, ScrapeRelabels.NONE);
    }

    TranslateFunction(List<ProcessorConfig> processors, PrometheusRemoteWriteExporterConfig exporter, int shards,
            ScrapeRelabels receiverRelabels) {
        this.processors = List.copyOf(processors);
        this.exporter = exporter;
        this.shards = shards;
        this.receiverRelabels = receiverRelabels;
    }

    /** The exporter's translation settings. */
    public static TranslationConfig translationConfig(PrometheusRemoteWriteExporterConfig e) {
        return new TranslationConfig(e.namespace(),
                e.effectiveTranslationStrategy() == PrometheusRemoteWriteExporterConfig.TranslationStrategy.UNDERSCORE_ESCAPING_WITH_SUFFIXES
                        || e.effectiveTranslationStrategy() == PrometheusRemoteWriteExporterConfig.TranslationStrategy.NO_UTF8_ESCAPING_WITH_SUFFIXES,
                e.resourceToTelemetryConversion(), e.targetInfo(), e.externalLabels(), e.sendMetadata());
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
    public void open(OpenContext openContext) {
        chain = ProcessorChain.compile(processors);
        translator = new OtlpTranslator(translationConfig(exporter));
        relabeler = relabeler(exporter);
        batcher = new SeriesBatcher(shards);
        MetricGroup g = getRuntimeContext().getMetricGroup().addGroup("otel_pipeline");
        pointsIn = g.counter("datapoints_in_total");
        seriesOut = g.counter("series_out_total");
        relabelDropped = g.addGroup("reason", "relabel_drop").counter("points_dropped_total");
    }

    @Override
    public void processElement(ExportMetricsServiceRequest request, Context ctx, Collector<SeriesBatch> out) {
        pointsIn.inc(OtlpMetricsValidator.countDataPoints(request));
        ExportMetricsServiceRequest processed = chain.apply(request);
        for (ResourceMetrics rm : processed.getResourceMetricsList()) {
            translator.translate(rm, this::accept);
        }
        batcher.flush(out);
    }

    private void accept(TimeSeries series, boolean delta, long startTimeMs) {
        TimeSeries result = series;
        if (!receiverRelabels.isEmpty()) {
            result = relabel(result, receiverRelabels::apply);
        }
        if (result != null && !relabeler.isEmpty()) {
            result = relabel(result, relabeler::apply);
        }
        if (result == null) {
            relabelDropped.inc(series.pointCount());
            return;
        }
        seriesOut.inc();
        batcher.add(result, delta);
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
