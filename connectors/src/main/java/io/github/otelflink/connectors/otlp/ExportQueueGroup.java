package io.github.otelflink.connectors.otlp;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The queues of one OTLP ingress source's readers in this JVM (a task manager, or the local
 * MiniCluster), over which every reader's servers spread the requests they admit: each goes to
 * the member with the fewest pending requests, the admitting reader's own queue on a tie.
 *
 * <p>Why: the readers listen on the same ports with {@code SO_REUSEPORT}, and the kernel spreads
 * <em>connections</em> over them, not requests. An OTLP/gRPC client sends everything over one
 * connection, and a few HTTP connections often hash onto one reader, so one subtask decoded and
 * translated everything while the other idled: 77k of 100k samples/s delivered, the rest refused
 * (bench README, eighth round). A request queued on another reader is emitted, checkpointed and
 * (with {@link AckMode#CHECKPOINT}) answered by that reader, exactly as if its servers had
 * received it; its arrival is stamped by that queue's clock, so each reader's watermark still
 * stays below everything it will emit.
 *
 * <p>Readers of other sources or jobs in the same JVM are in other groups: a group is keyed by
 * an id the source draws when it is built, which all its subtasks share.
 */
final class ExportQueueGroup {
    /** Groups by source id; guarded by itself. */
    private static final Map<String, ExportQueueGroup> GROUPS = new HashMap<>();

    private final String sourceId;
    /** Requests any member's admission found all queues full for, waiting for room on any of them. */
    private final ExportWaiters waiters;
    /** Copied on write: offers read it on every request, readers join and leave at start and close. */
    private volatile ExportQueue[] members = new ExportQueue[0];

    private ExportQueueGroup(String sourceId, ExportWaiters waiters) {
        this.sourceId = sourceId;
        this.waiters = waiters;
    }

    /**
     * Adds {@code queue} to the group of {@code sourceId}, made when it is the first, with a
     * waiting room of {@code waiting} requests for at most {@code maxWaitMs} each ({@link ExportWaiters}).
     */
    static ExportQueueGroup join(String sourceId, ExportQueue queue, int waiting, long maxWaitMs) {
        synchronized (GROUPS) {
            ExportQueueGroup group = GROUPS.computeIfAbsent(sourceId,
                    id -> new ExportQueueGroup(id, new ExportWaiters(waiting, maxWaitMs)));
            ExportQueue[] m = Arrays.copyOf(group.members, group.members.length + 1);
            m[m.length - 1] = queue;
            group.members = m;
            return group;
        }
    }

    /** Removes {@code queue}; the group goes when its last queue leaves. */
    void leave(ExportQueue queue) {
        synchronized (GROUPS) {
            members = Arrays.stream(members).filter(q -> q != queue).toArray(ExportQueue[]::new);
            if (members.length == 0) {
                GROUPS.remove(sourceId, this);
                waiters.close();
            }
        }
    }

    /** Where requests wait for room on any member's queue; readers call its {@link ExportWaiters#roomAvailable} as they poll. */
    ExportWaiters waiters() {
        return waiters;
    }

    /** How many queues the group has now. */
    int size() {
        return members.length;
    }

    /**
     * Queues {@code export} on the member with the fewest pending requests ({@code own} on a tie);
     * when that one is full or closed, on the next fewest. Returns {@link ExportQueue.OfferResult#QUEUED}
     * when some member took it, {@code FULL} when one was full, {@code CLOSED} when all were closed.
     */
    ExportQueue.OfferResult offer(ExportQueue own, PendingExport export) {
        ExportQueue[] m = members;
        if (m.length <= 1) {
            return own.offer(export);
        }
        ExportQueue[] byLoad = m.clone();
        int[] load = new int[byLoad.length];
        for (int i = 0; i < byLoad.length; i++) {
            // The own queue counts half a request less, so it wins ties.
            load[i] = byLoad[i].size() * 2 - (byLoad[i] == own ? 1 : 0);
        }
        boolean full = false;
        for (int tried = 0; tried < byLoad.length; tried++) {
            int best = tried;
            for (int i = tried + 1; i < byLoad.length; i++) {
                if (load[i] < load[best]) {
                    best = i;
                }
            }
            ExportQueue q = byLoad[best];
            byLoad[best] = byLoad[tried];
            load[best] = load[tried];
            ExportQueue.OfferResult result = q.offer(export);
            if (result == ExportQueue.OfferResult.QUEUED) {
                return result;
            }
            full |= result == ExportQueue.OfferResult.FULL;
        }
        return full ? ExportQueue.OfferResult.FULL : ExportQueue.OfferResult.CLOSED;
    }
}
