package io.github.otelflink.connectors.otlp;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import io.github.otelflink.connectors.decode.MalformedOtlpException;
import io.github.otelflink.connectors.decode.OtlpMetricsDecoder;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OTLP/gRPC server of one source subtask: {@code
 * opentelemetry.proto.collector.metrics.v1.MetricsService/Export}, written against grpc-java's
 * own API rather than generated stubs. The request is taken as raw bytes and decoded here, so a
 * malformed message is answered {@code INVALID_ARGUMENT} with the decoder's reason (a generated
 * stub would answer {@code INTERNAL}). gRPC's own limit ({@code maxInboundMessageSize}) applies
 * to the decompressed message, and gzip-compressed requests are understood.
 *
 * <p>Answers: {@code OK} with an {@code ExportMetricsServiceResponse}, {@code INVALID_ARGUMENT},
 * {@code UNAUTHENTICATED}, {@code RESOURCE_EXHAUSTED} with a {@code google.rpc.RetryInfo} (which
 * makes OTLP clients retry) when the queue is full, and {@code UNAVAILABLE} when stopping.
 */
final class GrpcIngressServer implements AutoCloseable {

    static final String TRANSPORT = "grpc";
    static final String SERVICE_NAME = "opentelemetry.proto.collector.metrics.v1.MetricsService";

