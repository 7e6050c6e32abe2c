package io.github.otelflink.job.exporter.debug;

import io.github.otelflink.connectors.UndecodedRequest;
import io.github.otelflink.connectors.decode.OtlpMetricsValidator;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

import org.apache.flink.api.common.functions.MapFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Collector's {@code debug} exporter: logs what passes. {@code basic} logs counts, {@code
 * normal} adds metric names, {@code detailed} the whole request.
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
}
