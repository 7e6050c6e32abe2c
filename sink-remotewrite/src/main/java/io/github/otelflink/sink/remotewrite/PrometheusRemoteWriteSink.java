package io.github.otelflink.sink.remotewrite;

import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import io.github.otelflink.sink.remotewrite.writer.IdentityElementConverter;
import io.github.otelflink.sink.remotewrite.writer.RemoteWriteSinkWriter;
import io.github.otelflink.sink.remotewrite.writer.TimeSeriesStateSerializer;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.AsyncSinkBase;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreWriteTopology;
import org.apache.flink.streaming.api.datastream.DataStream;

import java.util.Collection;
import java.util.List;

/**
 * A Flink sink that writes {@link TimeSeries} to a Prometheus remote-write receiver.
 *
 * <pre>{@code
 * stream.sinkTo(PrometheusRemoteWriteSink.builder()
 *         .endpoint("https://prometheus:9090/api/v1/write")
 *         .tls(TlsOptions.defaults().withCaFile("ca.crt").withClientCertificate("tls.crt", "tls.key"))
 *         .build());
 * }</pre>
 *
 * <p>Delivery is at-least-once: buffered series are part of the checkpoint and the in-flight
 * batch completes before a checkpoint does; samples replayed after a restore that the receiver
 * already has are recognised and counted as already delivered. Each series is routed to one
 * subtask by its label fingerprint (unless {@code partitionBySeries(false)}), and within a subtask
 * to one lane by the same fingerprint; each lane has one request in flight (one lane unless
 * {@code maxConcurrentRequests(n)}), so per-series order holds at any parallelism. See the module
 * README for every option and metric.
 */
@PublicEvolving
public final class PrometheusRemoteWriteSink extends AsyncSinkBase<TimeSeries, TimeSeries>
        implements SupportsPreWriteTopology<TimeSeries> {
    private static final long serialVersionUID = 1L;

    private final RemoteWriteSinkConfig config;

    PrometheusRemoteWriteSink(RemoteWriteSinkConfig config) {
        super(
                new IdentityElementConverter(),
                config.maxSamplesPerSend(),
                config.maxConcurrentRequests(),
                config.maxBufferedSamples(),
                config.maxBatchSizeBytes(),
                config.flushInterval().toMillis(),
                config.maxBatchSizeBytes());
        this.config = config;
    }

    public static PrometheusRemoteWriteSinkBuilder builder() {
        return new PrometheusRemoteWriteSinkBuilder();
    }

    /** The validated configuration the writers are created from. */
    @Internal
    public RemoteWriteSinkConfig config() {
        return config;
    }

    @Override
    public StatefulSinkWriter<TimeSeries, BufferedRequestState<TimeSeries>> createWriter(WriterInitContext context) {
        return RemoteWriteSinkWriter.create(config, context, List.of());
    }

    @Override
    public StatefulSinkWriter<TimeSeries, BufferedRequestState<TimeSeries>> restoreWriter(
            WriterInitContext context, Collection<BufferedRequestState<TimeSeries>> recoveredState) {
        return RemoteWriteSinkWriter.create(config, context, recoveredState);
    }

    @Override
    public SimpleVersionedSerializer<BufferedRequestState<TimeSeries>> getWriterStateSerializer() {
        return new TimeSeriesStateSerializer();
    }

    /**
     * Routes every series to one subtask by its label fingerprint, so that its points are sent by
     * one writer, in order. Skipped when the input is already partitioned that way.
     */
    @Override
    public DataStream<TimeSeries> addPreWriteTopology(DataStream<TimeSeries> input) {
        if (!config.partitionBySeries()) {
            return input;
        }
        return input.partitionCustom(new SeriesFingerprint.Partitioner(), new SeriesFingerprint());
    }
}
