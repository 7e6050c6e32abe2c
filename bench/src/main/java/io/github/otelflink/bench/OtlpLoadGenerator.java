package io.github.otelflink.bench;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends {@link OtlpGaugeRequests} to the job's OTLP ingress over N connections, one thread each,
 * as an OTLP exporter would: the next request goes out when it is due ({@link LoadGenerator}'s
 * global schedule at {@code rate} samples/s; 0 = as soon as the previous answer came) and a refused
 * request (HTTP 429/503, gRPC RESOURCE_EXHAUSTED/UNAVAILABLE) is sent again after
 * {@code Retry-After} (1 s when absent, as the ingress says by default).
 */
final class OtlpLoadGenerator extends LoadGenerator {
    private final Input input;
    private final int httpPort;
    private final int grpcPort;
    private final List<Thread> threads = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();

    OtlpLoadGenerator(OtlpGaugeRequests requests, Input input, int httpPort, int grpcPort, double rate) {
        super(requests, rate);
        this.input = input;
        this.httpPort = httpPort;
        this.grpcPort = grpcPort;
    }

    @Override
    void start(int connections) {
        startSchedule();
        for (int c = 0; c < connections; c++) {
            Sender sender = switch (input) {
                case HTTP -> http("application/x-protobuf");
                case JSON -> http("application/json");
                case GRPC -> grpc();
                case KAFKA -> throw new IllegalArgumentException("Kafka input: KafkaLoadGenerator");
            };
            Thread t = new Thread(() -> loop(sender), "otlp-load-" + c);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    @Override
    double cpuSeconds() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long ns = 0;
        for (Thread t : threads) {
            long cpu = mx.getThreadCpuTime(t.getId());
            ns += Math.max(0, cpu);
        }
        return ns / 1e9;
    }

    private void loop(Sender sender) {
        byte[] buffer = new byte[maxRequestBytes()];
        for (long k; (k = awaitNextRequest()) >= 0; ) {
            int length = render(k, buffer);
            offered.add(OtlpGaugeRequests.POINTS_PER_REQUEST);
            while (running) {
                int retryAfter;
                try {
                    retryAfter = sender.send(buffer, length);
                } catch (IOException | RuntimeException e) {
                    failed.increment();
                    retryAfter = 1;
                }
                if (retryAfter < 0) {
                    accepted.add(OtlpGaugeRequests.POINTS_PER_REQUEST);
                    break;
                }
                refused.increment();
                sleepSeconds(retryAfter);
            }
        }
        sender.close();
    }

    private void sleepSeconds(int seconds) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(1, seconds));
        while (running && System.nanoTime() < until) {
            LockSupport.parkNanos(50_000_000);
        }
    }

    /** Sends one request; returns -1 when accepted, else the seconds to wait before sending it again. */
    private interface Sender {
        int send(byte[] body, int length) throws IOException;

        void close();
    }

    private Sender http(String contentType) {
        HttpPostConnection connection = new HttpPostConnection(httpPort, "/v1/metrics", contentType);
        return new Sender() {
            @Override
            public int send(byte[] body, int length) throws IOException {
                HttpPostConnection.Answer answer = connection.post(body, length);
                if (answer.status() / 100 == 2) {
                    return -1;
                }
                if (answer.status() == 429 || answer.status() == 503) {
                    return answer.retryAfterSeconds() < 0 ? 1 : answer.retryAfterSeconds();
                }
                throw new IOException("HTTP " + answer.status());
            }

            @Override
            public void close() {
                connection.close();
            }
        };
    }

    /**
     * grpc-java's generated MetricsService Export method, with its request marshaller swapped for
     * one that passes the pre-built bytes (the same bytes as protobuf-java would marshal), so the
     * generator does not parse and re-serialize every request. One channel per connection.
     */
    private Sender grpc() {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext()
                .maxInboundMessageSize(4 << 20).build();
        channels.add(channel);
        MethodDescriptor<byte[], ExportMetricsServiceResponse> export = MetricsServiceGrpc.getExportMethod()
                .toBuilder(new BytesMarshaller(), ProtoUtils.marshaller(ExportMetricsServiceResponse.getDefaultInstance()))
                .build();
        return new Sender() {
            @Override
            public int send(byte[] body, int length) {
                byte[] message = java.util.Arrays.copyOf(body, length);
                try {
                    ClientCalls.blockingUnaryCall(channel, export,
                            CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), message);
                    return -1;
                } catch (StatusRuntimeException e) {
                    Status.Code code = e.getStatus().getCode();
                    if (code == Status.Code.RESOURCE_EXHAUSTED || code == Status.Code.UNAVAILABLE) {
                        return 1; // the ingress's RetryInfo says 1 s by default
                    }
                    throw e;
                }
            }

            @Override
            public void close() {
                channel.shutdownNow();
            }
        };
    }

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
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join(10_000);
        }
        for (ManagedChannel channel : channels) {
            channel.shutdownNow();
        }
    }
}
