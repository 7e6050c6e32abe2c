package io.github.otelflink.job.pipeline;

import io.github.otelflink.connectors.UndecodedRequest;
import io.github.otelflink.job.exporter.prometheusremotewrite.translate.WireEdits;
import io.github.otelflink.job.ottl.ContextStatements;
import io.github.otelflink.job.ottl.OttlContext;
import io.github.otelflink.job.ottl.OttlShapes;
import io.github.otelflink.job.ottl.OttlTransformer;
import io.github.otelflink.job.processor.ProcessorConfig;
import io.github.otelflink.job.processor.batch.BatchProcessorConfig;
import io.github.otelflink.job.processor.memorylimiter.MemoryLimiterProcessorConfig;
import io.github.otelflink.job.processor.resource.ResourceProcessorConfig;
import io.github.otelflink.job.processor.transform.TransformProcessor;
import io.github.otelflink.job.processor.transform.TransformProcessorConfig;

import com.google.protobuf.UnknownFieldSet;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;

import java.util.ArrayList;
import java.util.List;
import javax.annotation.Nullable;

/**
 * A pipeline's processors run by the translator while it reads a request's bytes, for pipelines
 * whose processors allow it: {@code resource} processors and transform groups of the resource
 * context (they see only the resource), metric groups that touch only the metric's name,
 * description and unit, and data point groups that only set attributes to literals. Decoding a
 * request to process it was 20% of the blueprint's translating thread and processing it 10%
 * (JFR, bench's end-to-end run with {@code --processors blueprint}); the data points, the bulk of
 * a request, are then never decoded.
 *
 * <p>Each part runs the processors' own code on a small stand-in for what it edits: the real
 * {@link ProcessorChain} over a request holding only the resource (and the request's client
 * metadata, for {@code from_context}); the metric groups over a metric without data; the data
 * point groups once, at compile time, over a point without attributes. With these shapes that
 * is the processed request's translation exactly: no part reads what another writes, so their
 * order does not matter. Not thread-safe: one per operator.
 */
final class WireProcessors implements WireEdits {
    private final ProcessorChain chain;
    @Nullable private final OttlTransformer metricGroups;
    private final List<KeyValue> pointAttributes;
    /** A request of one metric without data, reused for every metric. */
    private final ResourceMetrics.Builder metricStandIn = ResourceMetrics.newBuilder()
            .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder()));
    /** The current request's fields other than its body: its client metadata. */
    private UnknownFieldSet requestFields = UnknownFieldSet.getDefaultInstance();

    private WireProcessors(ProcessorChain chain, @Nullable OttlTransformer metricGroups, List<KeyValue> pointAttributes) {
        this.chain = chain;
        this.metricGroups = metricGroups;
        this.pointAttributes = pointAttributes;
    }

    /**
     * The processors in this form, or null when one needs the decoded request (a filter, a scope
     * group, a metric group reading other fields, a data point group with conditions or computed
     * values) or when none edits anything. The processors must compile ({@link ProcessorChain#compile}).
     */
    @Nullable
    static WireProcessors compile(List<ProcessorConfig> processors) {
        ProcessorChain chain = ProcessorChain.compile(processors);
        if (chain.isEmpty()) {
            return null;
        }
        List<ContextStatements> metric = new ArrayList<>();
        List<ContextStatements> point = new ArrayList<>();
        for (ProcessorConfig p : processors) {
            if (p instanceof TransformProcessorConfig t) {
                for (ContextStatements group : TransformProcessor.compileGroups(t, "processors." + t.id(), new ArrayList<>())) {
                    if (OttlShapes.editsOnlyMetricIdentity(group)) {
                        metric.add(group);
                    } else if (OttlShapes.setsOnlyConstantPointAttributes(group)) {
                        point.add(group);
                    } else if (group.context() != OttlContext.RESOURCE) {
                        return null;
                    }
                }
            } else if (!(p instanceof ResourceProcessorConfig || p instanceof BatchProcessorConfig
                    || p instanceof MemoryLimiterProcessorConfig)) {
                return null;
            }
        }
        List<KeyValue> set = pointAttributesSetBy(point);
        if (set.size() > WireEdits.MAX_POINT_ATTRIBUTES) {
            return null;
        }
        return new WireProcessors(chain, metric.isEmpty() ? null : new OttlTransformer(metric), set);
    }

    /** What the groups leave on a point that had no attributes: every point gets these. */
    private static List<KeyValue> pointAttributesSetBy(List<ContextStatements> groups) {
        if (groups.isEmpty()) {
            return List.of();
        }
        ResourceMetrics.Builder standIn = ResourceMetrics.newBuilder().addScopeMetrics(ScopeMetrics.newBuilder()
                .addMetrics(Metric.newBuilder().setName("m").setGauge(
                        io.opentelemetry.proto.metrics.v1.Gauge.newBuilder().addDataPoints(NumberDataPoint.getDefaultInstance()))));
        new OttlTransformer(groups).apply(standIn);
        return List.copyOf(standIn.getScopeMetrics(0).getMetrics(0).getGauge().getDataPoints(0).getAttributesList());
    }

    /** Starts a request (an {@link UndecodedRequest}): its client metadata is what {@code from_context} reads. */
    void beginRequest(ExportMetricsServiceRequest request) {
        UnknownFieldSet fields = request.getUnknownFields();
        requestFields = fields.hasField(UndecodedRequest.FIELD)
                ? UnknownFieldSet.newBuilder(fields).clearField(UndecodedRequest.FIELD).build() : fields;
    }

    @Override
    public Resource resource(Resource resource) {
        ExportMetricsServiceRequest standIn = ExportMetricsServiceRequest.newBuilder().setUnknownFields(requestFields)
                .addResourceMetrics(ResourceMetrics.newBuilder().setResource(resource)).build();
        return chain.apply(standIn).getResourceMetrics(0).getResource();
    }

    @Override
    public void metric(String[] identity) {
        if (metricGroups == null) {
            return;
        }
        Metric.Builder m = metricStandIn.getScopeMetricsBuilder(0).getMetricsBuilder(0)
                .setName(identity[0]).setDescription(identity[1]).setUnit(identity[2]);
        metricGroups.apply(metricStandIn);
        identity[0] = m.getName();
        identity[1] = m.getDescription();
        identity[2] = m.getUnit();
    }

    @Override
    public List<KeyValue> pointAttributes() {
        return pointAttributes;
    }
}
