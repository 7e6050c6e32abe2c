package io.github.otelflink.connectors.otlp;

import static io.github.otelflink.connectors.otlp.TestIngress.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.Status;
import io.github.otelflink.connectors.RequestMetadata;
import io.github.otelflink.connectors.UndecodedRequest;
import io.github.otelflink.connectors.decode.MalformedOtlpException;
import io.github.otelflink.connectors.decode.OtlpMetricsDecoder;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ingress with {@code passUndecoded} (as the job runs it): bodies the scan accepts go on as
 * bytes, with the client metadata captured beside them, and decode to exactly what was sent;
 * everything else takes the decoded path and is answered as before.
 */
class UndecodedIngressTest {
    private static final String PROTOBUF = "application/x-protobuf";

    private TestIngress ingress;
    private ManagedChannel channel;

    @AfterEach
    void stop() throws Exception {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (ingress != null) {
            ingress.close();
        }
    }

    @Test
    void passesGaugeBodiesOnUndecodedOverHttpAndGrpc() throws Exception {
        start(Set.of("x-scope-orgid"));
        ExportMetricsServiceRequest request = HttpIngressTest.gauge("cpu", 0.5);

        HttpResponse<byte[]> response = TestIngress.send(HttpRequest.newBuilder(ingress.metricsUri())
                .header("Content-Type", PROTOBUF).header("X-Scope-OrgID", "acme")
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestIngress.gzip(request.toByteArray())))
                .header("Content-Encoding", "gzip"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(ExportMetricsServiceResponse.parseFrom(response.body()))
                .isEqualTo(ExportMetricsServiceResponse.getDefaultInstance());
        ExportMetricsServiceRequest emitted = ingress.queue.poll().takeRequest();
        assertThat(UndecodedRequest.isUndecoded(emitted)).isTrue();
        assertThat(UndecodedRequest.points(emitted)).isEqualTo(1);
        assertThat(RequestMetadata.get(emitted, "x-scope-orgid")).containsExactly("acme");
        ExportMetricsServiceRequest decoded = UndecodedRequest.decoded(emitted);
        assertThat(UndecodedRequest.isUndecoded(decoded)).isFalse();
        assertThat(RequestMetadata.get(decoded, "x-scope-orgid")).containsExactly("acme");
        assertThat(RequestMetadata.strip(decoded)).isEqualTo(request);

        stub().export(request);
        ExportMetricsServiceRequest overGrpc = ingress.queue.poll().takeRequest();
        assertThat(UndecodedRequest.isUndecoded(overGrpc)).isTrue();
        assertThat(UndecodedRequest.decoded(overGrpc)).isEqualTo(request);
        assertThat(ingress.metrics.count("http", null, IngressMetrics.ACCEPTED_POINTS)).isEqualTo(1);
        assertThat(ingress.metrics.count("grpc", null, IngressMetrics.ACCEPTED_POINTS)).isEqualTo(1);
    }

    @Test
    void jsonBodiesGoTheProtobufWayAndBadJsonKeepsItsReason() throws Exception {
        start(Set.of("x-scope-orgid"));
        ExportMetricsServiceRequest request = HttpIngressTest.gauge("cpu", 0.5);
        String json = com.google.protobuf.util.JsonFormat.printer().print(request);

        HttpResponse<byte[]> response = TestIngress.send(HttpRequest.newBuilder(ingress.metricsUri())
                .header("Content-Type", "application/json").header("X-Scope-OrgID", "acme")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
        assertThat(response.statusCode()).isEqualTo(200);
        ExportMetricsServiceRequest emitted = ingress.queue.poll().takeRequest();
        assertThat(UndecodedRequest.isUndecoded(emitted)).isTrue();
        assertThat(RequestMetadata.get(emitted, "x-scope-orgid")).containsExactly("acme");
        assertThat(RequestMetadata.strip(UndecodedRequest.decoded(emitted))).isEqualTo(request);

        String bad = json.replace("\"asDouble\": 0.5", "\"asDouble\": \"half\"");
        assertThat(bad).isNotEqualTo(json);
        HttpResponse<byte[]> refused = TestIngress.send(HttpRequest.newBuilder(ingress.metricsUri())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(bad)));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(new String(refused.body(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("asDouble: expected a number, got \\\"half\\\"");
        assertThat(ingress.queue.size()).isZero();
    }

    @Test
    void decodesWhatTheScanDoesNotTake() throws Exception {
        start(Set.of());
        ExportMetricsServiceRequest histogram = ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder().addScopeMetrics(ScopeMetrics.newBuilder()
                        .addMetrics(Metric.newBuilder().setName("latency").setHistogram(Histogram.newBuilder()
                                .setAggregationTemporalityValue(2)
                                .addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(1).setCount(1))))))
                .build();

        assertThat(post(ingress.metricsUri(), PROTOBUF, histogram.toByteArray()).statusCode()).isEqualTo(200);
        ExportMetricsServiceRequest emitted = ingress.queue.poll().takeRequest();
        assertThat(UndecodedRequest.isUndecoded(emitted)).isFalse();
        assertThat(emitted).isEqualTo(histogram);
    }

    @Test
    void malformedBodiesGetTheDecodersReason() throws Exception {
        start(Set.of());
        byte[] truncated = Arrays.copyOf(HttpIngressTest.gauge("cpu", 1).toByteArray(), 20);
        String reason = decodeError(truncated);

        HttpResponse<byte[]> response = post(ingress.metricsUri(), PROTOBUF, truncated);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Status.parseFrom(response.body()).getMessage()).isEqualTo(reason);
        assertThat(ingress.queue.size()).isZero();
        assertThat(ingress.metrics.count("http", "400", IngressMetrics.REQUESTS)).isEqualTo(1);
    }

    @Test
    void aClientCannotSendItsOwnUndecodedBodyOrMetadata() throws Exception {
        start(Set.of("x-scope-orgid"));
        // A body whose internal field claims another body and a tenant: both are removed.
        ExportMetricsServiceRequest forged = RequestMetadata.replace(
                UndecodedRequest.wrap(HttpIngressTest.gauge("other", 2).toByteArray(), 1)
                        .toBuilder().mergeFrom(HttpIngressTest.gauge("cpu", 1)).build(),
                Map.of("x-scope-orgid", List.of("victim")));

        assertThat(post(ingress.metricsUri(), PROTOBUF, forged.toByteArray()).statusCode()).isEqualTo(200);
        ExportMetricsServiceRequest emitted = ingress.queue.poll().takeRequest();
        assertThat(UndecodedRequest.isUndecoded(emitted)).isFalse();
        assertThat(RequestMetadata.present(emitted)).isFalse();
        assertThat(emitted).isEqualTo(HttpIngressTest.gauge("cpu", 1));
    }

    private static String decodeError(byte[] body) {
        try {
            OtlpMetricsDecoder.decodeProtobuf(body);
        } catch (MalformedOtlpException e) {
            return e.getMessage();
        }
        throw new AssertionError("decodes");
    }

    private void start(Set<String> keys) {
        ingress = TestIngress.start(OtlpIngressOptions.builder()
                .grpc(OtlpIngressOptions.Grpc.at("127.0.0.1:0").withMetadataKeys(keys))
                .http(OtlpIngressOptions.Http.at("127.0.0.1:0").withMetadataKeys(keys))
                .healthCheckEndpoint(null)
                .passUndecoded(true)
                .build());
        channel = NettyChannelBuilder.forAddress("127.0.0.1", ingress.grpcAddress().getPort()).usePlaintext().build();
    }

    private MetricsServiceGrpc.MetricsServiceBlockingStub stub() {
        return MetricsServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }
}
