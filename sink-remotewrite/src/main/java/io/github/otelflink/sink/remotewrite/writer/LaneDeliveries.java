package io.github.otelflink.sink.remotewrite.writer;

import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import org.apache.flink.api.common.operators.MailboxExecutor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The deliveries in flight of a writer with lanes ({@link LanedRequestBuffer}), by lane, so that a
 * checkpoint does not wait for a delivery that only waits out a retry backoff.
 *
 * <p>{@code AsyncSinkWriter} waits for every request in flight before a checkpoint. With tenant
 * routing, a tenant whose receiver fails for minutes would then hold every checkpoint of the
 * subtask, and with it the input of every other tenant, for up to {@code max_elapsed_time}.
 * Instead, a checkpoint waits only for requests on the wire (bounded by the endpoint's {@code
 * timeout}) and for lanes whose entries are on their way back; a delivery in backoff goes on, and
 * its series not yet accounted for go into the checkpoint ahead of the buffer ({@link
 * #pending()}), so a restore sends them again, first. A delivery that ends between the wait and
 * the snapshot is then sent twice after a restore, which the receiver takes as a replay (samples
 * it already has are accepted again or refused as out of order and counted as delivered).
 *
 * <p>Used on the task thread, except {@link #wake}'s callback.
 */
final class LaneDeliveries {
    private final MailboxExecutor mailbox;
    private final Map<Integer, BatchDelivery.Run> byLane = new HashMap<>();
    /** While a checkpoint waits on the task thread: a delivery that starts to back off wakes it. */
    private volatile boolean checkpointWaiting;

    LaneDeliveries(MailboxExecutor mailbox) {
        this.mailbox = mailbox;
    }

    /** {@code attempts}, and a mail to the waiting checkpoint when the delivery starts to back off. */
    BatchDelivery.Attempts wake(BatchDelivery.Attempts attempts) {
        return new BatchDelivery.Attempts() {
            @Override
            public void sending() {
                attempts.sending();
            }

            @Override
            public void delivered() {
                attempts.delivered();
            }

            @Override
            public void failed() {
                attempts.failed();
            }

            @Override
            public void waiting() {
                attempts.waiting();
                if (checkpointWaiting) {
                    mailbox.execute(() -> {}, "a remote-write delivery backs off");
                }
            }
        };
    }

    void started(int lane, BatchDelivery.Run run) {
        byLane.put(lane, run);
    }

    /** The lane's delivery is accounted for (its lane is being released). */
    void ended(int lane) {
        byLane.remove(lane);
    }

    /**
     * Before a checkpoint: yields to the mailbox until no lane has a request on the wire or entries
     * on their way back; lanes whose delivery waits to retry are not waited for.
     */
    void awaitAllButBackoffs(LanedRequestBuffer lanes) throws InterruptedException {
        checkpointWaiting = true;
        try {
            while (lanes.anyLaneBusyExcept(this::waitsToRetry)) {
                mailbox.yield();
            }
        } finally {
            checkpointWaiting = false;
        }
    }

    private boolean waitsToRetry(int lane) {
        BatchDelivery.Run run = byLane.get(lane);
        return run != null && run.waitingToRetry() && !run.done.isDone();
    }

    /** The series of every delivery in flight not yet accounted for, each delivery's in order. */
    List<TimeSeries> pending() {
        List<TimeSeries> pending = new ArrayList<>();
        for (BatchDelivery.Run run : byLane.values()) {
            pending.addAll(run.pending());
        }
        return pending;
    }
}
