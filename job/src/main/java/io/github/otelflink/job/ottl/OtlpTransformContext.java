package io.github.otelflink.job.ottl;

import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;

/**
 * {@link TransformContext} over OTLP protobuf builders, changed in place. Position it with the
 * {@code enter*} methods from the outside in (entering a level forgets the inner ones), then
 * run statements or conditions on it:
 *
 * <pre>{@code
 * ctx.enterResource(resourceMetrics);
 * ctx.enterScope(scopeMetrics);
 * ctx.enterMetric(metric);
 * ctx.enterDataPoint(metric.getGaugeBuilder().getDataPointsBuilder(0));
 * boolean drop = condition.matches(ctx);
 * }</pre>
 *
 * <p>Not thread-safe; reused for every item to avoid allocation.
 */
public final class OtlpTransformContext implements TransformContext {

    private enum PointKind { NONE, NUMBER, HISTOGRAM, EXPONENTIAL_HISTOGRAM, SUMMARY }

    private ResourceMetrics.Builder resourceMetrics;
    private ScopeMetrics.Builder scopeMetrics;
    private Metric.Builder metric;
    private PointKind pointKind = PointKind.NONE;
    private NumberDataPoint.Builder numberPoint;
    private HistogramDataPoint.Builder histogramPoint;
    private ExponentialHistogramDataPoint.Builder exponentialPoint;
    private SummaryDataPoint.Builder summaryPoint;

    // Resource and scope builders are fetched lazily: getResourceBuilder() marks the field present.
    private Resource.Builder resource;
    private InstrumentationScope.Builder scope;

    private final KeyValueAttributes.OfResource resourceAttributes = new KeyValueAttributes.OfResource();
    private final KeyValueAttributes.OfScope scopeAttributes = new KeyValueAttributes.OfScope();
    private final KeyValueAttributes.OfNumberPoint numberAttributes = new KeyValueAttributes.OfNumberPoint();
    private final KeyValueAttributes.OfHistogramPoint histogramAttributes = new KeyValueAttributes.OfHistogramPoint();
    private final KeyValueAttributes.OfExponentialHistogramPoint exponentialAttributes =
            new KeyValueAttributes.OfExponentialHistogramPoint();
    private final KeyValueAttributes.OfSummaryPoint summaryAttributes = new KeyValueAttributes.OfSummaryPoint();

    public void enterResource(ResourceMetrics.Builder resourceMetrics) {
        this.resourceMetrics = resourceMetrics;
        this.resource = null;
        enterScope(null);
    }

    public void enterScope(ScopeMetrics.Builder scopeMetrics) {
        this.scopeMetrics = scopeMetrics;
        this.scope = null;
        enterMetric(null);
    }

    public void enterMetric(Metric.Builder metric) {
        this.metric = metric;
        leavePoint();
    }

    public void enterDataPoint(NumberDataPoint.Builder point) {
        leavePoint();
        pointKind = PointKind.NUMBER;
        numberPoint = point;
        numberAttributes.bind(point);
    }

    public void enterDataPoint(HistogramDataPoint.Builder point) {
        leavePoint();
        pointKind = PointKind.HISTOGRAM;
        histogramPoint = point;
        histogramAttributes.bind(point);
    }

    public void enterDataPoint(ExponentialHistogramDataPoint.Builder point) {
        leavePoint();
        pointKind = PointKind.EXPONENTIAL_HISTOGRAM;
        exponentialPoint = point;
        exponentialAttributes.bind(point);
    }

    public void enterDataPoint(SummaryDataPoint.Builder point) {
        leavePoint();
        pointKind = PointKind.SUMMARY;
        summaryPoint = point;
        summaryAttributes.bind(point);
    }

    private void leavePoint() {
        pointKind = PointKind.NONE;
        numberPoint = null;
        histogramPoint = null;
        exponentialPoint = null;
        summaryPoint = null;
    }

    @Override
    public AttributeMap attributes(OttlContext owner) {
        switch (owner) {
            case RESOURCE:
                resourceAttributes.bind(resource());
                return resourceAttributes;
            case SCOPE:
                scopeAttributes.bind(scope());
                return scopeAttributes;
            case DATAPOINT:
                switch (pointKind) {
                    case NUMBER: return numberAttributes;
                    case HISTOGRAM: return histogramAttributes;
                    case EXPONENTIAL_HISTOGRAM: return exponentialAttributes;
                    case SUMMARY: return summaryAttributes;
                    default: throw new IllegalStateException("no data point entered");
                }
            default:
                throw new IllegalArgumentException("metrics have no attributes");
        }
    }

    private Resource.Builder resource() {
        if (resource == null) {
            resource = resourceMetrics.getResourceBuilder();
        }
        return resource;
    }

    private InstrumentationScope.Builder scope() {
        if (scope == null) {
            scope = scopeMetrics.getScopeBuilder();
        }
        return scope;
    }

