package io.github.otelflink.sink.remotewrite.http;

import io.github.otelflink.sink.remotewrite.encode.EncodedRequest;
import io.github.otelflink.sink.remotewrite.encode.RemoteWriteProtocol;
import io.github.otelflink.sink.remotewrite.encode.WriteRequestEncoder;
import io.github.otelflink.sink.remotewrite.encode.WriteRequestV2Encoder;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import io.github.otelflink.testing.FaultInjectingReceiver;
import io.github.otelflink.testing.FaultInjectingReceiver.RecordedRequest;
import io.github.otelflink.testing.FaultInjectingReceiver.Response;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The HTTP transport against a fake in-JVM receiver that records what it got. */
class HttpRemoteWriteClientTest {
    private final FaultInjectingReceiver receiver = FaultInjectingReceiver.start();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        receiver.close();
    }

    private static EncodedRequest request() {
        return new WriteRequestEncoder(false).encode(List.of(TimeSeries.ofSample(Labels.of("__name__", "up"), 1000, 1)));
    }

    private EndpointOptions options(Map<String, String> headers, AuthOptions auth, Duration timeout) {
        return new EndpointOptions(receiver.uri(), headers, timeout, null, auth, null, null);
    }

    @Test
    void sendsTheFourProtocolHeadersAndTheUsersOwn() throws Exception {
        try (HttpRemoteWriteClient client = new HttpRemoteWriteClient(
                options(Map.of("X-Scope-OrgID", "tenant-1"), AuthOptions.basic("alice", "s3cret"), null))) {
            RemoteWriteResponse response = client.send(request(), RemoteWriteProtocol.V1).get(10, TimeUnit.SECONDS);
            assertThat(response.status()).isEqualTo(204);
        }
        RecordedRequest r = receiver.requests().get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.header("Content-Encoding")).isEqualTo("snappy");
        assertThat(r.header("Content-Type")).isEqualTo("application/x-protobuf");
        assertThat(r.header("X-Prometheus-Remote-Write-Version")).isEqualTo("0.1.0");
        assertThat(r.header("User-Agent")).isEqualTo(EndpointOptions.DEFAULT_USER_AGENT);
        assertThat(r.header("X-Scope-OrgID")).isEqualTo("tenant-1");
        assertThat(r.header("Authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("alice:s3cret".getBytes()));
        assertThat(r.writeRequest().getTimeseries(0).getSamples(0).getValue()).isEqualTo(1);
    }

    @Test
    void sendsRemoteWrite2WithItsContentTypeAndVersion() throws Exception {
        EncodedRequest v2 = new WriteRequestV2Encoder().encode(List.of(TimeSeries.ofSample(Labels.of("__name__", "up"), 1000, 1)));
        try (HttpRemoteWriteClient client = new HttpRemoteWriteClient(options(null, null, null))) {
            client.send(v2, RemoteWriteProtocol.V2).get(10, TimeUnit.SECONDS);
        }
        RecordedRequest r = receiver.requests().get(0);
        assertThat(r.header("Content-Type")).isEqualTo("application/x-protobuf;proto=io.prometheus.write.v2.Request");
        assertThat(r.header("X-Prometheus-Remote-Write-Version")).isEqualTo("2.0.0");
        assertThat(r.isV2()).isTrue();
        assertThat(r.writeRequestV2().getSymbols(0)).isEmpty();
    }

    @Test
    void readsTheTokenFileAgainAfterASecondNotForEveryRequest() throws Exception {
        Path token = dir.resolve("token");
        Files.writeString(token, "first\nsecond-line-is-not-sent\n");
        AtomicLong nanos = new AtomicLong();
        try (HttpRemoteWriteClient client = new HttpRemoteWriteClient(
                options(null, AuthOptions.bearerFromFile(token.toString()), null), 8, nanos::get)) {
            client.send(request(), RemoteWriteProtocol.V1).get(10, TimeUnit.SECONDS);
            Files.writeString(token, "second\n");
            nanos.addAndGet(SecretFile.REREAD_INTERVAL.toNanos() - 1);
            client.send(request(), RemoteWriteProtocol.V1).get(10, TimeUnit.SECONDS);
            nanos.addAndGet(1);
            client.send(request(), RemoteWriteProtocol.V1).get(10, TimeUnit.SECONDS);
            Files.delete(token);
            nanos.addAndGet(SecretFile.REREAD_INTERVAL.toNanos());
            client.send(request(), RemoteWriteProtocol.V1).get(10, TimeUnit.SECONDS);
        }
        // A file missing during a rotation keeps the last token read.
        assertThat(receiver.requests()).extracting(r -> r.header("Authorization"))
                .containsExactly("Bearer first", "Bearer first", "Bearer second", "Bearer second");
    }

    @Test
    void sendsTheTokenInTheConfiguredHeaderWithTheConfiguredScheme() throws Exception {
        try (HttpRemoteWriteClient client = new HttpRemoteWriteClient(options(null,
                AuthOptions.bearer("t0k").withTokenHeader("X-Api-Key", "Token"), null))) {
            client.send(request(), RemoteWriteProtocol.V1).get(10, TimeUnit.SECONDS);
        }
        try (HttpRemoteWriteClient client = new HttpRemoteWriteClient(options(null,
                AuthOptions.bearer("t1k").withTokenHeader("Authorization", ""), null))) {
            client.send(request(), RemoteWriteProtocol.V1).get(10, TimeUnit.SECONDS);
        }
        assertThat(receiver.requests().get(0).header("X-Api-Key")).isEqualTo("Token t0k");
        assertThat(receiver.requests().get(0).header("Authorization")).isNull();
        assertThat(receiver.requests().get(1).header("Authorization")).isEqualTo("t1k");
    }

    @Test
    void aTokenFileThatWasNeverReadableFailsTheRequest() {
        try (HttpRemoteWriteClient client = new HttpRemoteWriteClient(
                options(null, AuthOptions.bearerFromFile(dir.resolve("missing").toString()), null))) {
            assertThatThrownBy(() -> client.send(request(), RemoteWriteProtocol.V1).get(10, TimeUnit.SECONDS))
                    .hasMessageContaining("cannot read credentials file");
        }
        assertThat(receiver.requests()).isEmpty();
    }

    @Test
    void refusesATokenHeaderTheProtocolSets() {
        assertThatThrownBy(() -> AuthOptions.bearer("t").withTokenHeader("Content-Type", "Bearer"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Content-Type");
    }

    /** Signs with "Bearer token-N", N counting renewals; renews on every 401 it is told about. */
    private static final class RenewingSigner implements RequestSigner {
        final java.util.concurrent.atomic.AtomicInteger renewals = new java.util.concurrent.atomic.AtomicInteger();
        final boolean renew;

        RenewingSigner(boolean renew) {
            this.renew = renew;
        }

        @Override
        public void sign(String method, URI uri, Map<String, String> headers, byte[] body) {
            headers.put("Authorization", "Bearer token-" + renewals.get());
        }

        @Override
        public boolean unauthorized(Map<String, String> signedHeaders) {
            assertThat(signedHeaders).containsEntry("Authorization", "Bearer token-" + renewals.get());
            if (renew) {
                renewals.incrementAndGet();
            }
            return renew;
        }
    }

    private RemoteWriteResponse sendSigned(RequestSigner signer) throws Exception {
        EndpointOptions o = new EndpointOptions(receiver.uri(), null, null, null, null, signer, null);
        try (HttpRemoteWriteClient client = new HttpRemoteWriteClient(o)) {
            return client.send(request(), RemoteWriteProtocol.V1).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void a401RenewedByTheSignerIsSentOnceMoreWithTheNewCredentials() throws Exception {
        receiver.enqueue(Response.status(401).body("token expired"));
        RenewingSigner signer = new RenewingSigner(true);

        assertThat(sendSigned(signer).status()).isEqualTo(204);

        assertThat(receiver.requests()).extracting(r -> r.header("Authorization"))
                .containsExactly("Bearer token-0", "Bearer token-1");
        assertThat(signer.renewals).hasValue(1);
    }

    @Test
    void aSecond401IsTheAnswerNotAnotherRenewal() throws Exception {
        receiver.enqueue(Response.status(401), Response.status(401).body("still unauthorized"));
        RenewingSigner signer = new RenewingSigner(true);

        RemoteWriteResponse response = sendSigned(signer);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("still unauthorized");
        assertThat(receiver.requests()).hasSize(2);
        assertThat(signer.renewals).hasValue(1);
    }

    @Test
    void a401IsTheAnswerWhenTheSignerDoesNotRenew() throws Exception {
        receiver.enqueue(Response.status(401));
        RenewingSigner signer = new RenewingSigner(false);

        assertThat(sendSigned(signer).status()).isEqualTo(401);
        assertThat(receiver.requests()).hasSize(1);
        // A signer that only computes headers keeps the interface's default: no renewal.
        receiver.enqueue(Response.status(401));
        assertThat(sendSigned((method, uri, headers, body) -> headers.put("X-Sig", "1")).status()).isEqualTo(401);
        assertThat(receiver.requests()).hasSize(2);
    }

    @Test
    void refusesUserHeadersThatWouldReplaceProtocolHeaders() {
        assertThatThrownBy(() -> options(Map.of("content-type", "text/plain"), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("headers.content-type");
    }

    @Test
    void neverPrintsSecrets() {
        EndpointOptions o = options(Map.of("Authorization", "Bearer hunter2"), AuthOptions.basic("bob", "pw-hunter3"), null);
        assertThat(o.toString()).doesNotContain("hunter2").doesNotContain("pw-hunter3");
    }

    @Test
    void returnsTheReceiversErrorAnswerTruncated() throws Exception {
        receiver.enqueue(Response.status(400).body("out of order sample" + "x".repeat(5000)));
        try (HttpRemoteWriteClient client = new HttpRemoteWriteClient(options(null, null, null))) {
            RemoteWriteResponse response = client.send(request(), RemoteWriteProtocol.V1).get(10, TimeUnit.SECONDS);
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body()).startsWith("out of order sample").hasSizeLessThan(1100);
        }
    }

    @Test
    void failsASlowAnswerAfterTheTimeout() {
        receiver.enqueue(Response.status(204).delay(Duration.ofSeconds(5)));
        try (HttpRemoteWriteClient client = new HttpRemoteWriteClient(options(null, null, Duration.ofMillis(300)))) {
            assertThatThrownBy(() -> client.send(request(), RemoteWriteProtocol.V1).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
        }
    }

    @Test
    void failsWhenNothingListens() {
        EndpointOptions closed = EndpointOptions.of(URI.create("http://127.0.0.1:1/api/v1/write"));
        try (HttpRemoteWriteClient client = new HttpRemoteWriteClient(closed)) {
            assertThatThrownBy(() -> client.send(request(), RemoteWriteProtocol.V1).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
        }
    }
}
