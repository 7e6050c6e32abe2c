package io.github.otelflink.job;

import io.github.otelflink.it.JobJar;
import io.github.otelflink.testing.FaultInjectingReceiver;
import io.github.otelflink.testing.FaultInjectingReceiver.RecordedRequest;
import io.github.otelflink.testing.FaultInjectingReceiver.Response;
import io.github.otelflink.testing.Poll;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenant routing turned off by a config edit, with the shaded jar as users run it. The first run
 * routes by {@code tenant.id} while the receiver refuses tenant a (503): a's samples wait in the
 * sink, retried, when SIGTERM stops the job with a savepoint (which does not wait for the
 * retries). The second run, tenant routing removed from the config, resumes from that savepoint
 * with the receiver accepting: a's samples arrive, and no request carries the internal tenant
 * label or a tenant header.
 */
class TenantRoutingEditITCase {
    private static final String HEADER = "X-Scope-OrgID";
    private static final int REQUESTS = 5;

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final long t0 = (System.currentTimeMillis() - Duration.ofMinutes(10).toMillis()) / 1000 * 1000;

    @AfterEach
    void cleanUp() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void samplesSavedWithTenantRoutingOnAreSentWithoutTheTenantLabelOnceItIsOff() throws Exception {
        AtomicBoolean refuseA = new AtomicBoolean(true);
        try (FaultInjectingReceiver receiver = FaultInjectingReceiver.start()) {
            receiver.respondWith(r -> refuseA.get() && "a".equals(r.header(HEADER)) ? Response.status(503) : Response.status(204));
            int otlpPort = freePort();
            Path work = Files.createDirectories(dir.resolve("work"));
            Path config = work.resolve("pipeline.yaml");

            Files.writeString(config, config(otlpPort, receiver.uri(), """
                        tenant:
                          resource_attribute: tenant.id
                    """));
            Path firstLog = dir.resolve("1-tenants.log");
            Process first = start(work, config, firstLog);
            Poll.until(Duration.ofSeconds(90), "the OTLP receiver answering", () -> post(otlpPort, request("probe", 0)) == 200);
            for (int i = 1; i <= REQUESTS; i++) {
                assertThat(post(otlpPort, request("a", i))).as("POST %d", i).isEqualTo(200);
            }
            Poll.until(Duration.ofSeconds(60), "tenant a refused and retried", () -> receiver.requests().stream()
                    .filter(r -> "a".equals(r.header(HEADER))).count() >= 3);
            first.destroy(); // SIGTERM: savepoint, exit 0
            assertThat(first.waitFor(90, TimeUnit.SECONDS)).as("stopped after SIGTERM while a is retried").isTrue();
            assertThat(first.exitValue()).as("exit code; log:\n" + Files.readString(firstLog)).isZero();
            assertThat(accepted(receiver, "edit_gauge")).as("nothing of a accepted while refused").isEmpty();

            // Tenant routing removed; the receiver takes everything now.
            refuseA.set(false);
            int before = receiver.requests().size();
            Files.writeString(config, config(otlpPort, receiver.uri(), ""));
            Path secondLog = dir.resolve("2-no-tenants.log");
            Process second = start(work, config, secondLog);
            Set<String> expected = new TreeSet<>();
            for (int i = 1; i <= REQUESTS; i++) {
                expected.add("a:" + i);
            }
            try {
                Poll.until(Duration.ofSeconds(90), "a's saved samples delivered after the restart",
                        () -> accepted(receiver, "edit_gauge").containsAll(expected));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; accepted " + accepted(receiver, "edit_gauge") + "; log:\n"
                        + Files.readString(secondLog), e);
            }
            List<RecordedRequest> after = receiver.requests().subList(before, receiver.requests().size());
            assertThat(after).isNotEmpty().allSatisfy(r -> {
                assertThat(r.header(HEADER)).as("tenant header").isNull();
                r.series().forEach(s -> assertThat(s.labels()).as("labels of %s", s.labels()).doesNotContainKey("__tenant_id__"));
            });
            assertThat(Files.readString(secondLog)).doesNotContain("Cannot map checkpoint/savepoint state");
            second.destroy();
            assertThat(second.waitFor(90, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** The samples of {@code metric} the receiver accepted, as {@code <tenant.id label or "-">:<value>}. */
    private static Set<String> accepted(FaultInjectingReceiver receiver, String metric) {
        Set<String> samples = new TreeSet<>();
        for (RecordedRequest r : receiver.requests()) {
            if (r.response() == null || r.response().status() / 100 != 2) {
                continue;
            }
            r.series().stream().filter(s -> metric.equals(s.labels().get("__name__"))).forEach(s ->
                    s.samples().forEach(p -> samples.add(s.labels().getOrDefault("tenant", "-") + ":" + (int) p.value())));
        }
        return samples;
    }

    private Process start(Path work, Path config, Path log) throws IOException {
        Process p = JobJar.startLocalRun(work, config, 2, log);
        processes.add(p);
        return p;
    }

    /** The tenant is also a label ({@code tenant}) so that the receiver's records name it with routing off. */
    private static String config(int otlpPort, URI endpoint, String tenant) {
        return """
                receivers:
                  otlp:
                    protocols:
                      http:
                        endpoint: 127.0.0.1:%d
                processors:
                  batch:
                    timeout: 200ms
                  transform:
                    metric_statements:
                    - context: datapoint
                      statements:
                      - set(attributes["tenant"], resource.attributes["tenant.id"])
                exporters:
                  prometheusremotewrite:
                    endpoint: "%s"
                    retry_on_failure:
                      initial_interval: 100ms
                      max_interval: 500ms
                      max_elapsed_time: 0s
                %sservice:
                  pipelines:
                    metrics:
                      receivers: [otlp]
                      processors: [transform, batch]
                      exporters: [prometheusremotewrite]
                """.formatted(otlpPort, endpoint, tenant);
    }

    /** One gauge point of tenant {@code tenant}, its value {@code i}, the i-th second after t0. */
    private String request(String tenant, int i) {
        return """
                {"resourceMetrics": [{"resource": {"attributes": [
                  {"key": "service.name", "value": {"stringValue": "tenant-edit"}},
                  {"key": "tenant.id", "value": {"stringValue": "%s"}}]},
                  "scopeMetrics": [{"metrics": [{"name": "%s", "gauge": {"dataPoints": [
                    {"timeUnixNano": "%d", "asDouble": %d}]}}]}]}]}
                """.formatted(tenant, "probe".equals(tenant) ? "edit_probe" : "edit_gauge",
                (t0 + i * 1000L) * 1_000_000L, i);
    }

    private int post(int port, String body) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/metrics"))
                            .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notYetListening) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
