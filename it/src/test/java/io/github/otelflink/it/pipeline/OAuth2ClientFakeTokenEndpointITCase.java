package io.github.otelflink.it.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.job.telemetry.CollectorTelemetryReporter;
import io.github.otelflink.testing.FakeTokenEndpoint;
import io.github.otelflink.testing.FaultInjectingReceiver;
import io.github.otelflink.testing.FaultInjectingReceiver.RecordedRequest;
import io.github.otelflink.testing.FaultInjectingReceiver.Response;
import io.github.otelflink.testing.Poll;
import io.github.otelflink.testing.Scraper;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code oauth2client} extension end to end: the job's exporter names it in {@code
 * auth.authenticator}, fetches an access token from the token endpoint and sends it to the
 * receiver.
 *
 * <p>Both ends are fakes: the token endpoint is test-harness's {@link FakeTokenEndpoint} (no
 * authorization server runs here), and the receiver is {@link FaultInjectingReceiver}, which records
 * the {@code Authorization} header (a real Prometheus cannot check bearer tokens).
 */
class OAuth2ClientFakeTokenEndpointITCase {

    private static final int TELEMETRY_PORT = Scraper.freePort();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SECRET = "client-s3cret";

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(() -> {
        Configuration conf = new Configuration();
        CollectorTelemetryReporter.configure(conf, "127.0.0.1:" + TELEMETRY_PORT);
        return new MiniClusterResourceConfiguration.Builder()
                .setConfiguration(conf).setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build();
    });

    private final FakeTokenEndpoint tokens = FakeTokenEndpoint.start("flink-job", SECRET);
    private final FaultInjectingReceiver receiver = FaultInjectingReceiver.start();

    @AfterEach
    void stop() {
        receiver.close();
        tokens.close();
    }

    @Test
    void oneTokenIsFetchedForManyRequestsAndSentWithEachOfThem() throws Exception {
        JobClient job = run(config(SECRET, ""));
        try {
            List<RecordedRequest> requests = receiver.awaitRequests(20, WAIT);
            assertThat(requests).extracting(r -> r.header("Authorization")).containsOnly("Bearer token-1");
            assertThat(tokens.issued()).isEqualTo(1);
            // The credentials went as golang.org/x/oauth2 sends them first: a Basic header.
            assertThat(tokens.requests()).singleElement().satisfies(r -> {
                assertThat(r.authorization()).startsWith("Basic ");
                assertThat(r.param("scope")).isEqualTo("api.write");
            });
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void aTokenIsReplacedShortlyBeforeItExpires() throws Exception {
        // Valid 12s, replaced 10s (expiry_buffer) before: a new token every 2s or so.
        tokens.expiresIn(12L);
        JobClient job = run(config(SECRET, "expiry_buffer: 10s"));
        try {
            Poll.until(WAIT, "requests with a third token " + tokens.issued(),
                    () -> receiver.requests().stream().anyMatch(r -> "Bearer token-3".equals(r.header("Authorization"))));
            // Each token is used until it is replaced, never after: requests carry tokens in order.
            List<String> sent = receiver.requests().stream().map(r -> r.header("Authorization")).distinct().toList();
            assertThat(sent).startsWith("Bearer token-1", "Bearer token-2", "Bearer token-3");
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void aTokenTheReceiverRefusesIsReplacedOnceAndTheRequestSentAgain() throws Exception {
        JobClient job = run(config(SECRET, ""));
        try {
            receiver.awaitRequests(1, WAIT);
            // Old enough to be renewed on a 401 (a younger refused token is not replaced).
            Poll.until(WAIT, "requests for more than 6s", () -> {
                List<RecordedRequest> all = receiver.requests();
                return Duration.between(all.get(0).receivedAt(), all.get(all.size() - 1).receivedAt()).toSeconds() >= 6;
            });
            receiver.respondWith(r -> "Bearer token-1".equals(r.header("Authorization"))
                    ? Response.status(401).body("token revoked") : Response.status(204));
            int revokedAt = receiver.requests().size();

            Poll.until(WAIT, "accepted requests with a new token",
                    () -> receiver.requests().stream().filter(r -> "Bearer token-2".equals(r.header("Authorization")))
                            .count() >= 5);
            assertThat(tokens.issued()).isEqualTo(2);
            List<RecordedRequest> after = receiver.requests().subList(revokedAt, receiver.requests().size());
            // The first request refused with token-1 is the next one sent with token-2: same body.
            RecordedRequest refused = after.stream()
                    .filter(r -> "Bearer token-1".equals(r.header("Authorization"))).findFirst().orElseThrow();
            RecordedRequest resent = after.get(after.indexOf(refused) + 1);
            assertThat(resent.header("Authorization")).isEqualTo("Bearer token-2");
            assertThat(resent.body()).isEqualTo(refused.body());
            assertThat(sendFailed()).isZero();
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void aTokenEndpointThatRefusesTheClientFailsTheRequestsCountedAndNothingIsSent() throws Exception {
        JobClient job = run(config("wrong-secret", ""));
        try {
            Poll.until(WAIT, "send failures in the job's telemetry; token requests " + tokens.requests().size(),
                    () -> sendFailed() >= 3);
            assertThat(receiver.requests()).isEmpty();
            assertThat(tokens.issued()).isZero();
            // Both credential styles were tried for every request.
            assertThat(tokens.requests().size()).isGreaterThanOrEqualTo(6);
        } finally {
            job.cancel().get();
        }
    }

    private String config(String secret, String extra) {
        return """
                receivers:
                  otlp:
                    protocols:
                      grpc:
                exporters:
                  prometheusremotewrite:
                    endpoint: %s
                    max_samples_per_send: 1
                    retry_on_failure:
                      enabled: false
                    auth:
                      authenticator: oauth2client/test
                extensions:
                  oauth2client/test:
                    client_id: flink-job
                    client_secret: %s
                    token_url: %s
                    scopes: [api.write]
                    timeout: 2s
                    %s
                service:
                  extensions: [oauth2client/test]
                  pipelines:
                    metrics:
                      receivers: [otlp]
                      exporters: [prometheusremotewrite]
                """.formatted(receiver.uri(), secret, tokens.uri(), extra);
    }

    private static JobClient run(String yaml) throws Exception {
        return GeneratedGaugeJob.start(yaml, "oauth2client");
    }

    private static double sendFailed() {
        return Scraper.sum(TELEMETRY_PORT, "otelcol_exporter_send_failed_metric_points");
    }

}
