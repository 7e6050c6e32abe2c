package io.github.otelflink.job.ottl;

import io.github.otelflink.job.processor.ErrorMode;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import java.util.List;
import java.util.Objects;

/**
 * The transform processor for metrics: runs compiled {@link ContextStatements} groups, in
 * order, over OTLP builders, changing them in place.
 *
 * <pre>{@code
 * OttlTransformer transformer = new OttlTransformer(List.of(
 *     new ContextStatements(OttlContext.METRIC, List.of(),
 *         List.of(OttlStatement.compile(OttlContext.METRIC,
 *             "set(name, \"otel_\" + name) where name matches \"^(http_requests|cpu_usage).*\"")),
 *         ErrorMode.PROPAGATE),
 *     new ContextStatements(OttlContext.DATAPOINT, List.of(),
 *         List.of(OttlStatement.compile(OttlContext.DATAPOINT, "set(attributes[\"source\"], \"opentelemetry\")")),
 *         ErrorMode.IGNORE)));
 * transformer.apply(requestBuilder);
 * }</pre>
 *
 * <p>Each group visits every item of its context (every resource, scope, metric or data point
 * of every type) before the next group starts, as in the Collector. Groups only look at one
 * {@code ResourceMetrics} at a time, so applying them resource by resource gives the same
 * result as applying them to the whole request.
 *
 * <p>Not thread-safe: compile one per operator instance (e.g. in {@code open()}).
 */
public final class OttlTransformer {

    private final ContextStatements[] groups;
    private final OtlpTransformContext ctx = new OtlpTransformContext();

    public OttlTransformer(List<ContextStatements> groups) {
        this.groups = Objects.requireNonNull(groups, "groups").toArray(new ContextStatements[0]);
    }

    public boolean isEmpty() {
        return groups.length == 0;
    }

    /**
     * Transforms every {@code ResourceMetrics} of the request.
     *
     * @throws OttlEvaluationException when a group with {@link ErrorMode#PROPAGATE} fails; the
     *     request may then be partly transformed
     */
    public void apply(ExportMetricsServiceRequest.Builder request) {
        int n = request.getResourceMetricsCount();
        for (int i = 0; i < n; i++) {
            apply(request.getResourceMetricsBuilder(i));
        }
    }

    /** Transforms one {@code ResourceMetrics}. */
    public void apply(ResourceMetrics.Builder resourceMetrics) {
        for (ContextStatements group : groups) {
            ctx.enterResource(resourceMetrics);
            if (group.context() == OttlContext.RESOURCE) {
                group.execute(ctx);
                continue;
            }
            int scopes = resourceMetrics.getScopeMetricsCount();
            for (int s = 0; s < scopes; s++) {
                ScopeMetrics.Builder scope = resourceMetrics.getScopeMetricsBuilder(s);
                ctx.enterScope(scope);
                if (group.context() == OttlContext.SCOPE) {
                    group.execute(ctx);
                } else {
                    metrics(group, scope);
                }
            }
        }
    }

    /** Number of statements and conditions that failed so far, in all groups. */
    public long failures() {
        long total = 0;
        for (ContextStatements group : groups) {
            total += group.failures();
        }
        return total;
    }

    private void metrics(ContextStatements group, ScopeMetrics.Builder scope) {
        int metrics = scope.getMetricsCount();
        for (int m = 0; m < metrics; m++) {
            Metric.Builder metric = scope.getMetricsBuilder(m);
            ctx.enterMetric(metric);
            if (group.context() == OttlContext.METRIC) {
                group.execute(ctx);
            } else {
                dataPoints(group, metric);
            }
        }
    }

    private void dataPoints(ContextStatements group, Metric.Builder metric) {
        switch (metric.getDataCase()) {
            case GAUGE: {
                Gauge.Builder gauge = metric.getGaugeBuilder();
                for (int i = 0; i < gauge.getDataPointsCount(); i++) {
                    ctx.enterDataPoint(gauge.getDataPointsBuilder(i));
                    group.execute(ctx);
                }
                return;
            }
            case SUM: {
                Sum.Builder sum = metric.getSumBuilder();
                for (int i = 0; i < sum.getDataPointsCount(); i++) {
                    ctx.enterDataPoint(sum.getDataPointsBuilder(i));
                    group.execute(ctx);
                }
                return;
            }
            case HISTOGRAM: {
                Histogram.Builder histogram = metric.getHistogramBuilder();
                for (int i = 0; i < histogram.getDataPointsCount(); i++) {
                    ctx.enterDataPoint(histogram.getDataPointsBuilder(i));
                    group.execute(ctx);
                }
                return;
            }
            case EXPONENTIAL_HISTOGRAM: {
                ExponentialHistogram.Builder histogram = metric.getExponentialHistogramBuilder();
                for (int i = 0; i < histogram.getDataPointsCount(); i++) {
                    ctx.enterDataPoint(histogram.getDataPointsBuilder(i));
                    group.execute(ctx);
                }
                return;
            }
            case SUMMARY: {
                Summary.Builder summary = metric.getSummaryBuilder();
                for (int i = 0; i < summary.getDataPointsCount(); i++) {
                    ctx.enterDataPoint(summary.getDataPointsBuilder(i));
                    group.execute(ctx);
                }
                return;
            }
            default:
        }
    }
}
