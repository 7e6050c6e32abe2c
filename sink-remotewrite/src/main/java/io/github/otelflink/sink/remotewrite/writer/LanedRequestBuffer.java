package io.github.otelflink.sink.remotewrite.writer;

import io.github.otelflink.sink.remotewrite.SeriesFingerprint;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import org.apache.flink.connector.base.sink.writer.RequestBuffer;
import org.apache.flink.connector.base.sink.writer.RequestEntryWrapper;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.IntPredicate;

import javax.annotation.Nullable;

/**
 * The writer's buffer when it may have several requests in flight ({@code maxConcurrentRequests
 * > 1}): one FIFO lane per concurrent request, a series always in the lane {@link
 * SeriesFingerprint#lane} gives it, and at most one batch in flight per lane. Used only on the
 * task (mailbox) thread.
 *
 * <p>What {@code AsyncSinkWriter} sees, and why:
 *
 * <ul>
 *   <li>{@link #size()} counts every buffered point (all lanes), so {@code maxBufferedSamples} stays
 *       a real bound.
 *   <li>{@link #isEmpty()} is true when no <em>free</em> lane holds anything, i.e. nothing can be
 *       sent now. {@code AsyncSinkWriter}'s timer flushes "while not empty"; with the honest
 *       answer it would wait on the task thread for a lane that is retrying, and so stop every
 *       other lane (and the input) for as long as one lane backs off. {@code flush(true)} also
 *       loops while requests are in flight, so it still drains every lane.
 *   <li>A lane whose batch completes is released by the writer with {@link #release}: its
 *       remaining entries are taken out and handed back to {@code AsyncSinkWriter} as "retry"
 *       entries, which it re-adds at the head ({@code prioritize}), in order, and which
 *       (re)arms its flush timer when nothing else was sendable. Until they are back the lane
 *       stays reserved, so nothing written meanwhile can overtake them.
 * </ul>
 *
 * {@link #getBufferedState()} lists the lanes one after the other; each series is in one lane, so
 * its order is kept, and the state format is the single-lane one (restorable with any lane count).
 *
 * <p>With tenant routing ({@link TenantTable}) each tenant has its own lanes, so a tenant that
 * backs off leaves the other tenants' lanes free; a series' tenant is part of its labels, so the
 * state format stays the same and a restored entry finds its tenant's lanes again.
 */
final class LanedRequestBuffer implements RequestBuffer<TimeSeries> {
    private static final int FREE = 0;
    private static final int BUSY = -1;
    // A positive state is the number of handed-back entries still to come back (reserved).

    private final int lanesPerTenant;
    @Nullable private final TenantTable tenants;
    private ArrayDeque<RequestEntryWrapper<TimeSeries>>[] lanes;
    private int[] lanePoints;
    /** Buffered points per tenant slot (its lanes summed); one entry without tenant routing. */
    private int[] tenantPoints;
    private int[] state;
    private long totalBytes;
    private int totalPoints;
    private int busyLanes;
    /** While the writer waits for room for one entry: the bound it waits to get under, else 0. */
    private int awaitingRoomBelow;
    /** How many yields of the writer to its mailbox are running (nested yields count each). */
    private int yieldDepth;

    LanedRequestBuffer(int laneCount) {
        this(laneCount, null);
    }

    /**
     * With {@code tenants}, every tenant has {@code lanesPerTenant} lanes of its own (tenant slot
     * × lanes per tenant + the series' lane), added when the tenant first appears.
     */
    LanedRequestBuffer(int lanesPerTenant, @Nullable TenantTable tenants) {
        this.lanesPerTenant = lanesPerTenant;
        this.tenants = tenants;
        lanes = newLanes(0, lanesPerTenant);
        lanePoints = new int[lanesPerTenant];
        tenantPoints = new int[1];
        state = new int[lanesPerTenant];
    }

    @SuppressWarnings("unchecked")
    private static ArrayDeque<RequestEntryWrapper<TimeSeries>>[] newLanes(int from, int count) {
        ArrayDeque<RequestEntryWrapper<TimeSeries>>[] lanes = new ArrayDeque[count];
        for (int i = from; i < count; i++) {
            lanes[i] = new ArrayDeque<>();
        }
        return lanes;
    }

    int laneCount() {
        return lanes.length;
    }