    @Override
    public Object get(TelemetryField field) {
        switch (field) {
            case RESOURCE_DROPPED_ATTRIBUTES_COUNT: return (long) resource().getDroppedAttributesCount();
            case RESOURCE_SCHEMA_URL: return resourceMetrics.getSchemaUrl();
            case SCOPE_NAME: return scope().getName();
            case SCOPE_VERSION: return scope().getVersion();
            case SCOPE_DROPPED_ATTRIBUTES_COUNT: return (long) scope().getDroppedAttributesCount();
            case SCOPE_SCHEMA_URL: return scopeMetrics.getSchemaUrl();
            case METRIC_NAME: return metric.getName();
            case METRIC_DESCRIPTION: return metric.getDescription();
            case METRIC_UNIT: return metric.getUnit();
            case METRIC_TYPE: return metricType();
            case METRIC_AGGREGATION_TEMPORALITY: return temporality();
            case METRIC_IS_MONOTONIC:
                return metric.getDataCase() == Metric.DataCase.SUM ? metric.getSumBuilder().getIsMonotonic() : null;
            default:
                return DataPointFields.get(this, field);
        }
    }

    @Override
    public void set(TelemetryField field, Object value) {
        switch (field) {
            case RESOURCE_DROPPED_ATTRIBUTES_COUNT: resource().setDroppedAttributesCount((int) (long) (Long) value); return;
            case RESOURCE_SCHEMA_URL: resourceMetrics.setSchemaUrl((String) value); return;
            case SCOPE_NAME: scope().setName((String) value); return;
            case SCOPE_VERSION: scope().setVersion((String) value); return;
            case SCOPE_DROPPED_ATTRIBUTES_COUNT: scope().setDroppedAttributesCount((int) (long) (Long) value); return;
            case SCOPE_SCHEMA_URL: scopeMetrics.setSchemaUrl((String) value); return;
            case METRIC_NAME: metric.setName((String) value); return;
            case METRIC_DESCRIPTION: metric.setDescription((String) value); return;
            case METRIC_UNIT: metric.setUnit((String) value); return;
            case METRIC_TYPE: return; // read-only
            case METRIC_AGGREGATION_TEMPORALITY: setTemporality((int) (long) (Long) value); return;
            case METRIC_IS_MONOTONIC:
                if (metric.getDataCase() == Metric.DataCase.SUM) {
                    metric.getSumBuilder().setIsMonotonic((Boolean) value);
                }
                return;
            default:
                DataPointFields.set(this, field, value);
        }
    }

    private long metricType() {
        switch (metric.getDataCase()) {
            case GAUGE: return 1;
            case SUM: return 2;
            case HISTOGRAM: return 3;
            case EXPONENTIAL_HISTOGRAM: return 4;
            case SUMMARY: return 5;
            default: return 0;
        }
    }

    private Object temporality() {
        switch (metric.getDataCase()) {
            case SUM: return (long) metric.getSumBuilder().getAggregationTemporalityValue();
            case HISTOGRAM: return (long) metric.getHistogramBuilder().getAggregationTemporalityValue();
            case EXPONENTIAL_HISTOGRAM: return (long) metric.getExponentialHistogramBuilder().getAggregationTemporalityValue();
            default: return null;
        }
    }

    private void setTemporality(int value) {
        switch (metric.getDataCase()) {
            case SUM: metric.getSumBuilder().setAggregationTemporalityValue(value); return;
            case HISTOGRAM: metric.getHistogramBuilder().setAggregationTemporalityValue(value); return;
            case EXPONENTIAL_HISTOGRAM: metric.getExponentialHistogramBuilder().setAggregationTemporalityValue(value); return;
            default:
        }
    }

    /** Data point fields, by point type. */
    private static final class DataPointFields {

        static Object get(OtlpTransformContext c, TelemetryField field) {
            switch (c.pointKind) {
                case NUMBER: return number(c.numberPoint, field);
                case HISTOGRAM: return histogram(c.histogramPoint, field);
                case EXPONENTIAL_HISTOGRAM: return exponential(c.exponentialPoint, field);
                case SUMMARY: return summary(c.summaryPoint, field);
                default: throw new IllegalStateException("no data point entered");
            }
        }

        private static Object number(NumberDataPoint.Builder p, TelemetryField field) {
            switch (field) {
                case DATAPOINT_TIME_UNIX_NANO: return p.getTimeUnixNano();
                case DATAPOINT_START_TIME_UNIX_NANO: return p.getStartTimeUnixNano();
                case DATAPOINT_FLAGS: return (long) p.getFlags();
                case DATAPOINT_VALUE_DOUBLE: return p.getAsDouble();
                case DATAPOINT_VALUE_INT: return p.getAsInt();
                default: return null;
            }
        }