    static final MethodDescriptor<byte[], ExportMetricsServiceResponse> EXPORT_METHOD =
            MethodDescriptor.<byte[], ExportMetricsServiceResponse>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE_NAME, "Export"))
                    .setRequestMarshaller(new BytesMarshaller())
                    .setResponseMarshaller(ProtoUtils.marshaller(ExportMetricsServiceResponse.getDefaultInstance()))
                    .build();

    private static final Logger LOG = LoggerFactory.getLogger(GrpcIngressServer.class);

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    /** The call's captured client metadata, set by {@link MetadataInterceptor} for the export method. */
    private static final Context.Key<Map<String, List<String>>> CAPTURED = Context.key("otlp-client-metadata");

    private final Server server;

    private GrpcIngressServer(Server server) {
        this.server = server;
    }

    static GrpcIngressServer start(InetSocketAddress address, int maxMessageBytes, @Nullable SslContext ssl,
            @Nullable BearerTokenCheck auth, MetadataCapture capture, ExportAdmission admission, IngressMetrics metrics,
            Duration retryAfter, ServerEventLoops loops) throws IOException {
        ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE_NAME)
                .addMethod(EXPORT_METHOD, ServerCalls.asyncUnaryCall(
                        (byte[] body, StreamObserver<ExportMetricsServiceResponse> observer) ->
                                export(body, observer, admission, retryAfter)))
                .build();
        if (!capture.isEmpty()) {
            service = ServerInterceptors.intercept(service, new MetadataInterceptor(capture));
        }
        // The last interceptor runs first: count every answer, including refused tokens.
        ServerServiceDefinition intercepted = auth == null
                ? ServerInterceptors.intercept(service, new CountingInterceptor(metrics))
                : ServerInterceptors.intercept(service, new BearerTokenInterceptor(auth), new CountingInterceptor(metrics));
        NettyServerBuilder builder = NettyServerBuilder.forAddress(address)
                .channelType(ServerEventLoops.SERVER_CHANNEL)
                .bossEventLoopGroup(loops.boss())
                .workerEventLoopGroup(loops.workers())
                .withOption(ServerEventLoops.SO_REUSEPORT, true)
                // Decoding and queueing never block, so they run on the event loop.
                .directExecutor()
                .maxInboundMessageSize(maxMessageBytes)
                .maxConnectionIdle(HttpIngressServer.IDLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .addService(intercepted);
        if (ssl != null) {
            builder.sslContext(ssl);
        }
        try {
            return new GrpcIngressServer(builder.build().start());
        } catch (IOException e) {
            throw new IOException("cannot listen for OTLP/gRPC on " + address + ": " + e.getMessage(), e);
        }
    }

    private static void export(byte[] body, StreamObserver<ExportMetricsServiceResponse> observer,
            ExportAdmission admission, Duration retryAfter) {
        Map<String, List<String>> metadata = CAPTURED.get();
        try {
            admission.admitProtobuf(body, TRANSPORT, metadata == null ? Map.of() : metadata,
                    outcome -> answer(observer, outcome, retryAfter));
        } catch (MalformedOtlpException e) {
            LOG.debug("Refused a malformed OTLP/gRPC request: {}", e.getMessage());
            observer.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
        }
    }

    private static void answer(StreamObserver<ExportMetricsServiceResponse> observer, ExportOutcome outcome,
            Duration retryAfter) {
        try {
            switch (outcome.kind()) {
                case ACCEPTED:
                    observer.onNext(outcome.response());
                    observer.onCompleted();
                    return;
                case INVALID:
                    observer.onError(Status.INVALID_ARGUMENT.withDescription(outcome.message()).asRuntimeException());
                    return;
                case BUSY:
                    observer.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                            .setCode(Code.RESOURCE_EXHAUSTED_VALUE)
                            .setMessage(outcome.message())
                            .addDetails(Any.pack(RetryInfo.newBuilder()
                                    .setRetryDelay(com.google.protobuf.Duration.newBuilder()
                                            .setSeconds(retryAfter.getSeconds())
                                            .setNanos(retryAfter.getNano()))
                                    .build()))
                            .build()));
                    return;
                case UNAVAILABLE:
                default:
                    observer.onError(Status.UNAVAILABLE.withDescription(outcome.message()).asRuntimeException());
            }
        } catch (RuntimeException e) {
            // The client went away (cancelled, or the deadline passed) while its answer was pending.
            LOG.debug("Could not answer an OTLP/gRPC request: {}", e.toString());
        }
    }

    InetSocketAddress address() {
        return (InetSocketAddress) server.getListenSockets().get(0);
    }

    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** The request message as bytes, for {@link OtlpMetricsDecoder}. */
    private static final class BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw Status.INTERNAL.withDescription("cannot read the request: " + e.getMessage())
                        .withCause(e).asRuntimeException();
            }
        }
    }

    /** Refuses calls without the bearer token with {@code UNAUTHENTICATED}. */
    private static final class BearerTokenInterceptor implements ServerInterceptor {
        private final BearerTokenCheck auth;

        BearerTokenInterceptor(BearerTokenCheck auth) {
            this.auth = auth;
        }

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                ServerCallHandler<Q, R> next) {
            if (auth.allows(headers.get(AUTHORIZATION))) {
                return next.startCall(call, headers);
            }
            call.close(Status.UNAUTHENTICATED.withDescription("missing or invalid bearer token"), new Metadata());
            return new ServerCall.Listener<>() {};
        }
    }

    /** Captures the call's metadata ({@code include_metadata}) into {@link #CAPTURED} for the export method. */
    private static final class MetadataInterceptor implements ServerInterceptor {
        private final MetadataCapture capture;

        MetadataInterceptor(MetadataCapture capture) {
            this.capture = capture;
        }

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                ServerCallHandler<Q, R> next) {
            return Contexts.interceptCall(Context.current().withValue(CAPTURED, capture.from(headers)), call, headers,
                    next);
        }
    }

    /** Counts answers by gRPC status code. */
    private static final class CountingInterceptor implements ServerInterceptor {
        private final IngressMetrics metrics;

        CountingInterceptor(IngressMetrics metrics) {
            this.metrics = metrics;
        }

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                ServerCallHandler<Q, R> next) {
            return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
                @Override
                public void close(Status status, Metadata trailers) {
                    metrics.request(TRANSPORT, status.getCode().name());
                    super.close(status, trailers);
                }
            }, headers);
        }
    }
}