    int laneOf(TimeSeries series) {
        long fingerprint = series.labels().fingerprint();
        int lane = lanesPerTenant == 1 ? 0 : SeriesFingerprint.lane(fingerprint, lanesPerTenant);
        if (tenants == null) {
            return lane;
        }
        int slot = tenants.slotOf(series.labels());
        int first = slot * lanesPerTenant;
        if (first >= lanes.length) {
            grow(first + lanesPerTenant);
        }
        return first + lane;
    }

    /** The tenant slot of a lane (0 without tenant routing). */
    int tenantOf(int lane) {
        return lane / lanesPerTenant;
    }

    /** Points buffered in the lanes of a tenant slot (taken-out batches and hand-backs not included). */
    int tenantPoints(int slot) {
        return slot < tenantPoints.length ? tenantPoints[slot] : 0;
    }

    private void grow(int laneCount) {
        int old = lanes.length;
        ArrayDeque<RequestEntryWrapper<TimeSeries>>[] grown = newLanes(old, laneCount);
        System.arraycopy(lanes, 0, grown, 0, old);
        lanes = grown;
        lanePoints = Arrays.copyOf(lanePoints, laneCount);
        tenantPoints = Arrays.copyOf(tenantPoints, laneCount / lanesPerTenant);
        state = Arrays.copyOf(state, laneCount);
    }

    @Override
    public void add(RequestEntryWrapper<TimeSeries> entry, boolean prioritize) {
        int lane = laneOf(entry.getRequestEntry());
        if (prioritize) {
            lanes[lane].addFirst(entry);
            if (state[lane] > 0 && --state[lane] == 0) {
                state[lane] = FREE;
                busyLanes--;
            }
        } else {
            lanes[lane].addLast(entry);
            awaitingRoomBelow = 0;
        }
        lanePoints[lane] += entry.getRequestEntry().pointCount();
        tenantPoints[lane / lanesPerTenant] += entry.getRequestEntry().pointCount();
        totalBytes += entry.getSize();
        totalPoints += entry.getRequestEntry().pointCount();
    }

    /** The fullest lane that has entries and nothing in flight, or -1. */
    int fullestFreeLane() {
        int best = -1;
        for (int i = 0; i < lanes.length; i++) {
            if (state[i] == FREE && lanePoints[i] > 0 && (best < 0 || lanePoints[i] > lanePoints[best])) {
                best = i;
            }
        }
        return best;
    }

    RequestEntryWrapper<TimeSeries> peek(int lane) {
        return lanes[lane].peek();
    }

    RequestEntryWrapper<TimeSeries> poll(int lane) {
        RequestEntryWrapper<TimeSeries> e = lanes[lane].poll();
        if (e != null) {
            lanePoints[lane] -= e.getRequestEntry().pointCount();
            tenantPoints[lane / lanesPerTenant] -= e.getRequestEntry().pointCount();
            totalBytes -= e.getSize();
            totalPoints -= e.getRequestEntry().pointCount();
        }
        return e;
    }

    /** A batch of this lane goes out: nothing else of it may, until {@link #release}. */
    void markBusy(int lane) {
        if (state[lane] != FREE) {
            throw new IllegalStateException("lane " + lane + " already has a request in flight");
        }
        state[lane] = BUSY;
        busyLanes++;
    }

    /**
     * The lane's batch is accounted for. Returns the lane's buffered entries, taken out of the
     * buffer, for the writer to hand back to {@code AsyncSinkWriter} (which re-adds them at the
     * head, in order); the lane stays reserved until they are all back. Empty: the lane is free.
     */
    List<TimeSeries> release(int lane) {
        if (state[lane] != BUSY) {
            throw new IllegalStateException("lane " + lane + " has no request in flight");
        }
        List<TimeSeries> back = new ArrayList<>(lanes[lane].size());
        RequestEntryWrapper<TimeSeries> e;
        while ((e = poll(lane)) != null) {
            back.add(e.getRequestEntry());
        }
        if (back.isEmpty()) {
            state[lane] = FREE;
            busyLanes--;
        } else {
            state[lane] = back.size();
        }
        return back;
    }

