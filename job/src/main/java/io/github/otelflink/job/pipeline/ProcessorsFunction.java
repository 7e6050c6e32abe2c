package io.github.otelflink.job.pipeline;

import io.github.otelflink.connectors.UndecodedRequest;
import io.github.otelflink.connectors.decode.OtlpMetricsValidator;
import io.github.otelflink.job.processor.ProcessorConfig;
import io.github.otelflink.job.telemetry.PipelineMetricNames;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

import java.util.List;

/**
 * A pipeline's processors, run once per request for all of the pipeline's exporters, as in the
 * Collector: every exporter, {@code debug} included, sees the processed data. Chained to the
 * receiver, so the request is handed on by reference. An {@link UndecodedRequest} is decoded here
 * only when there are processors to run and the translator cannot run them on its bytes ({@link
 * WireProcessors}).
 */
final class ProcessorsFunction extends RichMapFunction<ExportMetricsServiceRequest, ExportMetricsServiceRequest> {
    private static final long serialVersionUID = 1L;

    private final List<ProcessorConfig> processors;
    /** Whether every exporter's translator runs the processors on undecoded requests. */
    private final boolean onWire;
    private transient ProcessorChain chain;
    private transient Counter pointsIn;

    ProcessorsFunction(List<ProcessorConfig> processors, boolean onWire) {
        this.processors = List.copyOf(processors);
        this.onWire = onWire;
    }

    @Override
    public void open(OpenContext openContext) {
        chain = ProcessorChain.compile(processors);
        pointsIn = getRuntimeContext().getMetricGroup().addGroup(PipelineMetricNames.GROUP).counter(PipelineMetricNames.DATAPOINTS_IN);
    }

    @Override
    public ExportMetricsServiceRequest map(ExportMetricsServiceRequest request) {
        if (UndecodedRequest.isUndecoded(request)) {
            pointsIn.inc(UndecodedRequest.points(request));
            if (chain.isEmpty() || onWire) {
                return request; // the translator reads the bytes, and processes them if need be
            }
            request = UndecodedRequest.decoded(request);
        } else {
            pointsIn.inc(OtlpMetricsValidator.countDataPoints(request));
        }
        return chain.apply(request);
    }
}
