package io.github.otelflink.it.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.otelflink.job.config.PipelineConfig;
import io.github.otelflink.job.config.PipelineConfigLoader;
import io.github.otelflink.job.pipeline.PipelineGraph;
import io.github.otelflink.job.receiver.ConnectorReceiverSources;
import io.github.otelflink.job.telemetry.CollectorTelemetryReporter;
import io.github.otelflink.sink.remotewrite.TenantRouting;
import io.github.otelflink.testing.FaultInjectingReceiver;
import io.github.otelflink.testing.FaultInjectingReceiver.RecordedRequest;
import io.github.otelflink.testing.FaultInjectingReceiver.Response;
import io.github.otelflink.testing.Poll;
import io.github.otelflink.testing.Scraper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long outage of one tenant at parallelism 2, through the job's real OTLP ingress, out to the
 * recording fake receiver (test-harness {@link FaultInjectingReceiver}, a fake: a real Prometheus
 * cannot fail one tenant and not the other). The receiver answers 503 to tenant a for far longer
 * than a's samples take to fill the sinks' small {@code queue_size}: a's backlog reaches its share
 * (half the buffer; seen as {@code tenant_backlog} drops on the telemetry endpoint), and tenant
 * b's samples keep arriving within seconds throughout. Every dropped sample of a is counted and in
 * the dead-letter files, every other one arrives once a recovers, and b loses nothing. The job
 * checkpoints twice a second throughout, and the clients' requests keep being answered: a
 * checkpoint does not wait for a's requests that are retried.
 */
class TenantBacklogFakeReceiverITCase {
    private static final String HEADER = "X-Scope-OrgID";
    private static final int TELEMETRY_PORT = Scraper.freePort();
    /** Series per tenant: 64 samples a request per tenant, so a fills a 1000-sample share in about a second per subtask. */
    private static final int SERIES = 32;
    private static final TwoTenantGauges GAUGES = new TwoTenantGauges(SERIES);
    private static final int QUEUE_SIZE = 2000;
    private static final Duration PACE = Duration.ofMillis(50);
    /** Requests posted while a fails (about 20 s): many times what fills a's share. */
    private static final int OUTAGE_REQUESTS = 400;
    private static final int REQUESTS = OUTAGE_REQUESTS + 100;
    private static final Duration ON_TIME = Duration.ofSeconds(5);
    private static final Duration CHECKPOINT_INTERVAL = Duration.ofMillis(500);
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String DROPPED = "prometheus_remote_write_samples_dropped_total";

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(() -> {
        Configuration conf = new Configuration();
        CollectorTelemetryReporter.configure(conf, "127.0.0.1:" + TELEMETRY_PORT);
        return new MiniClusterResourceConfiguration.Builder()
                .setConfiguration(conf).setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build();
    });

    @TempDir
    Path deadLetters;

    @TempDir
    Path savepoints;

    @Test
    void aLongOutageOfOneTenantDropsOnlyItsSamplesBeyondItsShareAndTheOtherKeepsFlowing() throws Exception {
        AtomicBoolean failingA = new AtomicBoolean(true);
        AtomicInteger refusedA = new AtomicInteger();
        int port = Scraper.freePort();
        try (FaultInjectingReceiver receiver = FaultInjectingReceiver.start()) {
            receiver.respondWith(r -> {
                if (failingA.get() && "a".equals(r.header(HEADER))) {
                    refusedA.incrementAndGet();
                    return Response.status(503);
                }
                return Response.status(204);
            });
            PipelineConfig config = PipelineConfigLoader.load(config(port, receiver.uri(), deadLetters), Map.of());
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            // As in production: checkpoints, which must not wait for a's retries (a checkpoint that
            // waited would hold b too, and every client's answer).
            env.enableCheckpointing(CHECKPOINT_INTERVAL.toMillis());
            new PipelineGraph(config, new ConnectorReceiverSources(config)).build(env);
            JobClient job = env.executeAsync("tenant-backlog");
            ScheduledExecutorService client = Executors.newSingleThreadScheduledExecutor();
            AtomicInteger posted = new AtomicInteger();
            double droppedA;
            boolean stopped = false;
            try {
                awaitListening(port);
                long t0 = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
                client.scheduleAtFixedRate(() -> {
                    int i = posted.get();
                    // The outage ends when the test says so, not when the requests run out.
                    int limit = failingA.get() ? OUTAGE_REQUESTS : REQUESTS;
                    if (i < limit && post(port, GAUGES.request(t0, i)) == 200) {
                        posted.incrementAndGet();
                    }
                }, 0, PACE.toMillis(), TimeUnit.MILLISECONDS);

                poll(WAIT, "tenant a's backlog at its share: tenant_backlog drops", receiver, posted,
                        () -> tenantBacklogDrops() > 0);
                int atShare = posted.get();
                // From here on a's share is full and a keeps failing: b must keep arriving.
                int checks = 0;
                while (posted.get() < OUTAGE_REQUESTS - 20) {
                    int before = posted.get();
                    // The ingress answers a request once the checkpoint after it completes.
                    poll(ON_TIME, "request " + before + " answered within " + ON_TIME + " while a's backlog is full",
                            receiver, posted, () -> posted.get() > before);
                    poll(ON_TIME, "tenant b has every sample posted before request " + before
                            + " within " + ON_TIME + " while a's backlog is full", receiver, posted,
                            () -> accepted(receiver, "b").containsAll(GAUGES.expected(0, before)));
                    checks++;
                }
                assertThat(checks).as("b checked on time repeatedly after a reached its share at request %d", atShare)
                        .isGreaterThanOrEqualTo(5);
                assertThat(accepted(receiver, "a")).as("nothing of tenant a accepted while it fails").isEmpty();
                assertThat(refusedA.get()).as("tenant a was tried and refused").isGreaterThanOrEqualTo(2);
                assertThat(tenantBacklogDrops()).as("a's drops kept counting through the outage")
                        .isGreaterThan(0);

                failingA.set(false);
                poll(WAIT, "every request posted", receiver, posted, () -> posted.get() == REQUESTS);
                poll(WAIT, "tenant b complete, and a's samples posted after its recovery", receiver, posted,
                        () -> accepted(receiver, "b").containsAll(GAUGES.expected(0, REQUESTS))
                                && accepted(receiver, "a").containsAll(GAUGES.expected(OUTAGE_REQUESTS + 20, REQUESTS)));
                droppedA = tenantBacklogDrops();
                assertThat(Scraper.sum(TELEMETRY_PORT, DROPPED)).as("no other drop").isEqualTo(droppedA);
                client.shutdownNow();
                // A savepoint makes the dead letters durable (a cancel may interrupt their last write).
                job.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
                stopped = true;
            } finally {
                client.shutdownNow();
                if (!stopped) {
                    job.cancel().get();
                }
            }

            // The savepoint flushed the sinks' dead letters. Every sample of a is sent or a dead
            // letter, never both, and the dead letters are exactly the counted drops.
            Set<String> letters = deadLetteredSamples("a");
            assertThat(letters).as("dead letters").hasSize((int) droppedA);
            assertThat(deadLetteredSamples("b")).as("nothing of b dropped").isEmpty();
            Set<String> sent = accepted(receiver, "a");
            Set<String> both = new HashSet<>(sent);
            both.retainAll(letters);
            assertThat(both).as("sent and dead-lettered").isEmpty();
            Set<String> all = new TreeSet<>(sent);
            all.addAll(letters);
            assertThat(all).as("every sample of a accounted for").isEqualTo(GAUGES.expected(0, REQUESTS));
            for (RecordedRequest r : receiver.requests()) {
                assertThat(r.headers().get(HEADER)).as("tenant headers of %s", r).hasSize(1);
            }
        }
    }

