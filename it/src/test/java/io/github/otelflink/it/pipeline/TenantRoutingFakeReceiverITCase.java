package io.github.otelflink.it.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.job.config.PipelineConfig;
import io.github.otelflink.job.config.PipelineConfigLoader;
import io.github.otelflink.job.pipeline.PipelineGraph;
import io.github.otelflink.job.receiver.ConnectorReceiverSources;
import io.github.otelflink.testing.FaultInjectingReceiver;
import io.github.otelflink.testing.FaultInjectingReceiver.RecordedRequest;
import io.github.otelflink.testing.FaultInjectingReceiver.Response;
import io.github.otelflink.testing.Poll;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tenant routing end to end at parallelism 2: OTLP requests into the job's ingress, each with two
 * resources of two tenants ({@code tenant.id} a and b) whose series have identical labels, out to
 * the recording fake receiver (test-harness {@link FaultInjectingReceiver}, a fake: a real
 * Prometheus cannot fail one tenant and not the other). The receiver answers 429 and 503 to
 * tenant a's requests for a while: tenant b's samples keep arriving on time meanwhile, every
 * request carries exactly one tenant header and no routing label, and once tenant a recovers all
 * its samples arrive too.
 */
class TenantRoutingFakeReceiverITCase {
    private static final String HEADER = "X-Scope-OrgID";
    private static final int REQUESTS = 160;
    /**
     * Series per tenant (attribute k): enough that each of the two sink subtasks holds series of
     * both tenants, so the tenants really share a writer (one series per tenant could put them in
     * different subtasks, where nothing is shared to isolate).
     */
    private static final int SERIES = 8;
    private static final TwoTenantGauges GAUGES = new TwoTenantGauges(SERIES);
    private static final Duration PACE = Duration.ofMillis(50);
    /** Reorder window + batch timeout + timer ticks is well under a second; a backed-off lane would take far longer. */
    private static final Duration ON_TIME = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(90);

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void aFailingTenantSlowsOnlyItselfAndLosesNothing() throws Exception {
        AtomicBoolean failingA = new AtomicBoolean(true);
        AtomicInteger refusedA = new AtomicInteger();
        int port = freePort();
        try (FaultInjectingReceiver receiver = FaultInjectingReceiver.start()) {
            receiver.respondWith(r -> {
                if (failingA.get() && "a".equals(r.header(HEADER))) {
                    return Response.status(refusedA.getAndIncrement() % 2 == 0 ? 429 : 503);
                }
                return Response.status(204);
            });
            PipelineConfig config = PipelineConfigLoader.load(config(port, receiver.uri()), Map.of());
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            new PipelineGraph(config, new ConnectorReceiverSources(config)).build(env);
            JobClient job = env.executeAsync("tenant-routing");
            ScheduledExecutorService client = Executors.newSingleThreadScheduledExecutor();
            AtomicInteger posted = new AtomicInteger();
            try {
                awaitListening(port);
                long t0 = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
                client.scheduleAtFixedRate(() -> {
                    int i = posted.get();
                    if (i < REQUESTS && post(port, GAUGES.request(t0, i)) == 200) {
                        posted.incrementAndGet();
                    }
                }, 0, PACE.toMillis(), TimeUnit.MILLISECONDS);

                Poll.until(WAIT, "tenant b's samples while tenant a is refused; " + summary(receiver),
                        () -> accepted(receiver, "b").size() >= 40 * SERIES);
                for (int check = 0; check < 3; check++) {
                    int before = posted.get();
                    Poll.until(ON_TIME, "tenant b has every sample posted before request " + before
                            + " within " + ON_TIME + " while a fails; " + summary(receiver),
                            () -> accepted(receiver, "b").containsAll(GAUGES.expected(0, before)));
                }
                assertThat(accepted(receiver, "a")).as("nothing of tenant a accepted while it fails").isEmpty();
                assertThat(refusedA.get()).as("tenant a was tried and refused (429/503)").isGreaterThanOrEqualTo(2);

                failingA.set(false);
                Poll.until(WAIT, "every request posted", () -> posted.get() == REQUESTS);
                Poll.until(WAIT, "every sample of both tenants; " + summary(receiver),
                        () -> accepted(receiver, "a").containsAll(GAUGES.expected(0, REQUESTS))
                                && accepted(receiver, "b").containsAll(GAUGES.expected(0, REQUESTS)));
            } finally {
                client.shutdownNow();
                job.cancel().get();
            }
            List<RecordedRequest> requests = receiver.requests();
            for (RecordedRequest r : requests) {
                assertThat(r.headers().get(HEADER)).as("tenant headers of %s", r).hasSize(1);
                String tenant = r.header(HEADER);
                assertThat(tenant).isIn("a", "b");
                for (FaultInjectingReceiver.Series s : r.series()) {
                    assertThat(s.labels()).as("labels sent in %s", r)
                            .containsOnlyKeys("__name__", "job", "k")
                            .containsEntry("job", "shop");
                    // a's values are whole, b's end in .5: a request never mixes tenants.
                    s.samples().forEach(p -> assertThat(p.value() % 1 == 0).as("value %s in a request of %s", p, tenant)
                            .isEqualTo(tenant.equals("a")));
                }
            }
        }
    }

    private static String config(int port, URI endpoint) {
        return """
                receivers:
                  otlp:
                    protocols:
                      http:
                        endpoint: 127.0.0.1:%d
                processors:
                  batch:
                    timeout: 200ms
                exporters:
                  prometheusremotewrite:
                    endpoint: "%s"
                    retry_on_failure:
                      initial_interval: 50ms
                      max_interval: 200ms
                      max_elapsed_time: 0s
                    tenant:
                      resource_attribute: tenant.id
                      header: X-Scope-OrgID
                      default: anonymous
                      max_tenants: 10
                service:
                  pipelines:
                    metrics:
                      receivers: [otlp]
                      processors: [batch]
                      exporters: [prometheusremotewrite]
                """.formatted(port, endpoint);
    }

    /** The tenant's samples the receiver accepted (2xx), as {@code <k>:<request index>}. */
    private static Set<String> accepted(FaultInjectingReceiver receiver, String tenant) {
        return TwoTenantGauges.accepted(receiver, HEADER, tenant);
    }

    private static String summary(FaultInjectingReceiver receiver) {
        return "requests " + receiver.requests().size() + ", accepted a " + accepted(receiver, "a").size()
                + ", accepted b " + accepted(receiver, "b").size();
    }

    /** One POST on a new connection, so requests spread over the ingress subtasks that share the port. */
    private static int post(int port, String json) {
        try {
            return SeriesOrderAcrossSubtasksITCase.post(port, json);
        } catch (IOException e) {
            return -1; // not counted as posted: the next tick sends it again
        }
    }

    private static void awaitListening(int port) {
        Poll.until(Duration.ofSeconds(60), "the OTLP ingress listening on " + port, () -> {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
