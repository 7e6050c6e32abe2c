package io.github.otelflink.job.processor.filter;

import io.github.otelflink.job.ottl.OtlpTransformContext;
import io.github.otelflink.job.ottl.OttlCompileException;
import io.github.otelflink.job.ottl.OttlCondition;
import io.github.otelflink.job.ottl.OttlConditions;
import io.github.otelflink.job.ottl.OttlContext;
import io.github.otelflink.job.processor.ErrorMode;
import io.github.otelflink.job.processor.MetricsProcessor;

import io.github.otelflink.connectors.decode.OtlpMetricsValidator;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The Collector's {@code filter} processor for metrics: keep only {@code include}d names, drop
 * {@code exclude}d ones, drop metrics where a {@code metric} condition holds and data points
 * where a {@code datapoint} condition holds; a metric left without points, and scopes and
 * resources left empty, are removed.
 */
public final class FilterProcessor implements MetricsProcessor {
    private final FilterProcessorConfig config;
    private final OttlConditions metricConditions;
    private final OttlConditions datapointConditions;
    private final OtlpTransformContext ctx = new OtlpTransformContext();
    private long droppedPoints;

    FilterProcessor(FilterProcessorConfig config, OttlConditions metricConditions, OttlConditions datapointConditions) {
        this.config = config;
        this.metricConditions = metricConditions;
        this.datapointConditions = datapointConditions;
    }

    /** Compiles the processor; adds each problem, with its config path under {@code path}, to {@code problems}. */
    public static FilterProcessor compile(FilterProcessorConfig config, String path, List<String> problems) {
        ErrorMode mode = config.errorMode();
        List<OttlCondition> metric = new ArrayList<>();
        for (int i = 0; i < config.metricConditions().size(); i++) {
            try {
                metric.add(OttlCondition.compile(OttlContext.METRIC, config.metricConditions().get(i)));
            } catch (OttlCompileException e) {
                problems.add(e.describe(path + ".metrics.metric[" + i + "]"));
            }
        }
        List<OttlCondition> datapoint = new ArrayList<>();
        for (int i = 0; i < config.datapointConditions().size(); i++) {
            try {
                datapoint.add(OttlCondition.compile(OttlContext.DATAPOINT, config.datapointConditions().get(i)));
            } catch (OttlCompileException e) {
                problems.add(e.describe(path + ".metrics.datapoint[" + i + "]"));
            }
        }
        return new FilterProcessor(config, new OttlConditions(metric, mode), new OttlConditions(datapoint, mode));
    }

    /** Data points removed so far. */
    long droppedPoints() {
        return droppedPoints;
    }

    @Override
    public void process(ExportMetricsServiceRequest.Builder request) {
        for (int r = request.getResourceMetricsCount() - 1; r >= 0; r--) {
            ResourceMetrics.Builder rm = request.getResourceMetricsBuilder(r);
            ctx.enterResource(rm);
            for (int s = rm.getScopeMetricsCount() - 1; s >= 0; s--) {
                ScopeMetrics.Builder sm = rm.getScopeMetricsBuilder(s);
                ctx.enterScope(sm);
                for (int m = sm.getMetricsCount() - 1; m >= 0; m--) {
                    Metric.Builder metric = sm.getMetricsBuilder(m);
                    if (!keepMetric(metric)) {
                        droppedPoints += OtlpMetricsValidator.countDataPoints(metric);
                        sm.removeMetrics(m);
                    } else if (!datapointConditions.isEmpty() && filterPoints(metric) == 0) {
                        sm.removeMetrics(m);
                    }
                }
                if (sm.getMetricsCount() == 0) {
                    rm.removeScopeMetrics(s);
                }
            }
            if (rm.getScopeMetricsCount() == 0) {
                request.removeResourceMetrics(r);
            }
        }
    }

    private boolean keepMetric(Metric.Builder metric) {
        String name = metric.getName();
        if (config.include() != null && !config.include().matches(name)) {
            return false;
        }
        if (config.exclude() != null && config.exclude().matches(name)) {
            return false;
        }
        if (!metricConditions.isEmpty()) {
            ctx.enterMetric(metric);
            return !metricConditions.matchesAny(ctx);
        }
        return true;
    }

    /** Removes matching points; returns how many are left. */
    private int filterPoints(Metric.Builder metric) {
        ctx.enterMetric(metric);
        switch (metric.getDataCase()) {
            case GAUGE: {
                var g = metric.getGaugeBuilder();
                return filter(g.getDataPointsCount(), i -> ctx.enterDataPoint(g.getDataPointsBuilder(i)), g::removeDataPoints);
            }
            case SUM: {
                var g = metric.getSumBuilder();
                return filter(g.getDataPointsCount(), i -> ctx.enterDataPoint(g.getDataPointsBuilder(i)), g::removeDataPoints);
            }
            case HISTOGRAM: {
                var g = metric.getHistogramBuilder();
                return filter(g.getDataPointsCount(), i -> ctx.enterDataPoint(g.getDataPointsBuilder(i)), g::removeDataPoints);
            }
            case EXPONENTIAL_HISTOGRAM: {
                var g = metric.getExponentialHistogramBuilder();
                return filter(g.getDataPointsCount(), i -> ctx.enterDataPoint(g.getDataPointsBuilder(i)), g::removeDataPoints);
            }
            case SUMMARY: {
                var g = metric.getSummaryBuilder();
                return filter(g.getDataPointsCount(), i -> ctx.enterDataPoint(g.getDataPointsBuilder(i)), g::removeDataPoints);
            }
            default:
                return 0;
        }
    }

    /** Visits points last to first (removal keeps earlier indexes valid); returns how many remain. */
    private int filter(int count, IntConsumer enter, IntConsumer remove) {
        int left = count;
        for (int i = count - 1; i >= 0; i--) {
            enter.accept(i);
            if (datapointConditions.matchesAny(ctx)) {
                remove.accept(i);
                droppedPoints++;
                left--;
            }
        }
        return left;
    }
}