    private static double tenantBacklogDrops() {
        String body;
        try {
            body = Scraper.scrape(TELEMETRY_PORT);
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
        double sum = 0;
        for (String line : body.split("\n")) {
            if (line.startsWith(DROPPED + "{") && line.contains("reason=\"tenant_backlog\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static String config(int port, URI endpoint, Path deadLetters) {
        return """
                receivers:
                  otlp:
                    protocols:
                      http:
                        endpoint: 127.0.0.1:%d
                processors:
                  batch:
                    timeout: 200ms
                    # The sink buffers at least two batches: keep them small so queue_size is the bound.
                    send_batch_size: 200
                exporters:
                  prometheusremotewrite:
                    endpoint: "%s"
                    remote_write_queue:
                      queue_size: %d
                    retry_on_failure:
                      initial_interval: 50ms
                      max_interval: 200ms
                      # Retried until a recovers: a checkpoint that waited for a's retries would wait that long.
                      max_elapsed_time: 0s
                    dead_letter:
                      directory: "%s"
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
                """.formatted(port, endpoint, QUEUE_SIZE, deadLetters);
    }

    /** The tenant's samples the receiver accepted (2xx), as {@code <k>:<request index>}. */
    private static Set<String> accepted(FaultInjectingReceiver receiver, String tenant) {
        return TwoTenantGauges.accepted(receiver, HEADER, tenant);
    }

    /** The tenant's samples in the dead-letter files, as {@code <k>:<request index>}; every letter is a tenant_backlog one. */
    private Set<String> deadLetteredSamples(String tenant) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Set<String> samples = new TreeSet<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(deadLetters)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(".jsonl")).toList();
        }
        for (Path f : files) {
            for (String line : Files.readAllLines(f)) {
                JsonNode letter = json.readTree(line);
                assertThat(letter.get("reason").asText()).as("letter %s", line).isEqualTo("tenant_backlog");
                JsonNode labels = letter.get("labels");
                if (!tenant.equals(labels.path(TenantRouting.DEFAULT_LABEL).asText())) {
                    continue;
                }
                for (JsonNode p : letter.get("samples")) {
                    String key = labels.get("k").asText() + ":" + (int) Math.floor(Double.parseDouble(p.get("value").asText()));
                    assertThat(samples.add(key)).as("%s dead-lettered once", key).isTrue();
                }
            }
        }
        return samples;
    }

    /** {@link Poll#until}, and on a timeout what the receiver and the telemetry show then. */
    private static void poll(Duration timeout, String what, FaultInjectingReceiver receiver, AtomicInteger posted,
            java.util.function.BooleanSupplier condition) {
        try {
            Poll.until(timeout, what, condition);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; posted " + posted.get() + ", requests " + receiver.requests().size()
                    + ", accepted a " + accepted(receiver, "a").size() + ", accepted b " + accepted(receiver, "b").size()
                    + ", tenant_backlog drops " + tenantBacklogDrops() + ", pending " + Scraper.sum(TELEMETRY_PORT,
                    "prometheus_remote_write_samples_pending"), e);
        }
    }

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
}
