package io.github.otelflink.sink.remotewrite.writer;

import io.github.otelflink.sink.remotewrite.PrometheusRemoteWriteSink;
import io.github.otelflink.sink.remotewrite.RemoteWriteSinkConfig;
import io.github.otelflink.sink.remotewrite.TenantRouting;
import io.github.otelflink.sink.remotewrite.http.RemoteWriteResponse;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import io.github.otelflink.sink.remotewrite.retry.RetryPolicy;

import org.apache.flink.connector.base.sink.writer.RequestEntryWrapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenant routing in a real writer on a real mailbox, against {@link LaneProbeClient}: one tenant
 * per request, its header, the routing label never sent, and a failing tenant that does not hold
 * back the other one.
 */
class TenantLanesTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String HEADER = "X-Scope-OrgID";
    private static final int SERIES = 8;
    private static final int SAMPLES = 20;

    private static RemoteWriteSinkConfig config(int maxTenants) {
        return PrometheusRemoteWriteSink.builder()
                .endpoint("http://unused.invalid/api/v1/write")
                .retry(new RetryPolicy(true, Duration.ofMillis(1), 0.5, 1.5, Duration.ofMillis(5), Duration.ofMinutes(5)))
                .maxSamplesPerSend(10)
                .maxBufferedSamples(2000)
                .flushInterval(Duration.ofMillis(20))
                .tenantRouting(new TenantRouting(TenantRouting.DEFAULT_LABEL, HEADER, "anonymous", maxTenants))
                .build()
                .config();
    }

    /** The same label sets in every tenant: the tenant label alone tells them apart. */
    private static Labels labels(String tenant, int s) {
        return tenant == null
                ? Labels.of("__name__", "tenant_test", "series", "s" + s)
                : Labels.of("__name__", "tenant_test", "__tenant_id__", tenant, "series", "s" + s);
    }

    private static List<TimeSeries> input(String... tenants) {
        List<TimeSeries> input = new ArrayList<>();
        for (int t = 1; t <= SAMPLES; t++) {
            for (int s = 0; s < SERIES; s++) {
                for (String tenant : tenants) {
                    // The value tells the tenants apart in what the fake receives.
                    input.add(TimeSeries.ofSample(labels(tenant, s), t * 1000L, t));
                }
            }
        }
        return input;
    }

    private static List<Long> inOrder() {
        return LongStream.rangeClosed(1, SAMPLES).map(t -> t * 1000L).boxed().toList();
    }

    private static RemoteWriteResponse status(int status) {
        return new RemoteWriteResponse(status, Map.of(), "");
    }

    /** Samples accepted, all tenants. */
    private static long acceptedSamples(LaneProbeClient client) {
        return client.accepted().values().stream().mapToLong(List::size).sum();
    }

    @Test
    void everyRequestCarriesOneTenantInItsHeaderAndNoRoutingLabel() throws Exception {
        LaneProbeClient client = new LaneProbeClient(3, r -> status(204));
        try (WriterHarness harness = new WriterHarness(config(10), client, input("a", "b", null)).start()) {
            harness.done.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
        List<LaneProbeClient.Request> sent = client.sent();
        assertThat(sent).isNotEmpty();
        for (LaneProbeClient.Request r : sent) {
            assertThat(r.headers()).as("request %d's headers", r.index()).containsOnlyKeys(HEADER);
            assertThat(r.labelNames()).as("labels sent").doesNotContain("__tenant_id__");
        }
        assertThat(sent).extracting(r -> r.headers().get(HEADER)).containsOnly("a", "b", "anonymous");
        // Identical label sets in three tenants are three series, each complete and in order.
        for (String tenant : List.of("a", "b", "anonymous")) {
            for (int s = 0; s < SERIES; s++) {
                assertThat(client.accepted().get(tenant + "/s" + s)).as(tenant + "/s" + s).isEqualTo(inOrder());
            }
        }
        assertThat(client.violations).isEmpty();
    }

    @Test
    void aFailingTenantDoesNotHoldBackTheOtherAndLosesNothingWhenItRecovers() throws Exception {
        AtomicBoolean failing = new AtomicBoolean(true);
        LaneProbeClient client = new LaneProbeClient(2, r ->
                failing.get() && "a".equals(r.headers().get(HEADER)) ? status(429) : status(204));
        List<TimeSeries> input = input("a", "b");
        try (WriterHarness harness = new WriterHarness(config(10), client, input).start()) {
            WriterHarness.await("tenant b fully delivered while tenant a gets 429", DEADLINE,
                    () -> acceptedSamples(client) >= (long) SERIES * SAMPLES);
            assertThat(client.sent()).filteredOn(r -> "b".equals(r.headers().get(HEADER))).isNotEmpty();
            assertThat(client.sent()).as("tenant a was tried and refused")
                    .anyMatch(r -> "a".equals(r.headers().get(HEADER)));
            assertThat(client.accepted().keySet()).as("nothing of tenant a got through").allMatch(k -> k.startsWith("b/"));
            assertThat(harness.done).as("flush(true) waits for tenant a").isNotDone();

            failing.set(false);
            harness.done.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
        assertThat(client.violations).isEmpty();
        for (String tenant : List.of("a", "b")) {
            for (int s = 0; s < SERIES; s++) {
                assertThat(client.accepted().get(tenant + "/s" + s)).as(tenant + "/s" + s + ", in order, none lost")
                        .isEqualTo(inOrder());
            }
        }
    }

    @Test
    void tenantsBeyondTheLimitAreNotSent() throws Exception {
        LaneProbeClient client = new LaneProbeClient(3, r -> status(204));
        // The default tenant is one of the two: "a" comes first, "b" is one too many.
        try (WriterHarness harness = new WriterHarness(config(2), client, input("a", "b")).start()) {
            harness.done.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
        assertThat(client.sent()).extracting(r -> r.headers().get(HEADER)).containsOnly("a");
        assertThat(acceptedSamples(client)).isEqualTo((long) SERIES * SAMPLES);
    }

    @Test
    void tenantTableCountsTheDefaultAndRefusesInvalidAndExcessTenants() {
        TenantTable table = new TenantTable(new TenantRouting(TenantRouting.DEFAULT_LABEL, HEADER, "anonymous", 2));
        assertThat(table.admit(labels(null, 0))).isZero();
        assertThat(table.tenant(0)).isEqualTo("anonymous");
        assertThat(table.admit(labels("a", 0))).isEqualTo(1);
        assertThat(table.admit(labels("a", 1))).as("known tenant, other labels instance").isEqualTo(1);
        assertThat(table.headers(1)).isEqualTo(Map.of(HEADER, "a"));
        assertThat(table.admit(labels("b", 0))).isEqualTo(TenantTable.OVER_LIMIT);
        assertThat(table.admit(labels("bad tenant", 0))).isEqualTo(TenantTable.INVALID);
        assertThat(table.admit(labels("bad\r\nX-Injected: 1", 0))).isEqualTo(TenantTable.INVALID);
        assertThat(table.slotOf(labels("b", 0))).as("restored entries are always placed").isEqualTo(2);
        assertThat(table.size()).isEqualTo(3);
    }

    @Test
    void restoredEntriesFindTheirTenantsLanesAgain() {
        TenantRouting routing = new TenantRouting(TenantRouting.DEFAULT_LABEL, HEADER, "anonymous", 10);
        LanedRequestBuffer before = new LanedRequestBuffer(2, new TenantTable(routing));
        for (TimeSeries ts : input("a", "b", null).subList(0, 3 * SERIES)) {
            before.add(new RequestEntryWrapper<>(ts, 10), false);
        }
        // Restored into a writer that saw the tenants in another order.
        TenantTable table = new TenantTable(routing);
        table.admit(labels("b", 0));
        LanedRequestBuffer after = new LanedRequestBuffer(2, table);
        for (RequestEntryWrapper<TimeSeries> e : before.getBufferedState()) {
            after.add(e, false);
        }
        assertThat(after.size()).isEqualTo(before.size());
        for (RequestEntryWrapper<TimeSeries> e : before.getBufferedState()) {
            TimeSeries ts = e.getRequestEntry();
            String tenant = ts.labels().get("__tenant_id__");
            int lane = after.laneOf(ts);
            assertThat(table.tenant(after.tenantOf(lane))).isEqualTo(tenant == null ? "anonymous" : tenant);
        }
    }

    /** Series restored from before tenant routing was turned off still name a tenant: the label is not sent. */
    @Test
    void withoutTenantRoutingAnOmittedLabelIsNotSent() throws Exception {
        RemoteWriteSinkConfig config = PrometheusRemoteWriteSink.builder()
                .endpoint("http://unused.invalid/api/v1/write")
                .maxSamplesPerSend(10)
                .flushInterval(Duration.ofMillis(20))
                .omitLabel(TenantRouting.DEFAULT_LABEL)
                .build()
                .config();
        LaneProbeClient client = new LaneProbeClient(1, r -> new RemoteWriteResponse(204, Map.of(), ""));
        try (WriterHarness harness = new WriterHarness(config, client, input("a", null)).start()) {
            harness.done.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
        assertThat(client.sent()).isNotEmpty().allSatisfy(r -> {
            assertThat(r.labelNames()).as("labels sent").doesNotContain(TenantRouting.DEFAULT_LABEL).contains("series");
            assertThat(r.headers()).as("no tenant header").isEmpty();
        });
    }
}

