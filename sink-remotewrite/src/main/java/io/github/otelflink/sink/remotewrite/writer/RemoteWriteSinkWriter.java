package io.github.otelflink.sink.remotewrite.writer;

import io.github.otelflink.sink.remotewrite.RemoteWriteSinkConfig;
import io.github.otelflink.sink.remotewrite.encode.WriteRequestEncoder;
import io.github.otelflink.sink.remotewrite.http.HttpRemoteWriteClient;
import io.github.otelflink.sink.remotewrite.http.RemoteWriteClient;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import io.github.otelflink.sink.remotewrite.validate.SeriesValidator;

import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriter;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ResultHandler;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The sink writer: validates each series, buffers it (in checkpoint state), cuts batches by
 * points and bytes, and keeps exactly one batch in flight, so a series' points reach the
 * receiver in order. {@code AsyncSinkWriter} waits for the in-flight batch before every
 * checkpoint and snapshots the buffer, so nothing acknowledged upstream is lost.
 */
public final class RemoteWriteSinkWriter extends AsyncSinkWriter<TimeSeries, TimeSeries> {
    private final PointCountingRequestBuffer buffer;
    private final SeriesValidator validator;
    private final SinkMetrics metrics;
    private final RemoteWriteClient client;
    private final ScheduledExecutorService retryTimer;
    private final BatchDelivery delivery;
    private final long maxEntryBytes;
    private volatile int inFlightPoints;

    private RemoteWriteSinkWriter(
            RemoteWriteSinkConfig config,
            WriterInitContext context,
            Collection<BufferedRequestState<TimeSeries>> states,
            PointCountingRequestBuffer buffer) {
        super(
                new IdentityElementConverter(),
                context,
                AsyncSinkWriterConfiguration.builder()
                        .setMaxBatchSize(config.maxSamplesPerSend())
                        .setMaxBatchSizeInBytes(config.maxBatchSizeBytes())
                        .setMaxInFlightRequests(1)
                        .setMaxBufferedRequests(config.maxBufferedSamples())
                        .setMaxTimeInBufferMS(config.flushInterval().toMillis())
                        .setMaxRecordSizeInBytes(config.maxBatchSizeBytes())
                        // A backstop far beyond our own retry budget. If it ever fires, failing the
                        // job (and replaying from the checkpoint) is safe; re-queueing the batch
                        // while its delivery still runs would send it twice, out of order.
                        .setRequestTimeoutMS(config.retry().maxElapsedTime().multipliedBy(2)
                                .plus(config.endpoint().timeout()).plusMinutes(10).toMillis())
                        .setFailOnTimeout(true)
                        .build(),
                states,
                new PointCountBatchCreator(config.maxBatchSizeBytes()),
                buffer);
        this.buffer = buffer;
        this.maxEntryBytes = config.maxBatchSizeBytes();
        this.metrics = new SinkMetrics(context.metricGroup(), () -> (long) buffer.size() + inFlightPoints);
        this.validator = new SeriesValidator(metrics);
        this.client = new HttpRemoteWriteClient(config.endpoint());
        this.retryTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "remote-write-retry");
            t.setDaemon(true);
            return t;
        });
        this.delivery = new BatchDelivery(
                client,
                new ProtocolNegotiation(config.protocol(), config.sendMetadata()),
                config.retry(),
                config.onFailure(),
                metrics,
                (task, delayNanos) -> retryTimer.schedule(task, delayNanos, TimeUnit.NANOSECONDS),
                System::nanoTime,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /** A writer that starts with the given restored buffer (empty for a fresh start). */
    public static RemoteWriteSinkWriter create(
            RemoteWriteSinkConfig config,
            WriterInitContext context,
            Collection<BufferedRequestState<TimeSeries>> states) {
        return new RemoteWriteSinkWriter(config, context, states, new PointCountingRequestBuffer());
    }

    @Override
    public void write(TimeSeries element, Context context) throws IOException, InterruptedException {
        TimeSeries series = validator.validate(element);
        if (series == null || series.pointCount() == 0) {
            return;
        }
        if (getSizeInBytes(series) <= maxEntryBytes) {
            super.write(series, context);
            return;
        }
        // Too big for one request: send it in consecutive slices, which keeps its order.
        int points = series.pointCount();
        int chunk = Math.max(1, (int) (points * (maxEntryBytes / 2) / getSizeInBytes(series)));
        for (int from = 0; from < points; from += chunk) {
            super.write(series.slice(from, Math.min(points, from + chunk)), context);
        }
    }

    @Override
    protected void submitRequestEntries(List<TimeSeries> entries, ResultHandler<TimeSeries> resultHandler) {
        inFlightPoints = BatchDelivery.points(entries);
        delivery.deliver(entries).whenComplete((ignored, error) -> {
            inFlightPoints = 0;
            if (error == null) {
                resultHandler.complete();
            } else {
                resultHandler.completeExceptionally(
                        error instanceof Exception ? (Exception) error : new RuntimeException(error));
            }
        });
    }

    @Override
    protected long getSizeInBytes(TimeSeries requestEntry) {
        return WriteRequestEncoder.encodedSize(requestEntry) + 8;
    }

    @Override
    public void close() {
        retryTimer.shutdownNow();
        client.close();
        super.close();
    }
}
