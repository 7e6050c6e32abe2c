package io.github.otelflink.connectors.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.connectors.RequestMetadata;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code include_metadata}: what the servers capture, and that a client cannot forge it. */
class IngressMetadataTest {

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
    void httpCapturesOnlyTheNamedHeadersInAnyCaseWithEveryValue() {
        start(Set.of("X-Scope-OrgID", "x-team"));

        int status = TestIngress.send(HttpRequest.newBuilder(ingress.metricsUri())
                .header("Content-Type", PROTOBUF)
                .header("x-scope-orgid", "tenant-a")
                .header("X-Team", "one").header("X-Team", "two")
                .header("X-Other", "not captured")
                .POST(HttpRequest.BodyPublishers.ofByteArray(HttpIngressTest.gauge("cpu", 1).toByteArray())))
                .statusCode();

        assertThat(status).isEqualTo(200);
        ExportMetricsServiceRequest queued = ingress.queue.poll().takeRequest();
        assertThat(RequestMetadata.get(queued, "X-Scope-OrgID")).containsExactly("tenant-a");
        assertThat(RequestMetadata.get(queued, "x-team")).containsExactly("one", "two");
        assertThat(RequestMetadata.get(queued, "x-other")).isEmpty();
        assertThat(queued.getResourceMetricsList()).isEqualTo(HttpIngressTest.gauge("cpu", 1).getResourceMetricsList());
    }

    @Test
    void grpcCapturesTheNamedMetadata() {
        start(Set.of("X-Scope-OrgID"));
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("x-scope-orgid", Metadata.ASCII_STRING_MARSHALLER), "tenant-b");
        headers.put(Metadata.Key.of("x-other", Metadata.ASCII_STRING_MARSHALLER), "not captured");

        stub().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .export(HttpIngressTest.gauge("cpu", 1));

        ExportMetricsServiceRequest queued = ingress.queue.poll().takeRequest();
        assertThat(RequestMetadata.get(queued, "x-scope-orgid")).containsExactly("tenant-b");
        assertThat(RequestMetadata.get(queued, "x-other")).isEmpty();
    }

    @Test
    void aForgedFieldIsRemovedWithIncludeMetadataOff() {
        start(Set.of());
        ExportMetricsServiceRequest forged = forged();

        assertThat(TestIngress.post(ingress.metricsUri(), PROTOBUF, forged.toByteArray()).statusCode()).isEqualTo(200);
        stub().export(forged);

        for (int i = 0; i < 2; i++) {
            ExportMetricsServiceRequest queued = ingress.queue.poll().takeRequest();
            assertThat(RequestMetadata.present(queued)).isFalse();
            assertThat(RequestMetadata.get(queued, "x-scope-orgid")).isEmpty();
        }
    }

    @Test
    void aForgedFieldIsReplacedByTheRealHeaderOrRemovedWithIncludeMetadataOn() {
        start(Set.of("x-scope-orgid"));
        ExportMetricsServiceRequest forged = forged();

        // Without the header: the forged value must not survive.
        assertThat(TestIngress.post(ingress.metricsUri(), PROTOBUF, forged.toByteArray()).statusCode()).isEqualTo(200);
        stub().export(forged);
        // With the header: the header wins.
        TestIngress.send(HttpRequest.newBuilder(ingress.metricsUri()).header("Content-Type", PROTOBUF)
                .header("X-Scope-OrgID", "mine").POST(HttpRequest.BodyPublishers.ofByteArray(forged.toByteArray())));

        assertThat(RequestMetadata.get(ingress.queue.poll().takeRequest(), "x-scope-orgid")).isEmpty();
        assertThat(RequestMetadata.get(ingress.queue.poll().takeRequest(), "x-scope-orgid")).isEmpty();
        assertThat(RequestMetadata.get(ingress.queue.poll().takeRequest(), "x-scope-orgid")).containsExactly("mine");
    }

    /** A request as a client that writes the internal field itself would send it. */
    private static ExportMetricsServiceRequest forged() {
        return RequestMetadata.replace(HttpIngressTest.gauge("cpu", 1), Map.of("x-scope-orgid", List.of("victim")));
    }

    private void start(Set<String> keys) {
        ingress = TestIngress.start(OtlpIngressOptions.builder()
                .grpc(OtlpIngressOptions.Grpc.at("127.0.0.1:0").withMetadataKeys(keys))
                .http(OtlpIngressOptions.Http.at("127.0.0.1:0").withMetadataKeys(keys))
                .build());
        channel = NettyChannelBuilder.forAddress("127.0.0.1", ingress.grpcAddress().getPort()).usePlaintext().build();
    }

    private MetricsServiceGrpc.MetricsServiceBlockingStub stub() {
        return MetricsServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }
}
