package io.github.otelflink.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.testing.proto.Remote;
import io.github.otelflink.testing.proto.Types;
import io.github.otelflink.testing.proto.v2.WriteV2;
import io.github.otelflink.testing.PrometheusServer.HistogramSample;
import io.github.otelflink.testing.PrometheusServer.Sample;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the harness against the real Prometheus 2.42 and pins down how 2.42 answers the remote-write
 * edge cases the sink must classify (status and exact body).
 */
class PrometheusServerTest {

    @TempDir static Path dir;
    /** The default set-up: mTLS, native histograms on, no out-of-order window. */
    private static PrometheusServer prometheus;
    /** Plain HTTP behind basic auth ({@code basic_auth_users}), native histograms off, a 10 minute out-of-order window. */
    private static PrometheusServer variant;
    private static TestCertificates certs;

    @BeforeAll
    static void start() {
        certs = TestCertificates.generate(dir.resolve("certs"));
        prometheus = PrometheusServer.start(dir.resolve("prometheus"), certs);
        variant = PrometheusServer.builder(dir.resolve("variant"))
                .nativeHistograms(false)
                .outOfOrderTimeWindow(Duration.ofMinutes(10))
                .basicAuthUser("writer", "s3cret: with 'quotes'")
                .start();
    }

    @AfterAll
    static void stop() {
        if (variant != null) {
            variant.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void remoteWriteOverMutualTlsIsReadBack() {
        long t0 = System.currentTimeMillis();
        Types.TimeSeries series = Types.TimeSeries.newBuilder()
                .addLabels(label("__name__", "rt_roundtrip"))
                .addLabels(label("instance", "i-1"))
                .addLabels(label("job", "test"))
                .addSamples(Types.Sample.newBuilder().setTimestamp(t0 - 1000).setValue(1.5))
                .addSamples(Types.Sample.newBuilder().setTimestamp(t0).setValue(42.5))
                .build();

        HttpResponse<String> response = prometheus.write(request(series));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        assertThat(prometheus.remoteWriteUri().toString())
                .isEqualTo("https://127.0.0.1:" + prometheus.port() + "/api/v1/write");
        PrometheusServer.Element element = prometheus.query("rt_roundtrip", t0).only();
        assertThat(element.metric())
                .isEqualTo(Map.of("__name__", "rt_roundtrip", "instance", "i-1", "job", "test"));
        assertThat(element.value()).isEqualTo(42.5);
        assertThat(element.timestampMs()).isEqualTo(t0);
        assertThat(prometheus.rangeSamples("rt_roundtrip{job=\"test\"}", t0 - 1000, t0))
                .containsExactly(new Sample(t0 - 1000, 1.5), new Sample(t0, 42.5));
        assertThat(prometheus.rangeSamples("rt_roundtrip", t0, t0)).containsExactly(new Sample(t0, 42.5));
        assertThat(prometheus.scalar("count_over_time(rt_roundtrip[1m])")).isEqualTo(2.0);
        assertThat(prometheus.scalar("absent_metric_xyz")).isNaN();
        assertThat(prometheus.scalar("1/0")).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void clientWithoutCertificateIsRefusedDuringTheHandshake() {
        SSLContext trustOnly = PrometheusServer.sslContext(null, null, certs.caCert());

        // 2.42 answers a missing client certificate with the TLS alert bad_certificate.
        assertThat(refusalWithoutClientCertificate(trustOnly, prometheus.port())).contains("bad_certificate");
    }

    /**
     * Sends a plain GET over a raw TLS socket without a client certificate and returns how the server refused
     * it; fails if the server answers. A raw socket because with TLS 1.3 the server can only reject the missing
     * certificate after the client finished its side of the handshake, and the JDK HttpClient can then hang.
     */
    static String refusalWithoutClientCertificate(SSLContext context, int port) {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            socket.getOutputStream().write("GET /-/ready HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            byte[] answer = socket.getInputStream().readAllBytes();
            if (answer.length > 0) {
                throw new AssertionError("served without a client certificate: "
                        + new String(answer, StandardCharsets.US_ASCII));
            }
            return "connection closed without an answer";
        } catch (SocketTimeoutException e) {
            throw new AssertionError("neither refused nor answered", e);
        } catch (IOException e) {
            // An alert (SSLException) or a connection the server already closed (broken pipe, reset).
            return e.toString();
        }
    }

    @Test
    void basicAuthUsersAdmitTheRightPasswordOnlyAndTheHarnessSendsItOnItsOwnCalls() {
        long t0 = System.currentTimeMillis();
        byte[] body = RemoteWriteRequests.encode(request(sample("basic_auth_probe", t0, 3)));
        String wrong = PrometheusServer.basicAuthorization("writer", "wrong");

        assertThat(answer(variant.post(body, RemoteWriteRequests.CONTENT_TYPE_V1, "0.1.0", wrong)))
                .isEqualTo("401 Unauthorized\n");
        assertThat(answer(variant.post(body, RemoteWriteRequests.CONTENT_TYPE_V1, "0.1.0", null)))
                .isEqualTo("401 Unauthorized\n");
        assertThat(variant.query("basic_auth_probe", t0).elements()).isEmpty();

        // The harness' own write and query carry the configured user's credentials.
        assertThat(answer(variant.write(request(sample("basic_auth_probe", t0, 3))))).isEqualTo("204 ");
        assertThat(variant.scalar("basic_auth_probe")).isEqualTo(3);
        assertThat(variant.authorization()).isEqualTo(PrometheusServer.basicAuthorization("writer", "s3cret: with 'quotes'"));
    }

    @Test
    void outOfOrderSampleIs400AndRejectsTheWholeRequest() {
        long t0 = System.currentTimeMillis();
        assertThat(answer(prometheus.write(request(sample("ooo_a", t0, 1))))).isEqualTo("204 ");

        Remote.WriteRequest mixed = Remote.WriteRequest.newBuilder()
                .addTimeseries(sample("ooo_b", t0, 1))
                .addTimeseries(sample("ooo_a", t0 - 1000, 2))
                .build();

        assertThat(answer(prometheus.write(mixed))).isEqualTo("400 out of order sample\n");
        assertThat(prometheus.query("ooo_b", t0).elements()).as("nothing of a rejected request is applied").isEmpty();
    }

    @Test
    void sameTimestampIs400WithADifferentValueAndAcceptedWhenIdentical() {
        long t0 = System.currentTimeMillis();
        assertThat(answer(prometheus.write(request(sample("dup_a", t0, 1))))).isEqualTo("204 ");

        assertThat(answer(prometheus.write(request(sample("dup_a", t0, 2)))))
                .isEqualTo("400 duplicate sample for timestamp\n");
        assertThat(answer(prometheus.write(request(sample("dup_a", t0, 1))))).isEqualTo("204 ");
        assertThat(prometheus.rangeSamples("dup_a", t0 - 1000, t0)).containsExactly(new Sample(t0, 1));
    }

    @Test
    void olderAndDuplicateSamplesInsideOneRequestAreDroppedSilently() {
        long t0 = System.currentTimeMillis();
        Types.TimeSeries series = Types.TimeSeries.newBuilder()
                .addLabels(label("__name__", "within_a"))
                .addSamples(Types.Sample.newBuilder().setTimestamp(t0).setValue(1))
                .addSamples(Types.Sample.newBuilder().setTimestamp(t0 - 1000).setValue(2))
                .addSamples(Types.Sample.newBuilder().setTimestamp(t0).setValue(3))
                .build();

        assertThat(answer(prometheus.write(request(series)))).isEqualTo("204 ");
        assertThat(prometheus.rangeSamples("within_a", t0 - 5000, t0)).containsExactly(new Sample(t0, 1));
    }

    @Test
    void sampleBeforeTheAppendableWindowIsOutOfBounds() {
        long t0 = System.currentTimeMillis();
        prometheus.write(request(sample("bounds_recent", t0, 1)));

        assertThat(answer(prometheus.write(request(sample("bounds_old", t0 - Duration.ofHours(3).toMillis(), 1)))))
                .isEqualTo("400 out of bounds\n");
    }

    @Test
    void duplicateLabelNamesAre500() {
        Types.TimeSeries series = sample("duplabels", System.currentTimeMillis(), 1).toBuilder()
                .addLabels(label("a", "1"))
                .addLabels(label("a", "2"))
                .build();

        assertThat(answer(prometheus.write(request(series))))
                .isEqualTo("500 label name \"a\" is not unique: invalid sample\n");
    }

    @Test
    void nativeHistogramIsStoredAndQueryable() {
        long t0 = System.currentTimeMillis();

        assertThat(answer(prometheus.write(request(histogramSeries("nh_a", t0))))).isEqualTo("204 ");

        HistogramSample histogram = prometheus.query("nh_a", t0).only().histogram();
        assertThat(histogram.timestampMs()).isEqualTo(t0);
        assertThat(histogram.count()).isEqualTo(5);
        assertThat(histogram.sum()).isEqualTo(12.5);
        // Schema 0: buckets (0.5,1] and (1,2] with deltas 2,0 -> counts 2,2, plus the zero bucket.
        assertThat(histogram.buckets()).extracting(PrometheusServer.Bucket::count).containsExactly(1.0, 2.0, 2.0);
        assertThat(histogram.buckets().get(1).upper()).isEqualTo(1.0);
        assertThat(prometheus.rangeQuery("nh_a", t0 - 1000, t0).get(0).histograms())
                .extracting(HistogramSample::timestampMs).containsExactly(t0);
    }

    @Test
    void nativeHistogramWithoutTheFeatureFlagIs500() {
        assertThat(answer(variant.write(request(histogramSeries("nh_disabled", System.currentTimeMillis())))))
                .isEqualTo("500 native histograms are disabled\n");
    }

    @Test
    void outOfOrderWindowAcceptsOlderSamplesAndRejectsTooOldOnesWith500() {
        long t0 = System.currentTimeMillis();
        assertThat(answer(variant.write(request(sample("window_a", t0, 1))))).isEqualTo("204 ");

        assertThat(answer(variant.write(request(sample("window_a", t0 - 60_000, 2))))).isEqualTo("204 ");
        assertThat(answer(variant.write(request(sample("window_a", t0 - Duration.ofMinutes(20).toMillis(), 3)))))
                .isEqualTo("500 too old sample\n");
        assertThat(variant.rangeSamples("window_a", t0 - 120_000, t0))
                .containsExactly(new Sample(t0 - 60_000, 2), new Sample(t0, 1));
    }

    @Test
    void remoteWrite2BodyIsAcceptedButNothingIsStored() {
        long t0 = System.currentTimeMillis();
        WriteV2.Request v2 = WriteV2.Request.newBuilder()
                .addSymbols("").addSymbols("__name__").addSymbols("rw2_probe")
                .addTimeseries(WriteV2.TimeSeries.newBuilder()
                        .addLabelsRefs(1).addLabelsRefs(2)
                        .addSamples(WriteV2.Sample.newBuilder().setTimestamp(t0).setValue(7)))
                .build();

        HttpResponse<String> response =
                variant.post(RemoteWriteRequests.encodeV2(v2), RemoteWriteRequests.CONTENT_TYPE_V2, "2.0.0");

        // 2.42 ignores the Content-Type and parses a 1.0 WriteRequest with only unknown fields: an empty write.
        assertThat(answer(response)).isEqualTo("204 ");
        assertThat(variant.query("rw2_probe", t0).elements()).isEmpty();
    }

    @Test
    void corruptBodyIs400() {
        assertThat(answer(variant.post(new byte[] {1, 2, 3}, RemoteWriteRequests.CONTENT_TYPE_V1, "0.1.0")))
                .isEqualTo("400 snappy: corrupt input\n");
    }

    @Test
    void fakeOrderingResponderAnswersLikePrometheus() {
        long t0 = System.currentTimeMillis();
        List<Remote.WriteRequest> script = List.of(
                request(sample("cmp_a", t0, 1)),
                request(sample("cmp_a", t0 - 1000, 1)),
                request(sample("cmp_a", t0, 2)),
                request(sample("cmp_a", t0, 1)),
                Remote.WriteRequest.newBuilder()
                        .addTimeseries(sample("cmp_b", t0 + 1000, 1))
                        .addTimeseries(sample("cmp_a", t0 - 500, 1))
                        .build(),
                request(sample("cmp_b", t0 + 500, 1)),
                request(sample("cmp_a", t0 + 1000, 1).toBuilder()
                        .addSamples(Types.Sample.newBuilder().setTimestamp(t0 + 500).setValue(5))
                        .addSamples(Types.Sample.newBuilder().setTimestamp(t0 + 2000).setValue(6))
                        .build()),
                request(sample("cmp_c", t0, 1).toBuilder().addLabels(label("x", "1")).addLabels(label("x", "2"))
                        .build()));
        List<String> real = new ArrayList<>();
        List<String> fake = new ArrayList<>();
        try (FaultInjectingReceiver receiver = FaultInjectingReceiver.start()) {
            FaultInjectingReceiver.OrderingResponder ordering = FaultInjectingReceiver.prometheusLikeOrdering();
            receiver.respondWith(ordering);
            HttpClient client = HttpClient.newHttpClient();
            for (Remote.WriteRequest request : script) {
                real.add(answer(prometheus.write(request)));
                fake.add(answer(send(client, receiver, request)));
            }
            assertThat(fake).isEqualTo(real);
            assertThat(ordering.accepted(Map.of("__name__", "cmp_a")))
                    .extracting(FaultInjectingReceiver.Point::timestampMs)
                    .containsExactlyElementsOf(prometheus.rangeSamples("cmp_a", t0 - 5000, t0 + 5000).stream()
                            .map(Sample::timestampMs).toList());
        }
    }

    private static HttpResponse<String> send(HttpClient client, FaultInjectingReceiver receiver,
            Remote.WriteRequest request) {
        try {
            return client.send(HttpRequest.newBuilder(receiver.uri())
                            .header("Content-Encoding", "snappy")
                            .header("Content-Type", RemoteWriteRequests.CONTENT_TYPE_V1)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(RemoteWriteRequests.encode(request)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static String answer(HttpResponse<String> response) {
        return response.statusCode() + " " + response.body();
    }

    private static Remote.WriteRequest request(Types.TimeSeries series) {
        return Remote.WriteRequest.newBuilder().addTimeseries(series).build();
    }

    private static Types.TimeSeries sample(String name, long timestampMs, double value) {
        return RemoteWriteRequests.series(timestampMs, value, "__name__", name);
    }

    private static Types.Label label(String name, String value) {
        return Types.Label.newBuilder().setName(name).setValue(value).build();
    }

    private static Types.TimeSeries histogramSeries(String name, long timestampMs) {
        Types.Histogram histogram = Types.Histogram.newBuilder()
                .setCountInt(5)
                .setSum(12.5)
                .setSchema(0)
                .setZeroThreshold(1e-128)
                .setZeroCountInt(1)
                .addPositiveSpans(Types.BucketSpan.newBuilder().setOffset(0).setLength(2))
                .addPositiveDeltas(2)
                .addPositiveDeltas(0)
                .setTimestamp(timestampMs)
                .build();
        return Types.TimeSeries.newBuilder().addLabels(label("__name__", name)).addHistograms(histogram).build();
    }
}