        private static Object histogram(HistogramDataPoint.Builder p, TelemetryField field) {
            switch (field) {
                case DATAPOINT_TIME_UNIX_NANO: return p.getTimeUnixNano();
                case DATAPOINT_START_TIME_UNIX_NANO: return p.getStartTimeUnixNano();
                case DATAPOINT_FLAGS: return (long) p.getFlags();
                case DATAPOINT_COUNT: return p.getCount();
                case DATAPOINT_SUM: return p.hasSum() ? p.getSum() : null;
                default: return null;
            }
        }

        private static Object exponential(ExponentialHistogramDataPoint.Builder p, TelemetryField field) {
            switch (field) {
                case DATAPOINT_TIME_UNIX_NANO: return p.getTimeUnixNano();
                case DATAPOINT_START_TIME_UNIX_NANO: return p.getStartTimeUnixNano();
                case DATAPOINT_FLAGS: return (long) p.getFlags();
                case DATAPOINT_COUNT: return p.getCount();
                case DATAPOINT_SUM: return p.hasSum() ? p.getSum() : null;
                case DATAPOINT_SCALE: return (long) p.getScale();
                case DATAPOINT_ZERO_COUNT: return p.getZeroCount();
                default: return null;
            }
        }

        private static Object summary(SummaryDataPoint.Builder p, TelemetryField field) {
            switch (field) {
                case DATAPOINT_TIME_UNIX_NANO: return p.getTimeUnixNano();
                case DATAPOINT_START_TIME_UNIX_NANO: return p.getStartTimeUnixNano();
                case DATAPOINT_FLAGS: return (long) p.getFlags();
                case DATAPOINT_COUNT: return p.getCount();
                case DATAPOINT_SUM: return p.getSum();
                default: return null;
            }
        }

        static void set(OtlpTransformContext c, TelemetryField field, Object value) {
            switch (c.pointKind) {
                case NUMBER: setNumber(c.numberPoint, field, value); return;
                case HISTOGRAM: setHistogram(c.histogramPoint, field, value); return;
                case EXPONENTIAL_HISTOGRAM: setExponential(c.exponentialPoint, field, value); return;
                case SUMMARY: setSummary(c.summaryPoint, field, value); return;
                default: throw new IllegalStateException("no data point entered");
            }
        }

        private static void setNumber(NumberDataPoint.Builder p, TelemetryField field, Object value) {
            switch (field) {
                case DATAPOINT_TIME_UNIX_NANO: p.setTimeUnixNano((Long) value); return;
                case DATAPOINT_START_TIME_UNIX_NANO: p.setStartTimeUnixNano((Long) value); return;
                case DATAPOINT_FLAGS: p.setFlags((int) (long) (Long) value); return;
                case DATAPOINT_VALUE_DOUBLE: p.setAsDouble((Double) value); return;
                case DATAPOINT_VALUE_INT: p.setAsInt((Long) value); return;
                default:
            }
        }

        private static void setHistogram(HistogramDataPoint.Builder p, TelemetryField field, Object value) {
            switch (field) {
                case DATAPOINT_TIME_UNIX_NANO: p.setTimeUnixNano((Long) value); return;
                case DATAPOINT_START_TIME_UNIX_NANO: p.setStartTimeUnixNano((Long) value); return;
                case DATAPOINT_FLAGS: p.setFlags((int) (long) (Long) value); return;
                case DATAPOINT_COUNT: p.setCount((Long) value); return;
                case DATAPOINT_SUM: p.setSum((Double) value); return;
                default:
            }
        }

        private static void setExponential(ExponentialHistogramDataPoint.Builder p, TelemetryField field, Object value) {
            switch (field) {
                case DATAPOINT_TIME_UNIX_NANO: p.setTimeUnixNano((Long) value); return;
                case DATAPOINT_START_TIME_UNIX_NANO: p.setStartTimeUnixNano((Long) value); return;
                case DATAPOINT_FLAGS: p.setFlags((int) (long) (Long) value); return;
                case DATAPOINT_COUNT: p.setCount((Long) value); return;
                case DATAPOINT_SUM: p.setSum((Double) value); return;
                case DATAPOINT_SCALE: p.setScale((int) (long) (Long) value); return;
                case DATAPOINT_ZERO_COUNT: p.setZeroCount((Long) value); return;
                default:
            }
        }

        private static void setSummary(SummaryDataPoint.Builder p, TelemetryField field, Object value) {
            switch (field) {
                case DATAPOINT_TIME_UNIX_NANO: p.setTimeUnixNano((Long) value); return;
                case DATAPOINT_START_TIME_UNIX_NANO: p.setStartTimeUnixNano((Long) value); return;
                case DATAPOINT_FLAGS: p.setFlags((int) (long) (Long) value); return;
                case DATAPOINT_COUNT: p.setCount((Long) value); return;
                case DATAPOINT_SUM: p.setSum((Double) value); return;
                default:
            }
        }
    }
}