    /**
     * The writer is about to wait for the buffer to get under {@code maxPoints} before it adds one
     * entry (its next non-prioritized {@link #add} ends the wait). {@code AsyncSinkWriter} waits
     * for room in a loop that yields while {@link LaneBatchCreator.LaneRateLimiting#shouldBlock}
     * and does not look at the buffer's size again: when the lanes that made room drain and only
     * a failing tenant's lanes stay busy, it would wait for that tenant to recover.
     */
    void awaitRoomBelow(int maxPoints) {
        awaitingRoomBelow = maxPoints;
    }

    /**
     * Whether the writer waits for room ({@link #awaitRoomBelow}) and there is room now. Never
     * while the writer yields ({@link YieldTrackingContext}): a completion that runs there flushes
     * in a loop ({@code AsyncSinkWriter.nonBlockingFlush}) for as long as nothing blocks and the
     * buffer holds a batch's worth, counted over busy lanes too. Told not to block when no free
     * lane had anything to send, that loop got an empty batch forever and the task thread spun,
     * never returning to the wait that needed the answer (one run in a few hundred of
     * {@code TenantBacklogWriterTest}).
     */
    boolean roomForAwaitedEntry() {
        return yieldDepth == 0 && awaitingRoomBelow > 0 && totalPoints < awaitingRoomBelow;
    }

    /** The writer yields to its mailbox: mails run until {@link #leaveYield}. */
    void enterYield() {
        yieldDepth++;
    }

    void leaveYield() {
        yieldDepth--;
    }

    /** Whether some lane has a request in flight (or is reserved for entries coming back). */
    boolean anyLaneBusy() {
        return busyLanes > 0;
    }

    /**
     * Whether some lane is reserved for entries coming back, or has a request in flight and is
     * not one of the lanes {@code skip} names.
     */
    boolean anyLaneBusyExcept(IntPredicate skip) {
        if (busyLanes == 0) {
            return false;
        }
        for (int i = 0; i < state.length; i++) {
            if (state[i] > 0 || (state[i] == BUSY && !skip.test(i))) {
                return true;
            }
        }
        return false;
    }

    /** Not in the interface: {@link #fullestFreeLane()} and {@link #poll(int)} are used instead. */
    @Override
    public RequestEntryWrapper<TimeSeries> poll() {
        int lane = fullestFreeLane();
        return lane < 0 ? null : poll(lane);
    }

    @Override
    public RequestEntryWrapper<TimeSeries> peek() {
        int lane = fullestFreeLane();
        return lane < 0 ? null : peek(lane);
    }

    /** True when nothing can be sent now: no lane without a request in flight holds entries. */
    @Override
    public boolean isEmpty() {
        return fullestFreeLane() < 0;
    }

    /** Points buffered in all lanes, not entries. */
    @Override
    public int size() {
        return totalPoints;
    }

    @Override
    public Collection<RequestEntryWrapper<TimeSeries>> getBufferedState() {
        List<RequestEntryWrapper<TimeSeries>> all = new ArrayList<>();
        for (ArrayDeque<RequestEntryWrapper<TimeSeries>> lane : lanes) {
            all.addAll(lane);
        }
        return all;
    }

    /**
     * Takes the newest entries of a tenant's lanes out until it holds at most {@code keepPoints}
     * (whole entries; from its fullest lane each time) and returns them, oldest first per lane.
     * The oldest points stay, so each series' points still go out in order.
     */
    List<TimeSeries> trimTenant(int slot, int keepPoints) {
        List<TimeSeries> removed = new ArrayList<>();
        int first = slot * lanesPerTenant;
        if (first >= lanes.length) {
            return removed;
        }
        while (tenantPoints[slot] > keepPoints) {
            int lane = -1;
            for (int i = first; i < first + lanesPerTenant; i++) {
                if (lanePoints[i] > 0 && (lane < 0 || lanePoints[i] > lanePoints[lane])) {
                    lane = i;
                }
            }
            if (lane < 0) {
                break;
            }
            RequestEntryWrapper<TimeSeries> e = lanes[lane].pollLast();
            int points = e.getRequestEntry().pointCount();
            lanePoints[lane] -= points;
            tenantPoints[slot] -= points;
            totalPoints -= points;
            totalBytes -= e.getSize();
            removed.add(0, e.getRequestEntry());
        }
        return removed;
    }

    @Override
    public long totalSizeInBytes() {
        return totalBytes;
    }
}
