package io.github.otelflink.job.exporter.debug;

import io.github.otelflink.connectors.UndecodedRequest;
import io.github.otelflink.connectors.decode.OtlpMetricsValidator;

import com.google.protobuf.CodedInputStream;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.flink.api.common.functions.MapFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Collector's {@code debug} exporter: logs what passes. {@code basic} logs counts, {@code
 * normal} adds metric names, {@code detailed} the whole request. {@code basic} counts an undecoded
 * request without decoding it (decoding was a fifth of the translating thread's cost), so with it
 * a pipeline's processors can still run on the request's bytes: the processors that can ({@code
 * WireProcessors}) never change these counts.
 */
public final class DebugExporter implements MapFunction<ExportMetricsServiceRequest, Long> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DebugExporter.class);

    private final DebugExporterConfig config;

    public DebugExporter(DebugExporterConfig config) {
        this.config = config;
    }

    @Override
    public Long map(ExportMetricsServiceRequest undecoded) {
        if (config.verbosity() == DebugExporterConfig.Verbosity.BASIC && UndecodedRequest.isUndecoded(undecoded)) {
            long points = UndecodedRequest.points(undecoded);
            LOG.info("{}: {} resource metrics, {} data points", config.id(), resourceMetrics(undecoded), points);
            return points;
        }
        ExportMetricsServiceRequest request = UndecodedRequest.decoded(undecoded);
        long points = OtlpMetricsValidator.countDataPoints(request);
        switch (config.verbosity()) {
            case DETAILED:
                LOG.info("{}: {}", config.id(), request);
                break;
            case NORMAL:
                StringBuilder names = new StringBuilder();
                request.getResourceMetricsList().forEach(rm -> rm.getScopeMetricsList().forEach(sm ->
                        sm.getMetricsList().forEach(m -> names.append(names.length() == 0 ? "" : ", ").append(m.getName()))));
                LOG.info("{}: {} resource metrics, {} data points: {}", config.id(), request.getResourceMetricsCount(),
                        points, names);
                break;
            default:
                LOG.info("{}: {} resource metrics, {} data points", config.id(), request.getResourceMetricsCount(), points);
        }
        return points;
    }

    /** The {@code resource_metrics} of an undecoded request, counted from its top-level fields. */
    static int resourceMetrics(ExportMetricsServiceRequest undecoded) {
        try {
            CodedInputStream in = UndecodedRequest.body(undecoded).newCodedInput();
            int count = 0;
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (tag == (ExportMetricsServiceRequest.RESOURCE_METRICS_FIELD_NUMBER << 3 | 2)) {
                    count++;
                }
                in.skipField(tag);
            }
            return count;
        } catch (IOException e) {
            // The ingress scanned the body before wrapping it.
            throw new UncheckedIOException("an undecoded OTLP request does not read: " + e.getMessage(), e);
        }
    }
}
