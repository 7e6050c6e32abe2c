package io.github.otelflink.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otelflink.testing.proto.Remote;
import io.github.otelflink.testing.proto.Types;
import io.github.otelflink.testing.proto.v2.WriteV2;
import io.github.otelflink.testing.FaultInjectingReceiver.OrderingResponder;
import io.github.otelflink.testing.FaultInjectingReceiver.Point;
import io.github.otelflink.testing.FaultInjectingReceiver.RecordedRequest;
import io.github.otelflink.testing.FaultInjectingReceiver.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultInjectingReceiverTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @TempDir Path dir;
    private FaultInjectingReceiver receiver;

    @AfterEach
    void close() {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void scriptedAnswersAreGivenInOrderThenTheDefault() throws Exception {
        receiver = FaultInjectingReceiver.start()
                .enqueue(Response.status(503),
                        Response.status(429).header("Retry-After", "2"),
                        Response.status(400).body("out of order sample"),
                        Response.status(415),
                        Response.status(204).header("X-Prometheus-Remote-Write-Samples-Written", "10"));

        List<HttpResponse<String>> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(post(CLIENT, receiver.uri(), v1Request("up", 1000 + i, i), RemoteWriteRequests.CONTENT_TYPE_V1));
        }

        assertThat(answers).extracting(HttpResponse::statusCode).containsExactly(503, 429, 400, 415, 204, 204);
        assertThat(answers.get(1).headers().firstValue("Retry-After")).hasValue("2");
        assertThat(answers.get(2).body()).isEqualTo("out of order sample");
        assertThat(answers.get(4).headers().firstValue("X-Prometheus-Remote-Write-Samples-Written")).hasValue("10");
        List<RecordedRequest> recorded = receiver.awaitRequests(6, Duration.ofSeconds(5));
        assertThat(recorded).extracting(r -> r.response().status()).containsExactly(503, 429, 400, 415, 204, 204);
    }

    @Test
    void recordsAndDecodesRequestsOfBothVersions() throws Exception {
        receiver = FaultInjectingReceiver.start();
        post(CLIENT, receiver.uri(), v1Request("http_requests_total", 1234, 5.5), RemoteWriteRequests.CONTENT_TYPE_V1);
        WriteV2.Request v2 = WriteV2.Request.newBuilder()
                .addSymbols("").addSymbols("__name__").addSymbols("cpu").addSymbols("host").addSymbols("a")
                .addTimeseries(WriteV2.TimeSeries.newBuilder()
                        .addAllLabelsRefs(List.of(1, 2, 3, 4))
                        .addSamples(WriteV2.Sample.newBuilder().setTimestamp(99).setValue(0.25)))
                .build();
        post(CLIENT, receiver.uri(), RemoteWriteRequests.encodeV2(v2), RemoteWriteRequests.CONTENT_TYPE_V2);
        post(CLIENT, receiver.uri(), new byte[] {1, 2, 3}, RemoteWriteRequests.CONTENT_TYPE_V1);

        List<RecordedRequest> requests = receiver.awaitRequests(3, Duration.ofSeconds(5));

        RecordedRequest first = requests.get(0);
        assertThat(first.method()).isEqualTo("POST");
        assertThat(first.path()).isEqualTo("/api/v1/write");
        assertThat(first.header("content-encoding")).isEqualTo("snappy");
        assertThat(first.header("X-Prometheus-Remote-Write-Version")).isEqualTo("0.1.0");
        assertThat(first.isV2()).isFalse();
        assertThat(first.writeRequest().getTimeseries(0).getSamples(0).getValue()).isEqualTo(5.5);
        assertThat(first.series()).singleElement().satisfies(s -> {
            assertThat(s.labels()).containsExactlyEntriesOf(Map.of("__name__", "http_requests_total"));
            assertThat(s.samples()).containsExactly(new Point(1234, 5.5));
        });
        assertThat(first.response().status()).isEqualTo(204);

        RecordedRequest second = requests.get(1);
        assertThat(second.isV2()).isTrue();
        assertThat(second.writeRequest()).isNull();
        assertThat(second.writeRequestV2()).isEqualTo(v2);
        assertThat(second.series()).singleElement().satisfies(s -> {
            assertThat(s.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("__name__", "cpu", "host", "a"));
            assertThat(s.samples()).containsExactly(new Point(99, 0.25));
        });

        assertThat(requests.get(2).decodeError()).isNotNull();
        assertThat(requests.get(2).series()).isEmpty();
        assertThat(requests.get(2).receivedNanos()).isGreaterThanOrEqualTo(first.receivedNanos());
    }

    @Test
    void aDelayedAnswerDoesNotHoldBackOthers() throws Exception {
        receiver = FaultInjectingReceiver.start().enqueue(Response.status(500).delay(Duration.ofSeconds(2)));
        CompletableFuture<HttpResponse<String>> slow = postAsync(receiver.uri(), v1Request("a", 1, 1));
        receiver.awaitRequests(1, Duration.ofSeconds(5));

        HttpResponse<String> fast = postAsync(receiver.uri(), v1Request("b", 1, 1)).get(5, TimeUnit.SECONDS);

        assertThat(fast.statusCode()).isEqualTo(204);
        assertThat(slow).isNotDone();
        assertThat(slow.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(500);
    }

    @Test
    void programmableResponderSeesTheDecodedRequest() throws Exception {
        receiver = FaultInjectingReceiver.start().respondWith(request ->
                request.series().stream().anyMatch(s -> s.samples().stream().anyMatch(p -> p.timestampMs() < 100))
                        ? Response.status(400).body("out of order sample")
                        : Response.status(204));

        assertThat(post(CLIENT, receiver.uri(), v1Request("x", 50, 1), RemoteWriteRequests.CONTENT_TYPE_V1)
                .statusCode()).isEqualTo(400);
        assertThat(post(CLIENT, receiver.uri(), v1Request("x", 150, 1), RemoteWriteRequests.CONTENT_TYPE_V1)
                .statusCode()).isEqualTo(204);
    }

    @Test
    void awaitRequestsFailsAfterItsDeadline() {
        receiver = FaultInjectingReceiver.start();
        assertThatThrownBy(() -> receiver.awaitRequests(1, Duration.ofMillis(100)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected 1 requests");
    }

    @Test
    void prometheusLikeOrderingFollowsThePerSeriesMaxTimeRule() throws Exception {
        OrderingResponder ordering = FaultInjectingReceiver.prometheusLikeOrdering();
        receiver = FaultInjectingReceiver.start().respondWith(ordering);
        Map<String, String> s1 = Map.of("__name__", "s1");
        Map<String, String> s2 = Map.of("__name__", "s2");

        assertThat(write(series("s1", p(2000, 1)))).isEqualTo("204 ");
        assertThat(write(series("s1", p(1000, 2)))).isEqualTo("400 out of order sample\n");
        assertThat(write(series("s1", p(2000, 3)))).isEqualTo("400 duplicate sample for timestamp\n");
        assertThat(write(series("s1", p(2000, 1)))).as("identical duplicate").isEqualTo("204 ");
        // One bad sample rejects the whole request: the new series s2 is not applied either.
        assertThat(write(series("s2", p(5000, 1)), series("s1", p(1500, 1))))
                .isEqualTo("400 out of order sample\n");
        assertThat(write(series("s2", p(4000, 1)))).isEqualTo("204 ");
        // Within one accepted request, samples not newer than the series' new maximum are dropped silently.
        assertThat(write(series("s1", p(3000, 1), p(2500, 9), p(3000, 7), p(3500, 2)))).isEqualTo("204 ");
        Types.TimeSeries duplicateNames = series("s3", p(1, 1)).toBuilder()
                .addLabels(Types.Label.newBuilder().setName("a").setValue("1"))
                .addLabels(Types.Label.newBuilder().setName("a").setValue("2"))
                .build();
        assertThat(write(duplicateNames)).isEqualTo("500 label name \"a\" is not unique: invalid sample\n");

        assertThat(ordering.accepted(s1)).containsExactly(p(2000, 1), p(3000, 1), p(3500, 2));
        assertThat(ordering.accepted(s2)).containsExactly(p(4000, 1));
        assertThat(ordering.acceptedCount()).isEqualTo(4);
    }

    @Test
    void prometheusLikeOrderingAppliesToHistograms() throws Exception {
        OrderingResponder ordering = FaultInjectingReceiver.prometheusLikeOrdering();
        receiver = FaultInjectingReceiver.start().respondWith(ordering);
        Types.Histogram h = Types.Histogram.newBuilder().setCountInt(3).setSum(4.5).setSchema(0).build();

        assertThat(write(histogram("h", h.toBuilder().setTimestamp(10).build()))).isEqualTo("204 ");
        assertThat(write(histogram("h", h.toBuilder().setTimestamp(10).build()))).isEqualTo("204 ");
        assertThat(write(histogram("h", h.toBuilder().setTimestamp(10).setSum(9).build())))
                .isEqualTo("400 duplicate sample for timestamp\n");
        assertThat(write(histogram("h", h.toBuilder().setTimestamp(5).build()))).isEqualTo("400 out of order sample\n");
        assertThat(ordering.acceptedHistograms(Map.of("__name__", "h"))).hasSize(1);
    }

    @Test
    void httpsReceiverRequiresAClientCertificate() throws Exception {
        TestCertificates certs = TestCertificates.generate(dir.resolve("certs"));
        receiver = FaultInjectingReceiver.start(certs);
        assertThat(receiver.uri().getScheme()).isEqualTo("https");
        HttpClient withCert = HttpClient.newBuilder().sslContext(receiver.clientSslContext()).build();
        SSLContext trustOnly = PrometheusServer.sslContext(null, null, certs.caCert());

        assertThat(post(withCert, receiver.uri(), v1Request("a", 1, 1), RemoteWriteRequests.CONTENT_TYPE_V1)
                .statusCode()).isEqualTo(204);
        assertThat(PrometheusServerTest.refusalWithoutClientCertificate(trustOnly, receiver.port())).isNotEmpty();
        assertThat(receiver.requests()).hasSize(1);
    }

    private String write(Types.TimeSeries... series) throws Exception {
        Remote.WriteRequest request = Remote.WriteRequest.newBuilder().addAllTimeseries(List.of(series)).build();
        HttpResponse<String> response =
                post(CLIENT, receiver.uri(), RemoteWriteRequests.encode(request), RemoteWriteRequests.CONTENT_TYPE_V1);
        return response.statusCode() + " " + response.body();
    }

    private static Point p(long timestampMs, double value) {
        return new Point(timestampMs, value);
    }

    private static Types.TimeSeries series(String name, Point... points) {
        Types.TimeSeries.Builder series = Types.TimeSeries.newBuilder()
                .addLabels(Types.Label.newBuilder().setName("__name__").setValue(name));
        for (Point point : points) {
            series.addSamples(Types.Sample.newBuilder().setTimestamp(point.timestampMs()).setValue(point.value()));
        }
        return series.build();
    }

    private static Types.TimeSeries histogram(String name, Types.Histogram histogram) {
        return Types.TimeSeries.newBuilder()
                .addLabels(Types.Label.newBuilder().setName("__name__").setValue(name))
                .addHistograms(histogram)
                .build();
    }

    private static byte[] v1Request(String name, long timestampMs, double value) {
        return RemoteWriteRequests.encode(Remote.WriteRequest.newBuilder()
                .addTimeseries(RemoteWriteRequests.series(timestampMs, value, "__name__", name))
                .build());
    }

    private static HttpRequest request(URI uri, byte[] body, String contentType) {
        return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Encoding", "snappy")
                .header("Content-Type", contentType)
                .header("X-Prometheus-Remote-Write-Version",
                        contentType.equals(RemoteWriteRequests.CONTENT_TYPE_V2) ? "2.0.0" : "0.1.0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    private static HttpResponse<String> post(HttpClient client, URI uri, byte[] body, String contentType)
            throws IOException, InterruptedException {
        return client.send(request(uri, body, contentType), HttpResponse.BodyHandlers.ofString());
    }

    private static CompletableFuture<HttpResponse<String>> postAsync(URI uri, byte[] body) {
        return CLIENT.sendAsync(request(uri, body, RemoteWriteRequests.CONTENT_TYPE_V1),
                HttpResponse.BodyHandlers.ofString());
    }
}
