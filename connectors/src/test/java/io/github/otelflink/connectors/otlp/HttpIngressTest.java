package io.github.otelflink.connectors.otlp;

import static io.github.otelflink.connectors.otlp.TestIngress.gzip;
import static io.github.otelflink.connectors.otlp.TestIngress.post;
import static io.github.otelflink.connectors.otlp.TestIngress.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.Status;
import io.github.otelflink.connectors.decode.BlueprintPayloads;
import io.github.otelflink.connectors.decode.OtlpMetricsDecoder;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpIngressTest {

    private static final String JSON = "application/json";
    private static final String PROTOBUF = "application/x-protobuf";
    private static final long T = 1_700_000_000_000_000_000L;

    private TestIngress ingress;

    @AfterEach
    void stop() {
        if (ingress != null) {
            ingress.close();
        }
    }

    @Test
    void acceptsTheBlueprintGeneratorsJsonAndAnswersInJson() throws Exception {
        ingress = TestIngress.start(TestIngress.localOptions().build());

        for (byte[] payload : BlueprintPayloads.batch(1, T)) {
            HttpResponse<byte[]> response = post(ingress.metricsUri(), JSON, payload);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue(JSON);
            assertThat(text(response)).isEqualTo("{}");
            assertThat(ingress.queue.poll().takeRequest()).isEqualTo(OtlpMetricsDecoder.decodeJson(payload));
        }
        assertThat(ingress.metrics.count("http", null, IngressMetrics.ACCEPTED_POINTS)).isEqualTo(4);
        assertThat(ingress.metrics.count("http", "200", IngressMetrics.REQUESTS)).isEqualTo(4);
    }

    @Test
    void acceptsProtobufAndGzipAndDeflateBodies() throws Exception {
        ingress = TestIngress.start(TestIngress.localOptions().build());
        ExportMetricsServiceRequest request = gauge("cpu", 0.5);

        HttpResponse<byte[]> plain = post(ingress.metricsUri(), PROTOBUF, request.toByteArray());
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Content-Type")).hasValue(PROTOBUF);
        assertThat(ExportMetricsServiceResponse.parseFrom(plain.body()))
                .isEqualTo(ExportMetricsServiceResponse.getDefaultInstance());

        HttpResponse<byte[]> gzipped = send(HttpRequest.newBuilder(ingress.metricsUri())
                .header("Content-Type", PROTOBUF).header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(request.toByteArray()))));
        assertThat(gzipped.statusCode()).isEqualTo(200);

        java.io.ByteArrayOutputStream zlib = new java.io.ByteArrayOutputStream();
        try (java.util.zip.DeflaterOutputStream out = new java.util.zip.DeflaterOutputStream(zlib)) {
            out.write(BlueprintPayloads.batch(2, T)[1]);
        }
        HttpResponse<byte[]> deflated = send(HttpRequest.newBuilder(ingress.metricsUri())
                .header("Content-Type", JSON).header("Content-Encoding", "deflate")
                .POST(HttpRequest.BodyPublishers.ofByteArray(zlib.toByteArray())));
        assertThat(deflated.statusCode()).isEqualTo(200);

        assertThat(ingress.queue.poll().takeRequest()).isEqualTo(request);
        assertThat(ingress.queue.poll().takeRequest()).isEqualTo(request);
        assertThat(ingress.queue.poll().takeRequest().getResourceMetrics(0).getScopeMetrics(0).getMetrics(0).getName())
                .isEqualTo("cpu_usage_percent");
    }

    @Test
    void answersMalformedJsonWith400NamingTheProblem() throws Exception {
        ingress = TestIngress.start(TestIngress.localOptions().build());
        byte[] bad = "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"gauge\":{\"dataPoints\":[{\"asDouble\":\"abc\"}]}}]}]}]}"
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<byte[]> response = post(ingress.metricsUri(), JSON, bad);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(JSON);
        Status.Builder status = Status.newBuilder();
        com.google.protobuf.util.JsonFormat.parser().merge(text(response), status);
        assertThat(status.getCode()).isEqualTo(com.google.rpc.Code.INVALID_ARGUMENT_VALUE);
        assertThat(status.getMessage()).startsWith(
                "resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[0].asDouble: expected a number, got \"abc\"");
        assertThat(ingress.queue.size()).isZero();
        assertThat(ingress.metrics.count("http", "400", IngressMetrics.REQUESTS)).isEqualTo(1);
    }

    @Test
    void answersMalformedProtobufWith400InProtobuf() throws Exception {
        ingress = TestIngress.start(TestIngress.localOptions().build());
        byte[] truncated = java.util.Arrays.copyOf(gauge("cpu", 1).toByteArray(), 20);

        HttpResponse<byte[]> response = post(ingress.metricsUri(), PROTOBUF, truncated);

        assertThat(response.statusCode()).isEqualTo(400);
        Status status = Status.parseFrom(response.body());
        assertThat(status.getMessage()).startsWith("invalid protobuf ExportMetricsServiceRequest: ");
    }

    @Test
    void answersCorruptGzipWith400() {
        ingress = startDefault();
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(ingress.metricsUri())
                .header("Content-Type", JSON).header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray("not gzip".getBytes(StandardCharsets.UTF_8))));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(text(response)).contains("cannot decompress the gzip body");
    }

    @Test
    void refusesUnknownContentTypesAndEncodingsWith415() {
        ingress = startDefault();

        HttpResponse<byte[]> text = post(ingress.metricsUri(), "text/plain", "hello".getBytes(StandardCharsets.UTF_8));
        assertThat(text.statusCode()).isEqualTo(415);
        assertThat(text(text)).contains("unsupported Content-Type \"text/plain\"",
                "supported: [application/x-protobuf, application/json]");

        HttpResponse<byte[]> brotli = send(HttpRequest.newBuilder(ingress.metricsUri())
                .header("Content-Type", JSON).header("Content-Encoding", "br")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3})));
        assertThat(brotli.statusCode()).isEqualTo(415);
        assertThat(text(brotli)).contains("unsupported Content-Encoding \"br\"");

        // The connection survives a refused body: the next request is served.
        assertThat(post(ingress.metricsUri(), JSON, BlueprintPayloads.batch(1, T)[0]).statusCode()).isEqualTo(200);
    }

    @Test
    void answersOtherPathsWith404AndOtherMethodsWith405() {
        ingress = startDefault();

        assertThat(post(ingress.httpUri("/v1/traces"), JSON, "{}".getBytes(StandardCharsets.UTF_8)).statusCode())
                .isEqualTo(404);
        HttpResponse<byte[]> get = send(HttpRequest.newBuilder(ingress.metricsUri()).GET());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void emptyRequestIsAcceptedWithNothingToEmit() {
        ingress = startDefault();

        HttpResponse<byte[]> response =
                post(ingress.metricsUri(), JSON, "{\"resourceMetrics\":[]}".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(text(response)).isEqualTo("{}");
        assertThat(ingress.queue.size()).isZero();
    }

    @Test
    void reportsPointsWithoutValueAsPartialSuccess() throws Exception {
        ingress = startDefault();
        ExportMetricsServiceRequest request = gauge("cpu", 0.5).toBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder().addScopeMetrics(ScopeMetrics.newBuilder()
                        .addMetrics(Metric.newBuilder().setName("broken").setGauge(Gauge.newBuilder()
                                .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(T))))))
                .build();

        HttpResponse<byte[]> response = post(ingress.metricsUri(), PROTOBUF, request.toByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        ExportMetricsServiceResponse answer = ExportMetricsServiceResponse.parseFrom(response.body());
        assertThat(answer.getPartialSuccess().getRejectedDataPoints()).isEqualTo(1);
        assertThat(answer.getPartialSuccess().getErrorMessage()).isEqualTo("1 data point was rejected:"
                + " resourceMetrics[1].scopeMetrics[0].metrics[0] (\"broken\").dataPoints[0]: no value (neither asDouble nor asInt)");
        ExportMetricsServiceRequest emitted = ingress.queue.poll().takeRequest();
        assertThat(emitted.getResourceMetrics(1).getScopeMetrics(0).getMetrics(0).getGauge().getDataPointsCount()).isZero();
        assertThat(ingress.metrics.count("http", null, IngressMetrics.REFUSED_POINTS)).isEqualTo(1);
        assertThat(ingress.metrics.count("http", null, IngressMetrics.ACCEPTED_POINTS)).isEqualTo(1);
    }

    @Test
    void refusesBodiesOverTheLimitWith413() {
        ingress = TestIngress.start(TestIngress.localOptions()
                .http(OtlpIngressOptions.Http.at("127.0.0.1:0").withMaxRequestBodyBytes(1000)).build());

        HttpResponse<byte[]> declared = post(ingress.metricsUri(), PROTOBUF, new byte[5000]);
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(text(declared)).contains("the body has 5000 bytes, more than the limit of 1000");

        // Chunked: no Content-Length, the limit is hit while reading.
        HttpResponse<byte[]> chunked = send(HttpRequest.newBuilder(ingress.metricsUri())
                .header("Content-Type", PROTOBUF)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[5000]))));
        assertThat(chunked.statusCode()).isEqualTo(413);

        assertThat(post(ingress.metricsUri(), JSON, BlueprintPayloads.batch(1, T)[1]).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesAGzipBombWith413() {
        ingress = TestIngress.start(TestIngress.localOptions()
                .http(OtlpIngressOptions.Http.at("127.0.0.1:0").withMaxRequestBodyBytes(1024 * 1024)).build());
        byte[] bomb = gzip(new byte[50 * 1024 * 1024]); // 50 MiB of zeros in about 50 KiB
        assertThat(bomb.length).isLessThan(1024 * 1024);

        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(ingress.metricsUri())
                .header("Content-Type", PROTOBUF).header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bomb)));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(text(response)).contains("the gzip body decompresses to more than 1048576 bytes");
    }

    @Test
    void requiresTheBearerToken() {
        ingress = TestIngress.start(TestIngress.localOptions()
                .http(OtlpIngressOptions.Http.at("127.0.0.1:0").withAuth(BearerTokenAuth.token("s3cret"))).build());
        byte[] body = BlueprintPayloads.batch(1, T)[0];

        HttpResponse<byte[]> missing = post(ingress.metricsUri(), JSON, body);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        HttpResponse<byte[]> wrong = send(HttpRequest.newBuilder(ingress.metricsUri()).header("Content-Type", JSON)
                .header("Authorization", "Bearer guess").POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(text(wrong)).doesNotContain("s3cret");
        HttpResponse<byte[]> right = send(HttpRequest.newBuilder(ingress.metricsUri()).header("Content-Type", JSON)
                .header("Authorization", "Bearer s3cret").POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(ingress.queue.size()).isEqualTo(1);
    }

    @Test
    void rereadsARotatedTokenFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path tokenFile = dir.resolve("token");
        java.nio.file.Files.writeString(tokenFile, "first\n");
        ingress = TestIngress.start(TestIngress.localOptions()
                .http(OtlpIngressOptions.Http.at("127.0.0.1:0").withAuth(BearerTokenAuth.tokenFile(tokenFile.toString())))
                .build());
        byte[] body = BlueprintPayloads.batch(1, T)[0];

        assertThat(postWithToken(body, "first").statusCode()).isEqualTo(200);
        java.nio.file.Files.writeString(tokenFile, "second\n");
        java.nio.file.Files.setLastModifiedTime(tokenFile,
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 10_000));
        assertThat(postWithToken(body, "first").statusCode()).isEqualTo(401);
        assertThat(postWithToken(body, "second").statusCode()).isEqualTo(200);
    }

    @Test
    void refusesWith429AndRetryAfterWhenTheQueueIsFull() throws Exception {
        ingress = TestIngress.start(TestIngress.localOptions().maxPendingRequests(2)
                .retryAfter(Duration.ofSeconds(3)).build());
        byte[] body = BlueprintPayloads.batch(1, T)[0];

        assertThat(post(ingress.metricsUri(), JSON, body).statusCode()).isEqualTo(200);
        assertThat(post(ingress.metricsUri(), JSON, body).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> refused = post(ingress.metricsUri(), JSON, body);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("3");
        assertThat(text(refused)).contains("at its limit of 2 pending requests");
        assertThat(ingress.metrics.count("http", null, IngressMetrics.REFUSED_POINTS)).isEqualTo(1);

        ingress.queue.poll();
        assertThat(post(ingress.metricsUri(), JSON, body).statusCode()).isEqualTo(200);
    }

    @Test
    void withCheckpointAckAnswersOnlyOnceAcknowledged() throws Exception {
        ingress = TestIngress.start(TestIngress.localOptions().ack(AckMode.CHECKPOINT).build());

        CompletableFuture<HttpResponse<byte[]>> answer = TestIngress.HTTP.sendAsync(
                HttpRequest.newBuilder(ingress.metricsUri()).header("Content-Type", JSON)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(BlueprintPayloads.batch(1, T)[0])).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        TestIngress.awaitTrue("the request to be queued", Duration.ofSeconds(10), () -> ingress.queue.size() == 1);
        PendingExport pending = ingress.queue.poll();

        assertThat(pending.awaitsAnswer()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> answer.get(300, TimeUnit.MILLISECONDS))
                .isInstanceOf(TimeoutException.class);
        pending.acknowledge();
        assertThat(answer.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void answers503WhenStopping() {
        ingress = startDefault();
        ingress.queue.close();

        HttpResponse<byte[]> response = post(ingress.metricsUri(), JSON, BlueprintPayloads.batch(1, T)[0]);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    }

    @Test
    void healthCheckAnswersLikeTheCollectors() {
        ingress = startDefault();

        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + ingress.servers.healthAddress().getPort() + "/")).GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(text(response)).startsWith("{\"status\":\"Server available\",\"upSince\":\"");
    }

    private HttpResponse<byte[]> postWithToken(byte[] body, String token) {
        return send(HttpRequest.newBuilder(ingress.metricsUri()).header("Content-Type", JSON)
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static TestIngress startDefault() {
        return TestIngress.start(TestIngress.localOptions().build());
    }

    static ExportMetricsServiceRequest gauge(String name, double value) {
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder()
                        .addScopeMetrics(ScopeMetrics.newBuilder()
                                .addMetrics(Metric.newBuilder().setName(name).setGauge(Gauge.newBuilder()
                                        .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(T).setAsDouble(value)
                                                .addAttributes(KeyValue.newBuilder().setKey("core")
                                                        .setValue(AnyValue.newBuilder().setStringValue("cpu0"))))))))
                .build();
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8).trim();
    }
}
