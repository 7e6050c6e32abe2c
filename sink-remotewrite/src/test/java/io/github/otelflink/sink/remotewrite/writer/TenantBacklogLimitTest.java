package io.github.otelflink.sink.remotewrite.writer;

import io.github.otelflink.sink.remotewrite.TenantRouting;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import org.apache.flink.connector.base.sink.writer.RequestEntryWrapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The decision of {@link TenantBacklogLimit} and the per-tenant accounting it reads from {@link LanedRequestBuffer}. */
class TenantBacklogLimitTest {
    private static final int A = 1;
    private static final int B = 2;
    private static final int C = 3;

    @Test
    void aFailingTenantAtItsShareIsDroppedOnlyWhileAnotherTenantIsDelivered() {
        TenantBacklogLimit limit = new TenantBacklogLimit(100);
        limit.delivered(B);
        failNow(limit, A);
        assertThat(limit.mustDrop(A, 100)).as("b's success was before a started failing").isFalse();

        limit.delivered(B);
        assertThat(limit.mustDrop(A, 100)).as("b delivered since a fails, but a has not failed since").isFalse();
        failNow(limit, A);
        assertThat(limit.mustDrop(A, 99)).as("below the share").isFalse();
        assertThat(limit.mustDrop(A, 100)).as("at the share, a failed while b is delivered").isTrue();
        assertThat(limit.mustDrop(B, 1_000)).as("a busy but healthy tenant").isFalse();
        assertThat(limit.mustDrop(C, 1_000)).as("a tenant with no outcome yet").isFalse();

        failNow(limit, A);
        assertThat(limit.mustDrop(A, 100)).as("more failures keep a isolated").isTrue();

        limit.delivered(A);
        assertThat(limit.mustDrop(A, 1_000)).as("a recovered: its limit lifts").isFalse();
    }

    @Test
    void nothingIsDroppedWhenEveryTenantFails() {
        TenantBacklogLimit limit = new TenantBacklogLimit(100);
        limit.delivered(A);
        limit.delivered(B);
        failNow(limit, A);
        limit.delivered(B);
        failNow(limit, A);
        assertThat(limit.mustDrop(A, 100)).isTrue();

        failNow(limit, B);
        assertThat(limit.mustDrop(A, 100)).as("b fails too: the receiver is down for all").isFalse();
        assertThat(limit.mustDrop(B, 100)).as("a had no success since b started failing").isFalse();
        failNow(limit, A);
        failNow(limit, B);
        assertThat(limit.mustDrop(A, 100)).isFalse();
        assertThat(limit.mustDrop(B, 100)).isFalse();

        limit.delivered(B);
        assertThat(limit.mustDrop(A, 100)).as("b back first; a still backing off, not seen failing since").isFalse();
        failNow(limit, A);
        assertThat(limit.mustDrop(A, 100)).as("a's next attempt fails while b flows").isTrue();
        assertThat(limit.mustDrop(B, 100)).isFalse();
    }

    @Test
    void tenantsComingBackOneByOneAfterAnOutageOfAllAreNotDropped() {
        TenantBacklogLimit limit = new TenantBacklogLimit(10);
        failNow(limit, A);
        failNow(limit, B);
        failNow(limit, C);
        limit.delivered(C);
        limit.delivered(A);
        assertThat(limit.mustDrop(B, 1_000)).as("b's retry timer has not fired yet").isFalse();
        limit.delivered(B);
        assertThat(limit.mustDrop(B, 1_000)).isFalse();
    }

    @Test
    void aSingleTenantIsNeverDropped() {
        TenantBacklogLimit limit = new TenantBacklogLimit(1);
        limit.delivered(0);
        failNow(limit, 0);
        assertThat(limit.mustDrop(0, Integer.MAX_VALUE)).isFalse();
    }

    @Test
    void theShareIsHalfTheBufferAndAtLeastOnePoint() {
        assertThat(TenantBacklogLimit.halfOf(5000).share()).isEqualTo(2500);
        assertThat(TenantBacklogLimit.halfOf(1).share()).isEqualTo(1);
        assertThatThrownBy(() -> new TenantBacklogLimit(0)).hasMessageContaining("at least 1");
    }

