package io.github.otelflink.connectors.otlp;

import io.github.otelflink.connectors.ArrivalClock;
import io.github.otelflink.connectors.NoSplit;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subtask of the {@link OtlpIngressSource}: runs the servers and emits what they admit.
 *
 * <p>The servers' threads put decoded requests into an {@link ExportQueue}; {@link #pollNext}
 * emits them one request per record, on the task thread, timestamped with their arrival and
 * followed by the arrival-time watermark ({@link ArrivalClock}); {@link #isAvailable()} is the
 * queue's availability future or the idle tick that keeps the watermark moving. With {@link AckMode#CHECKPOINT}
 * each emitted request's answer is filed under the next checkpoint in {@link #snapshotState}
 * (its data precedes that checkpoint's barrier) and sent when {@link #notifyCheckpointComplete}
 * confirms that checkpoint or a later one; an aborted checkpoint's answers wait for the next
 * completed one.
 *
 * <p>On close every client still waiting is answered 503 / {@code UNAVAILABLE}, so it retries
 * (with {@code ack: checkpoint} against the restarted job, which loses nothing).
 */
@Internal
final class OtlpIngressReader implements SourceReader<ExportMetricsServiceRequest, NoSplit> {

    private static final Logger LOG = LoggerFactory.getLogger(OtlpIngressReader.class);

    private final OtlpIngressOptions options;
    private final SourceReaderContext context;
    private final ExportQueue queue;
    private final IngressMetrics metrics;
    /** Emitted, answer owed, in no checkpoint yet. Task thread only. */
    private List<PendingExport> emittedSinceSnapshot = new ArrayList<>();
    /** Answers owed, by the checkpoint that holds their data. Task thread only. */
    private final NavigableMap<Long, List<PendingExport>> awaitingCheckpoint = new TreeMap<>();

    @Nullable private IngressServers servers;
    @Nullable private final String sourceId;
    @Nullable private ExportQueueGroup group;
    /** Where requests that find the queue full wait for room, this reader's own or its group's. */
    @Nullable private ExportWaiters waiters;
    @Nullable private ExportAdmission admission;
    private volatile boolean running;

    /** @param sourceId shared by the readers of one source, whose queues then share requests ({@link ExportQueueGroup}); null for none */
    OtlpIngressReader(OtlpIngressOptions options, SourceReaderContext context, @Nullable String sourceId) {
        this.options = options;
        this.sourceId = sourceId;
        this.context = context;
        this.queue = new ExportQueue(options.maxPendingRequests());
        this.metrics = new IngressMetrics(context.metricGroup());
        metrics.registerPendingRequests(queue::size);
    }

    @Override
    public void start() {
        // A request waits for room at most as long as a refused client would be asked to wait.
        int waiting = options.maxPendingRequests();
        long maxWaitMs = options.retryAfter().toMillis();
        group = sourceId == null ? null : ExportQueueGroup.join(sourceId, queue, waiting, maxWaitMs);
        waiters = group != null ? group.waiters() : new ExportWaiters(waiting, maxWaitMs);
        admission = new ExportAdmission(queue, group, options.ack(), metrics, options.passUndecoded(), waiters);
        metrics.registerWaitingRequests(admission::waitingRequests);
        int subtask = context.getIndexOfSubtask();
        try {
            servers = IngressServers.start(options, admission, metrics, () -> running, "otlp-ingress-" + subtask);
        } catch (IOException e) {
            if (group != null) {
                group.leave(queue);
                group = null;
            } else {
                waiters.close();
            }
            throw new UncheckedIOException("OTLP ingress subtask " + subtask + " cannot start: " + e.getMessage(), e);
        }
        running = true;
        LOG.info("OTLP ingress subtask {} listening: gRPC {}, HTTP {}, health check {}; ack {}, at most {} pending"
                        + " requests", subtask, servers.grpcAddress(), servers.httpAddress(), servers.healthAddress(),
                options.ack(), options.maxPendingRequests());
    }

    @Override
    public InputStatus pollNext(ReaderOutput<ExportMetricsServiceRequest> output) {
        PendingExport next = queue.poll();
        if (next != null) {
            waiters.roomAvailable();
            output.collect(next.takeRequest(), next.arrivalMs());
            if (next.awaitsAnswer()) {
                emittedSinceSnapshot.add(next);
            }
        }
        queue.emitWatermark(output);
        return queue.size() > 0 ? InputStatus.MORE_AVAILABLE : InputStatus.NOTHING_AVAILABLE;
    }

    @Override
    public List<NoSplit> snapshotState(long checkpointId) {
        if (!emittedSinceSnapshot.isEmpty()) {
            awaitingCheckpoint.put(checkpointId, emittedSinceSnapshot);
            emittedSinceSnapshot = new ArrayList<>();
        }
        return List.of();
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        Map<Long, List<PendingExport>> confirmed = awaitingCheckpoint.headMap(checkpointId, true);
        for (List<PendingExport> exports : confirmed.values()) {
            for (PendingExport export : exports) {
                export.acknowledge();
            }
        }
        confirmed.clear();
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return queue.availabilityOrIdleTick();
    }

    @Override
    public void addSplits(List<NoSplit> splits) {}

    @Override
    public void notifyNoMoreSplits() {}

    @Override
    public void close() {
        running = false;
        if (group != null) {
            group.leave(queue); // before the queue closes: no sibling offers to it afterwards
        } else if (waiters != null) {
            waiters.close();
        }
        String reason = "the OTLP ingress is stopping before the data was checkpointed: retry";
        int abandoned = 0;
        int lost = 0;
        for (PendingExport export : queue.close()) {
            if (export.awaitsAnswer()) {
                export.abandon(reason);
                abandoned++;
            } else {
                lost++;
            }
        }
        for (PendingExport export : emittedSinceSnapshot) {
            export.abandon(reason);
            abandoned++;
        }
        emittedSinceSnapshot.clear();
        for (List<PendingExport> exports : awaitingCheckpoint.values()) {
            for (PendingExport export : exports) {
                export.abandon(reason);
                abandoned++;
            }
        }
        awaitingCheckpoint.clear();
        if (servers != null) {
            servers.close();
        }
        if (lost > 0) {
            LOG.warn("OTLP ingress closed with {} acknowledged requests not yet emitted: they are lost"
                    + " (use ack: checkpoint to have clients retry instead)", lost);
        }
        if (abandoned > 0) {
            LOG.info("OTLP ingress closed: {} clients were answered UNAVAILABLE and will retry", abandoned);
        }
    }

    /** Requests admitted here that wait for room in a full queue. */
    int waitingRequests() {
        return admission == null ? 0 : admission.waitingRequests();
    }

    /** Requests queued, not yet emitted. */
    int pendingRequests() {
        return queue.size();
    }

    @Nullable
    IngressServers servers() {
        return servers;
    }
}
