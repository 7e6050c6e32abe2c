package io.github.otelflink.sink.remotewrite.writer;

import io.github.otelflink.sink.remotewrite.RemoteWriteSinkConfig;
import io.github.otelflink.sink.remotewrite.encode.RemoteWriteProtocol;
import io.github.otelflink.sink.remotewrite.encode.WriteRequestEncoder;
import io.github.otelflink.sink.remotewrite.http.HttpRemoteWriteClient;
import io.github.otelflink.sink.remotewrite.http.RemoteWriteClient;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import io.github.otelflink.sink.remotewrite.validate.DropReason;
import io.github.otelflink.sink.remotewrite.validate.DropListener;
import io.github.otelflink.sink.remotewrite.validate.SeriesValidator;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriter;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.RequestBuffer;
import org.apache.flink.connector.base.sink.writer.RequestEntryWrapper;
import org.apache.flink.connector.base.sink.writer.ResultHandler;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import javax.annotation.Nullable;

/**
 * The sink writer: validates each series, buffers it (in checkpoint state), cuts batches by
 * points and bytes, and keeps one batch in flight per lane, so a series' points reach the
 * receiver in order. With {@code maxConcurrentRequests = 1} (the default) there is one lane; with
 * {@code n > 1} the buffer is a {@link LanedRequestBuffer}: series are split into {@code n} lanes
 * by fingerprint and the lanes send independently. With {@link
 * io.github.otelflink.sink.remotewrite.TenantRouting} every tenant has lanes of its own, and each
 * request carries one tenant's series with that tenant's header. Before each checkpoint the writer
 * waits for the batches in flight and snapshots the buffer, so nothing acknowledged upstream is
 * lost; with lanes, a batch that waits to be retried is not waited for but snapshotted ahead of
 * the buffer ({@link LaneDeliveries}). With a dead-letter target, every dropped point is also written there, and the output is
 * made durable in {@link #flush(boolean)}, after the batches in flight, before each checkpoint.
 */
@Internal
public final class RemoteWriteSinkWriter extends AsyncSinkWriter<TimeSeries, TimeSeries> {
    private final RequestBuffer<TimeSeries> buffer;
    @Nullable private final LanedRequestBuffer lanes;
    @Nullable private final TenantTable tenants;
    /** With tenant routing: how much of the buffer a failing tenant may hold. */
    @Nullable private final TenantBacklogLimit backlogLimit;
    private final MailboxExecutor mailbox;
    private final SeriesValidator validator;
    private final SinkMetrics metrics;
    @Nullable private final DeadLetterRecorder deadLetters;
    /** The metrics, or the dead-letter recorder that also counts. */
    private final DropListener drops;
    private final RemoteWriteClient client;
    private final Runnable closeRetryTimer;
    private final BatchDelivery delivery;
    private final long maxEntryBytes;
    private final int maxBufferedSamples;
    private final AtomicLong inFlightPoints = new AtomicLong();
    /** With lanes: the batch in flight of each lane, for checkpoints. */
    @Nullable private final LaneDeliveries deliveries;

