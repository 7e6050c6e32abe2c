package io.github.otelflink.connectors.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.rpc.RetryInfo;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GrpcIngressTest {

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
    void acceptsAnExportAndQueuesIt() {
        start(TestIngress.localOptions());
        ExportMetricsServiceRequest request = HttpIngressTest.gauge("cpu", 0.25);

        ExportMetricsServiceResponse response = stub().export(request);

        assertThat(response).isEqualTo(ExportMetricsServiceResponse.getDefaultInstance());
        assertThat(ingress.queue.poll().takeRequest()).isEqualTo(request);
        assertThat(ingress.metrics.count("grpc", null, IngressMetrics.ACCEPTED_POINTS)).isEqualTo(1);
        assertThat(ingress.metrics.count("grpc", "OK", IngressMetrics.REQUESTS)).isEqualTo(1);
    }

    @Test
    void acceptsGzipCompressedExports() {
        start(TestIngress.localOptions());

        stub().withCompression("gzip").export(HttpIngressTest.gauge("cpu", 0.25));

        assertThat(ingress.queue.size()).isEqualTo(1);
    }

    @Test
    void answersMalformedProtobufWithInvalidArgumentNamingTheProblem() {
        start(TestIngress.localOptions());
        byte[] truncated = Arrays.copyOf(HttpIngressTest.gauge("cpu", 0.25).toByteArray(), 20);

        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, GrpcIngressServer.EXPORT_METHOD,
                        CallOptions.DEFAULT, truncated))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription())
                            .startsWith("invalid protobuf ExportMetricsServiceRequest: While parsing a protocol message");
                });
        assertThat(ingress.metrics.count("grpc", "INVALID_ARGUMENT", IngressMetrics.REQUESTS)).isEqualTo(1);
    }

    @Test
    void refusesMessagesOverMaxRecvMsgSize() {
        start(TestIngress.localOptions().grpc(OtlpIngressOptions.Grpc.at("127.0.0.1:0").withMaxRecvMsgSizeMiB(1)));
        ExportMetricsServiceRequest big = manyPoints(100_000); // about 2 MiB

        assertThat(big.getSerializedSize()).isGreaterThan(1024 * 1024);
        assertThatThrownBy(() -> stub().export(big))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
        assertThat(ingress.queue.size()).isZero();
    }

    @Test
    void refusesAMissingOrWrongTokenWithUnauthenticated() {
        start(TestIngress.localOptions()
                .grpc(OtlpIngressOptions.Grpc.at("127.0.0.1:0").withAuth(BearerTokenAuth.token("s3cret"))));
        ExportMetricsServiceRequest request = HttpIngressTest.gauge("cpu", 0.25);

        assertThatThrownBy(() -> stub().export(request)).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        assertThatThrownBy(() -> withToken("guess").export(request)).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        withToken("s3cret").export(request);

        assertThat(ingress.queue.size()).isEqualTo(1);
        assertThat(ingress.metrics.count("grpc", "UNAUTHENTICATED", IngressMetrics.REQUESTS)).isEqualTo(2);
    }

    @Test
    void refusesWithResourceExhaustedAndRetryInfoWhenTheQueueIsFull() {
        start(TestIngress.localOptions().maxPendingRequests(1));
        ExportMetricsServiceRequest request = HttpIngressTest.gauge("cpu", 0.25);
        stub().export(request);

        assertThatThrownBy(() -> stub().export(request)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            com.google.rpc.Status status = StatusProto.fromThrowable(e);
            assertThat(status.getDetailsList()).anySatisfy(detail -> {
                assertThat(detail.is(RetryInfo.class)).isTrue();
                assertThat(detail.unpack(RetryInfo.class).getRetryDelay().getSeconds()).isEqualTo(1);
            });
        });
    }

    @Test
    void answersUnavailableWhenStopping() {
        start(TestIngress.localOptions());
        ingress.queue.close();

        assertThatThrownBy(() -> stub().export(HttpIngressTest.gauge("cpu", 0.25)))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }

    private void start(OtlpIngressOptions.Builder options) {
        ingress = TestIngress.start(options.build());
        channel = NettyChannelBuilder.forAddress("127.0.0.1", ingress.grpcAddress().getPort())
                .usePlaintext()
                .maxInboundMessageSize(16 * 1024 * 1024)
                .build();
    }

    private MetricsServiceGrpc.MetricsServiceBlockingStub stub() {
        return MetricsServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    private MetricsServiceGrpc.MetricsServiceBlockingStub withToken(String token) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return stub().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    static ExportMetricsServiceRequest manyPoints(int count) {
        Gauge.Builder gauge = Gauge.newBuilder();
        for (int i = 0; i < count; i++) {
            gauge.addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(1_700_000_000_000_000_000L + i).setAsDouble(i));
        }
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder().addScopeMetrics(ScopeMetrics.newBuilder()
                        .addMetrics(Metric.newBuilder().setName("big").setGauge(gauge))))
                .build();
    }
}
