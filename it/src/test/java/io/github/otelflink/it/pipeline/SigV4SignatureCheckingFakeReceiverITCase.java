package io.github.otelflink.it.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.job.telemetry.CollectorTelemetryReporter;
import io.github.otelflink.testing.Poll;
import io.github.otelflink.testing.RemoteWriteRequests;
import io.github.otelflink.testing.Scraper;
import io.github.otelflink.testing.SigV4SignatureCheck;
import io.github.otelflink.testing.SigV4SignatureCheckingFakeReceiver;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code sigv4auth} extension end to end: the job's pipeline on a MiniCluster signs every
 * remote-write request with AWS SigV4, and the receiver recomputes each signature from the known
 * secret with test-harness's independent {@link SigV4SignatureCheck}.
 *
 * <p>The receiver is a fake (Amazon Managed Service for Prometheus cannot run here). The job's
 * credentials come from the AWS SDK's default chain, as on a real cluster, fed through the
 * {@code aws.accessKeyId} / {@code aws.secretAccessKey} system properties of this JVM (the
 * MiniCluster's task manager runs in it).
 */
class SigV4SignatureCheckingFakeReceiverITCase {

    private static final String KEY = "AKIDOTELFLINKTEST";
    private static final String SECRET = "otel-flink/sigv4-test-secret";
    private static final int TELEMETRY_PORT = Scraper.freePort();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(() -> {
        Configuration conf = new Configuration();
        CollectorTelemetryReporter.configure(conf, "127.0.0.1:" + TELEMETRY_PORT);
        return new MiniClusterResourceConfiguration.Builder()
                .setConfiguration(conf).setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build();
    });

    private SigV4SignatureCheckingFakeReceiver receiver;

    @BeforeEach
    void startReceiver() {
        receiver = new SigV4SignatureCheckingFakeReceiver(Map.of(KEY, SECRET));
    }

    @AfterEach
    void stopReceiverAndClearCredentials() {
        receiver.close();
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void everyRequestIsSignedOverItsBody() throws Exception {
        credentials(KEY, SECRET);
        JobClient job = run(config());
        try {
            Poll.until(WAIT, "accepted requests; refused: " + receiver.rejected(), () -> receiver.accepted().size() >= 3);
            assertThat(receiver.rejected()).isEmpty();
            assertThat(receiver.accepted()).allSatisfy(check -> {
                assertThat(check.accessKeyId()).isEqualTo(KEY);
                assertThat(check.region()).isEqualTo("us-west-2");
                assertThat(check.service()).isEqualTo("aps");
                assertThat(check.signedHeaders()).contains("host", "x-amz-date", "x-amz-content-sha256",
                        "content-encoding", "content-type", "x-prometheus-remote-write-version");
            });
            assertThat(RemoteWriteRequests.decode(receiver.acceptedBodies().get(0)).getTimeseriesList())
                    .anySatisfy(series -> assertThat(RemoteWriteRequests.labels(series))
                            .containsEntry("__name__", "auth_test"));
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void aWrongSecretIsRefusedAndCountedAsFailed() throws Exception {
        credentials(KEY, "not-the-secret");
        JobClient job = run(config());
        try {
            Poll.until(WAIT, "send failures in the job's telemetry; refused: " + receiver.rejected(),
                    () -> sendFailed() >= 3);
            assertThat(receiver.accepted()).isEmpty();
            assertThat(receiver.rejected()).isNotEmpty()
                    .allSatisfy(problem -> assertThat(problem).startsWith("the signature does not match"));
        } finally {
            job.cancel().get();
        }
    }

    private static void credentials(String key, String secret) {
        System.setProperty("aws.accessKeyId", key);
        System.setProperty("aws.secretAccessKey", secret);
    }

    private String config() {
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
                      authenticator: sigv4auth
                extensions:
                  sigv4auth:
                    region: us-west-2
                service:
                  extensions: [sigv4auth]
                  pipelines:
                    metrics:
                      receivers: [otlp]
                      exporters: [prometheusremotewrite]
                """.formatted(receiver.writeUrl());
    }

    private static JobClient run(String yaml) throws Exception {
        return GeneratedGaugeJob.start(yaml, "sigv4auth");
    }

    private static double sendFailed() {
        return Scraper.sum(TELEMETRY_PORT, "otelcol_exporter_send_failed_metric_points");
    }

}