    @Test
    void theBufferCountsEachTenantsPointsAcrossAddTakeAndHandBack() {
        TenantTable tenants = new TenantTable(new TenantRouting(TenantRouting.DEFAULT_LABEL, "X-Scope-OrgID", "anonymous", 10));
        LanedRequestBuffer buffer = new LanedRequestBuffer(2, tenants);
        int a = tenants.admit(labels("a", 0));
        int b = tenants.admit(labels("b", 0));
        for (int s = 0; s < 4; s++) {
            buffer.add(entry("a", s, 3), false);
            buffer.add(entry("b", s, 1), false);
        }
        assertThat(buffer.tenantPoints(a)).isEqualTo(12);
        assertThat(buffer.tenantPoints(b)).isEqualTo(4);
        assertThat(buffer.tenantPoints(0)).as("the default tenant, nothing buffered").isZero();
        assertThat(buffer.tenantPoints(7)).as("a slot not seen yet").isZero();

        // A batch of one of a's lanes goes out: its points leave the tenant's backlog.
        int lane = buffer.laneOf(labelsSeries("a", 0, 3));
        int laneEntries = 0;
        buffer.markBusy(lane);
        while (buffer.peek(lane) != null) {
            buffer.poll(lane);
            laneEntries++;
        }
        assertThat(buffer.tenantPoints(a)).isEqualTo(12 - 3 * laneEntries);
        assertThat(buffer.size()).isEqualTo(buffer.tenantPoints(a) + buffer.tenantPoints(b));

        // Written meanwhile, then handed back at the head on release: counted again when re-added.
        buffer.add(entry("a", 0, 5), false);
        List<TimeSeries> back = buffer.release(lane);
        assertThat(back).hasSize(1);
        assertThat(buffer.tenantPoints(a)).isEqualTo(12 - 3 * laneEntries);
        buffer.add(new RequestEntryWrapper<>(back.get(0), 10), true);
        assertThat(buffer.tenantPoints(a)).isEqualTo(12 - 3 * laneEntries + 5);
        assertThat(buffer.tenantPoints(b)).isEqualTo(4);
    }

    @Test
    void failedSaysWhenATenantBecomesIsolated() {
        TenantBacklogLimit limit = new TenantBacklogLimit(10);
        assertThat(failNow(limit, A)).as("no other tenant flows").isFalse();
        limit.delivered(B);
        assertThat(failNow(limit, A)).as("fails while b flows").isTrue();
        assertThat(failNow(limit, A)).as("already isolated").isFalse();
    }

    @Test
    void aFailureOfARequestSentBeforeAnotherTenantCameBackDoesNotIsolate() {
        TenantBacklogLimit limit = new TenantBacklogLimit(10);
        failNow(limit, A);
        failNow(limit, B);
        // The receiver comes back while a's retry is on the wire: b's retry, sent after it, is
        // answered first; a's is answered 503 after that.
        long aRetry = limit.sending();
        limit.failed(B, limit.sending());
        limit.sending();
        limit.delivered(B);
        assertThat(limit.failed(A, aRetry)).as("a's request was sent before b was healthy").isFalse();
        assertThat(limit.mustDrop(A, 1_000)).isFalse();
        assertThat(limit.failed(A, limit.sending())).as("a's next request, sent while b flows, fails").isTrue();
        assertThat(limit.mustDrop(A, 10)).isTrue();
    }

    @Test
    void aTenantHealthyThroughAFailedSendIsolatesEvenIfItDeliversAgainBeforeTheAnswer() {
        TenantBacklogLimit limit = new TenantBacklogLimit(10);
        limit.delivered(B);
        failNow(limit, A);
        long aRetry = limit.sending();
        limit.delivered(B);
        limit.delivered(B);
        assertThat(limit.failed(A, aRetry)).as("b was healthy when a's retry was sent, and delivered since a fails").isTrue();
    }

    @Test
    void trimmingATenantTakesItsNewestEntriesAndLeavesTheOthers() {
        TenantTable tenants = new TenantTable(new TenantRouting(TenantRouting.DEFAULT_LABEL, "X-Scope-OrgID", "anonymous", 10));
        LanedRequestBuffer buffer = new LanedRequestBuffer(1, tenants);
        int a = tenants.admit(labels("a", 0));
        for (int t = 1; t <= 5; t++) {
            buffer.add(new RequestEntryWrapper<>(TimeSeries.ofSample(labels("a", 0), t * 1000L, t), 10), false);
            buffer.add(new RequestEntryWrapper<>(TimeSeries.ofSample(labels("b", 0), t * 1000L, t), 10), false);
        }
        List<TimeSeries> removed = buffer.trimTenant(a, 2);
        assertThat(removed).extracting(ts -> ts.timestamp(0)).containsExactly(3000L, 4000L, 5000L);
        assertThat(buffer.tenantPoints(a)).isEqualTo(2);
        assertThat(buffer.size()).isEqualTo(7);
        assertThat(buffer.totalSizeInBytes()).isEqualTo(70);
        int lane = buffer.laneOf(labelsSeries("a", 0, 1));
        assertThat(buffer.poll(lane).getRequestEntry().timestamp(0)).as("the oldest stay, in order").isEqualTo(1000L);
        assertThat(buffer.trimTenant(a, 5)).as("within its share").isEmpty();
        assertThat(buffer.trimTenant(9, 0)).as("a slot without lanes").isEmpty();
    }

    /** A request of the tenant sent now, and failed. */
    private static boolean failNow(TenantBacklogLimit limit, int slot) {
        return limit.failed(slot, limit.sending());
    }

    private static Labels labels(String tenant, int s) {
        return Labels.of("__name__", "backlog_test", TenantRouting.DEFAULT_LABEL, tenant, "series", "s" + s);
    }

    private static TimeSeries labelsSeries(String tenant, int s, int points) {
        TimeSeries.Builder ts = TimeSeries.builder(labels(tenant, s));
        for (int p = 1; p <= points; p++) {
            ts.sample(1000L * p, p);
        }
        return ts.build();
    }

    private static RequestEntryWrapper<TimeSeries> entry(String tenant, int s, int points) {
        return new RequestEntryWrapper<>(labelsSeries(tenant, s, points), 10);
    }
}
