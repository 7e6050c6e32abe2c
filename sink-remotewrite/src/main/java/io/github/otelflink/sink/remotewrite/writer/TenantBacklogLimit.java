package io.github.otelflink.sink.remotewrite.writer;

import java.util.Arrays;

/**
 * Bounds the backlog of a failing tenant while another tenant of the subtask is healthy, so that
 * a long outage of one tenant cannot fill the buffer that all tenants of the subtask share and
 * backpressure the others.
 *
 * <p>A tenant is <em>failing</em> from its first retryable failure (429, 5xx, transport error)
 * until its next delivered request. Another tenant is <em>healthy</em> for it when that tenant is
 * not failing and had a delivered request after the failing tenant started failing. A failing
 * tenant is <em>isolated</em> once one of its requests fails that was sent while another tenant
 * was healthy: the receiver is up, only not for it. What counts is when the failed request was
 * sent, not when its answer came: at the end of an outage of all, a request sent before the
 * receiver came back may be answered 503 after another tenant's first success, and that says
 * nothing about the tenant that sent it. An isolated tenant whose buffered points reach {@link
 * #share()} while another tenant is still healthy has its new points dropped ({@code
 * tenant_backlog}). When every tenant fails (the receiver is down for all), none is healthy and
 * nothing is dropped: the subtask backpressures instead. Nor is anything dropped while tenants
 * come back one by one after such an outage: a tenant still backing off is not isolated until its
 * next attempt fails.
 *
 * <p>The writer drops an isolated tenant's new points at its share, and when a tenant becomes
 * isolated ({@link #failed} returns true) takes its newest buffered points beyond the share out
 * (admitted before its isolation showed; they may fill the buffer, and the writer may be waiting
 * for room).
 *
 * <p>Outcomes arrive from the HTTP and retry threads, the question from the task thread: the
 * methods are synchronized. The writer asks only when the tenant's backlog already reached the
 * share, so the lock is not taken per record.
 */
final class TenantBacklogLimit {
    private static final long NOT_FAILING = 0;

    private final int share;
    /** Orders outcomes without a clock: a success "after" a failure has a larger number. */
    private long events;
    /** Per tenant slot: the event that started its failure, or {@link #NOT_FAILING}. */
    private long[] failingSince = new long[4];
    /** Per tenant slot: the event of its last delivered request (0: none). */
    private long[] lastSuccess = new long[4];
    /** Per tenant slot: the event of its first delivered request since it last failed (0: none). */
    private long[] healthySince = new long[4];
    /** Per tenant slot: failing, and a request of it sent while another tenant was healthy failed. */
    private boolean[] isolated = new boolean[4];

    /** The share of a buffer of {@code maxBufferedSamples} points: half of it (at least 1). */
    static TenantBacklogLimit halfOf(int maxBufferedSamples) {
        return new TenantBacklogLimit(Math.max(1, maxBufferedSamples / 2));
    }

    TenantBacklogLimit(int share) {
        if (share < 1) {
            throw new IllegalArgumentException("tenant backlog share must be at least 1 point, got " + share);
        }
        this.share = share;
    }

    /** The most points a failing tenant may hold in the buffer while another tenant is healthy. */
    int share() {
        return share;
    }

    /** A request is about to be sent: the stamp to pass to {@link #failed} if it fails. */
    synchronized long sending() {
        return ++events;
    }

    /**
     * A request of the tenant, sent at {@code sentAt} ({@link #sending}), got a retryable failure
     * (it will be retried, or its retries ran out). Returns whether this made the tenant isolated:
     * its backlog, admitted before, may be beyond its share now.
     */
    synchronized boolean failed(int slot, long sentAt) {
        ensure(slot);
        if (failingSince[slot] == NOT_FAILING) {
            failingSince[slot] = ++events;
            // The last healthy tenant may be failing now (an outage of all): who was isolated by
            // it is not any more, until its own next failure shows another tenant flowing.
            for (int t = 0; t < isolated.length; t++) {
                if (isolated[t] && !othersFlow(t)) {
                    isolated[t] = false;
                }
            }
        }
        boolean was = isolated[slot];
        isolated[slot] = was || othersFlowedWhenSent(slot, sentAt);
        return isolated[slot] && !was;
    }

    /** A request of the tenant was delivered: it is healthy again and its limit lifts. */
    synchronized void delivered(int slot) {
        ensure(slot);
        long event = ++events;
        if (failingSince[slot] != NOT_FAILING || healthySince[slot] == 0) {
            healthySince[slot] = event;
        }
        failingSince[slot] = NOT_FAILING;
        isolated[slot] = false;
        lastSuccess[slot] = event;
    }

    /**
     * Whether a new point of the tenant, which holds {@code bufferedPoints} in the buffer, is to be
     * dropped: it is failing, has reached its share, and some other tenant is healthy.
     */
    boolean mustDrop(int slot, int bufferedPoints) {
        return bufferedPoints >= share && failingWhileOthersFlow(slot);
    }

    /** Whether the tenant is isolated and another tenant is still healthy. */
    synchronized boolean failingWhileOthersFlow(int slot) {
        return slot < isolated.length && isolated[slot] && othersFlow(slot);
    }

    /** Whether another tenant is healthy for the failing tenant: not failing, and delivered since it fails. */
    private boolean othersFlow(int slot) {
        return othersFlowedWhenSent(slot, Long.MAX_VALUE);
    }

    /**
     * Whether another tenant is healthy for the failing tenant and already was when the failing
     * tenant's request stamped {@code sentAt} was sent (healthy since before it).
     */
    private boolean othersFlowedWhenSent(int slot, long sentAt) {
        long since = failingSince[slot];
        for (int t = 0; t < failingSince.length; t++) {
            if (t != slot && failingSince[t] == NOT_FAILING && lastSuccess[t] > since && healthySince[t] < sentAt) {
                return true;
            }
        }
        return false;
    }

    private void ensure(int slot) {
        if (slot >= failingSince.length) {
            int n = Math.max(slot + 1, failingSince.length * 2);
            failingSince = Arrays.copyOf(failingSince, n);
            lastSuccess = Arrays.copyOf(lastSuccess, n);
            healthySince = Arrays.copyOf(healthySince, n);
            isolated = Arrays.copyOf(isolated, n);
        }
    }
}