    private RemoteWriteSinkWriter(
            RemoteWriteSinkConfig config,
            WriterInitContext context,
            Collection<BufferedRequestState<TimeSeries>> states,
            RequestBuffer<TimeSeries> buffer,
            @Nullable TenantTable tenants,
            RemoteWriteClient client,
            Scheduler scheduler,
            Runnable closeRetryTimer,
            LongSupplier nanoTime) {
        super(
                new IdentityElementConverter(),
                context,
                configuration(config, buffer),
                states,
                buffer instanceof LanedRequestBuffer
                        ? new LaneBatchCreator(config.maxSamplesPerSend(), config.maxBatchSizeBytes())
                        : new PointCountBatchCreator(config.maxBatchSizeBytes()),
                buffer);
        this.buffer = buffer;
        this.lanes = buffer instanceof LanedRequestBuffer laned ? laned : null;
        this.tenants = tenants;
        this.backlogLimit = tenants == null ? null : TenantBacklogLimit.halfOf(config.maxBufferedSamples());
        this.mailbox = context.getMailboxExecutor();
        this.deliveries = lanes == null ? null : new LaneDeliveries(mailbox);
        this.maxEntryBytes = config.maxBatchSizeBytes();
        this.maxBufferedSamples = config.maxBufferedSamples();
        this.metrics = new SinkMetrics(context.metricGroup(), () -> (long) buffer.size() + inFlightPoints.get(),
                config.deadLetters() != null);
        this.deadLetters = config.deadLetters() == null ? null : deadLetters(config, context, metrics);
        this.drops = deadLetters == null ? metrics : deadLetters;
        // Remote write 2.0 carries UTF-8 names (Prometheus 3); 1.0 keeps the legacy charset, as the
        // Collector allows UTF-8 translation strategies only with 2.0.
        this.validator = new SeriesValidator(drops, config.protocol() == RemoteWriteProtocol.V2);
        this.client = client;
        this.closeRetryTimer = closeRetryTimer;
        this.delivery = new BatchDelivery(
                client,
                new ProtocolNegotiation(config.protocol(), config.sendMetadata(), config.unsentLabel()),
                config.retry(),
                config.onFailure(),
                metrics,
                drops,
                scheduler,
                nanoTime,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    private static DeadLetterRecorder deadLetters(RemoteWriteSinkConfig config, WriterInitContext context,
            SinkMetrics metrics) {
        int subtask = context.getTaskInfo().getIndexOfThisSubtask();
        try {
            return new DeadLetterRecorder(metrics,
                    config.deadLetters().open(subtask, context.getTaskInfo().getAttemptNumber()),
                    System::currentTimeMillis);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the dead-letter output of subtask " + subtask + ": "
                    + e.getMessage(), e);
        }
    }

    private static AsyncSinkWriterConfiguration configuration(
            RemoteWriteSinkConfig config, RequestBuffer<TimeSeries> buffer) {
        int n = config.maxConcurrentRequests();
        // With lanes, AsyncSinkWriter sends when the WHOLE buffer reaches its batch size (or
        // bytes), and then from one lane: ask for about n full batches first, so that the fullest
        // free lane has a full one, not 1/n of one. The lane batch creator caps each batch itself.
        boolean laned = buffer instanceof LanedRequestBuffer;
        int flushAtPoints = laned
                ? (int) Math.min((long) n * config.maxSamplesPerSend(), config.maxBufferedSamples() - 1L)
                : config.maxSamplesPerSend();
        long flushAtBytes = laned ? n * config.maxBatchSizeBytes() : config.maxBatchSizeBytes();
        var builder = AsyncSinkWriterConfiguration.builder()
                .setMaxBatchSize(flushAtPoints)
                .setMaxBatchSizeInBytes(flushAtBytes)
                .setMaxInFlightRequests(laned ? n : 1)
                .setMaxBufferedRequests(config.maxBufferedSamples())
                .setMaxTimeInBufferMS(config.flushInterval().toMillis())
                .setMaxRecordSizeInBytes(config.maxBatchSizeBytes())
                // A backstop far beyond our own retry budget. If it ever fires, failing the
                // job (and replaying from the checkpoint) is safe; re-queueing the batch
                // while its delivery still runs would send it twice, out of order.
                .setRequestTimeoutMS(config.retry().maxElapsedTime().multipliedBy(2)
                        .plus(config.endpoint().timeout()).plusMinutes(10).toMillis())
                .setFailOnTimeout(true);
        if (laned) {
            builder = builder.setRateLimitingStrategy(new LaneBatchCreator.LaneRateLimiting((LanedRequestBuffer) buffer));
        }
        return builder.build();
    }

    /** A writer that starts with the given restored buffer (empty for a fresh start). */
    public static RemoteWriteSinkWriter create(
            RemoteWriteSinkConfig config,
            WriterInitContext context,
            Collection<BufferedRequestState<TimeSeries>> states) {
        ScheduledExecutorService retryTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "remote-write-retry");
            t.setDaemon(true);
            return t;
        });
        return create(config, context, states,
                new HttpRemoteWriteClient(config.endpoint(), config.maxConcurrentRequests()),
                (task, delayNanos) -> retryTimer.schedule(task, delayNanos, TimeUnit.NANOSECONDS),
                retryTimer::shutdownNow,
                System::nanoTime);
    }

    /** A writer with the given client and retry scheduler (tests). */
    static RemoteWriteSinkWriter create(
            RemoteWriteSinkConfig config,
            WriterInitContext context,
            Collection<BufferedRequestState<TimeSeries>> states,
            RemoteWriteClient client,
            Scheduler scheduler,
            Runnable closeScheduler,
            LongSupplier nanoTime) {
        TenantTable tenants = config.tenantRouting() == null ? null : new TenantTable(config.tenantRouting());
        RequestBuffer<TimeSeries> buffer = config.maxConcurrentRequests() > 1 || tenants != null
                ? new LanedRequestBuffer(config.maxConcurrentRequests(), tenants)
                : new PointCountingRequestBuffer();
        WriterInitContext writerContext = buffer instanceof LanedRequestBuffer laned
                ? new YieldTrackingContext(context, laned) : context;
        return new RemoteWriteSinkWriter(
                config, writerContext, states, buffer, tenants, client, scheduler, closeScheduler, nanoTime);
    }

    @Override
    public void write(TimeSeries element, Context context) throws IOException, InterruptedException {
        TimeSeries series = validator.validate(element);
        if (series == null || series.pointCount() == 0) {
            return;
        }
        if (tenants != null && !admitTenant(series)) {
            return;
        }
        if (getSizeInBytes(series) <= maxEntryBytes) {
            add(series, context);
            return;
        }
        // Too big for one request: send it in consecutive slices, which keeps its order.
        int points = series.pointCount();
        int chunk = Math.max(1, (int) (points * (maxEntryBytes / 2) / getSizeInBytes(series)));
        for (int from = 0; from < points; from += chunk) {
            add(series.slice(from, Math.min(points, from + chunk)), context);
        }
    }

    private void add(TimeSeries series, Context context) throws IOException, InterruptedException {
        if (tenants != null && buffer.size() >= maxBufferedSamples) {
            // With tenants, room can come from a healthy tenant while a failing one stays busy.
            lanes.awaitRoomBelow(maxBufferedSamples);
        }
        super.write(series, context);
    }

    /**
     * Whether the series' tenant is sent for, and may buffer more (a failing tenant beyond its
     * share while another flows may not); if not, its points are counted as dropped.
     */
    private boolean admitTenant(TimeSeries series) {
        int slot = tenants.admit(series.labels());
        if (slot >= 0) {
            if (!backlogLimit.mustDrop(slot, lanes.tenantPoints(slot))) {
                return true;
            }
            dropBacklog(slot, series);
            return false;
        }
        DropReason reason = slot == TenantTable.INVALID ? DropReason.INVALID_TENANT : DropReason.TENANT_LIMIT;
        drops.dropped(reason, series, DropListener.NO_STATUS, "refused by the sink's tenant routing: " + reason.label());
        return false;
    }

    @Override
    protected void submitRequestEntries(List<TimeSeries> entries, ResultHandler<TimeSeries> resultHandler) {
        int points = BatchDelivery.points(entries);
        inFlightPoints.addAndGet(points);
        int lane = lanes == null ? 0 : lanes.laneOf(entries.get(0));
        CompletableFuture<Void> delivered;
        if (lanes == null) {
            delivered = delivery.deliver(entries, Map.of());
        } else {
            int slot = lanes.tenantOf(lane);
            BatchDelivery.Run run = delivery.start(entries, tenants == null ? Map.of() : tenants.headers(slot),
                    deliveries.wake(tenants == null ? BatchDelivery.Attempts.IGNORED : tenantAttempts(slot)));
            deliveries.started(lane, run);
            delivered = run.done;
        }
        delivered.whenComplete((ignored, error) -> {
            if (error != null) {
                inFlightPoints.addAndGet(-points);
                resultHandler.completeExceptionally(
                        error instanceof Exception ? (Exception) error : new RuntimeException(error));
            } else if (lanes == null) {
                inFlightPoints.addAndGet(-points);
                resultHandler.complete();
            } else {
                // The lane's state lives on the task thread: release it there. Its buffered
                // entries go back through AsyncSinkWriter so that its flush timer is re-armed.
                mailbox.execute(() -> {
                    deliveries.ended(lane);
                    List<TimeSeries> back = lanes.release(lane);
                    inFlightPoints.addAndGet(-points);
                    if (back.isEmpty()) {
                        resultHandler.complete();
                    } else {
                        resultHandler.retryForEntries(back);
                    }
                }, "release remote-write lane %d", lane);
            }
        });
    }

    /** Drops a failing tenant's newest buffered points beyond its share, while another tenant flows. */
    private void trimBacklog(int slot) {
        if (!backlogLimit.failingWhileOthersFlow(slot)) {
            return;
        }
        for (TimeSeries series : lanes.trimTenant(slot, backlogLimit.share())) {
            dropBacklog(slot, series);
        }
    }

    /** Tells the backlog limit how the tenant's requests of one delivery go. */
    private BatchDelivery.Attempts tenantAttempts(int slot) {
        return new BatchDelivery.Attempts() {
            /** A delivery sends one request at a time, each after the outcome of the one before. */
            private volatile long sentAt;

            @Override
            public void sending() {
                sentAt = backlogLimit.sending();
            }

            @Override
            public void delivered() {
                backlogLimit.delivered(slot);
            }

            @Override
            public void failed() {
                if (backlogLimit.failed(slot, sentAt)) {
                    // Its backlog may have filled the buffer before it was isolated, and the
                    // writer may be waiting for room that only its recovery would make.
                    mailbox.execute(() -> trimBacklog(slot), "trim the backlog of tenant slot %d", slot);
                }
            }
        };
    }

    private void dropBacklog(int slot, TimeSeries series) {
        drops.dropped(DropReason.TENANT_BACKLOG, series, DropListener.NO_STATUS,
                "tenant " + tenants.tenant(slot) + " is failing and holds its share of the sink's buffer ("
                        + backlogLimit.share() + " points) while other tenants are sent");
    }

    @Override
    protected long getSizeInBytes(TimeSeries requestEntry) {
        return WriteRequestEncoder.encodedSize(requestEntry) + 8;
    }

    /**
     * Waits for the batches in flight (and with {@code endOfInput} sends the buffer), then makes
     * the dead letters they produced durable: a checkpoint that completes after this holds no
     * point whose dead letter could be lost. With lanes, a checkpoint does not wait for a batch
     * that waits to be retried: its points go into the checkpoint instead ({@link LaneDeliveries}).
     */
    @Override
    public void flush(boolean endOfInput) throws InterruptedException {
        if (lanes != null && !endOfInput) {
            deliveries.awaitAllButBackoffs(lanes);
        } else {
            super.flush(endOfInput);
        }
        if (deadLetters != null) {
            try {
                deadLetters.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot flush the dead-letter output: " + e.getMessage(), e);
            }
        }
    }

    /** The buffer, with lanes behind the points of batches that wait to be retried (sent first on restore). */
    @Override
    public List<BufferedRequestState<TimeSeries>> snapshotState(long checkpointId) {
        List<BufferedRequestState<TimeSeries>> state = super.snapshotState(checkpointId);
        if (lanes == null) {
            return state;
        }
        List<TimeSeries> pending = deliveries.pending();
        if (pending.isEmpty()) {
            return state;
        }
        List<RequestEntryWrapper<TimeSeries>> entries = new ArrayList<>();
        for (TimeSeries series : pending) {
            entries.add(new RequestEntryWrapper<>(series, getSizeInBytes(series)));
        }
        for (BufferedRequestState<TimeSeries> s : state) {
            entries.addAll(s.getBufferedRequestEntries());
        }
        return List.of(new BufferedRequestState<>(entries));
    }

    /** Closes the client, and the dead-letter output even when that fails (a cancel may interrupt it). */
    @Override
    public void close() {
        try {
            closeRetryTimer.run();
            client.close();
            super.close();
        } finally {
            if (deadLetters != null) {
                try {
                    deadLetters.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot close the dead-letter output: " + e.getMessage(), e);
                }
            }
        }
    }
}
