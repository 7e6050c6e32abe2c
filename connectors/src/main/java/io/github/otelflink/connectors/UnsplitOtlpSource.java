package io.github.otelflink.connectors;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The plumbing of an unbounded OTLP source whose subtasks each work alone (a listening ingress, a
 * scrape loop): no splits to assign, nothing in the enumerator to checkpoint. Subclasses create
 * the reader.
 */
@Internal
public abstract class UnsplitOtlpSource
        implements Source<ExportMetricsServiceRequest, NoSplit, NoSplitEnumerator.State>,
                ResultTypeQueryable<ExportMetricsServiceRequest> {
    private static final long serialVersionUID = 1L;

    @Override
    public final Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public final SplitEnumerator<NoSplit, NoSplitEnumerator.State> createEnumerator(
            SplitEnumeratorContext<NoSplit> context) {
        return new NoSplitEnumerator();
    }

    @Override
    public final SplitEnumerator<NoSplit, NoSplitEnumerator.State> restoreEnumerator(
            SplitEnumeratorContext<NoSplit> context, NoSplitEnumerator.State checkpoint) {
        return new NoSplitEnumerator();
    }

    @Override
    public final SimpleVersionedSerializer<NoSplit> getSplitSerializer() {
        return new NoSplit.Serializer();
    }

    @Override
    public final SimpleVersionedSerializer<NoSplitEnumerator.State> getEnumeratorCheckpointSerializer() {
        return new NoSplitEnumerator.StateSerializer();
    }

    @Override
    public final TypeInformation<ExportMetricsServiceRequest> getProducedType() {
        return OtlpMetricsTypeInfo.INSTANCE;
    }
}
