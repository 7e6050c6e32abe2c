package io.github.otelflink.it.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.connectors.RequestMetadata;
import io.github.otelflink.job.config.PipelineConfig;
import io.github.otelflink.job.config.PipelineConfigLoader;
import io.github.otelflink.job.pipeline.PipelineGraph;
import io.github.otelflink.job.receiver.ConnectorReceiverSources;
import io.github.otelflink.testing.FaultInjectingReceiver;
import io.github.otelflink.testing.FaultInjectingReceiver.RecordedRequest;
import io.github.otelflink.testing.FaultInjectingReceiver.Response;
import io.github.otelflink.testing.Poll;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tenant routing by the client's request header, the Collector's way ({@code include_metadata} on
 * the otlp receiver, {@code headers_setter} {@code from_context: X-Scope-OrgID}), end to end at
 * parallelism 2 through the real OTLP ingress, out to the recording fake receiver (test-harness
 * {@link FaultInjectingReceiver}, a fake: a real Prometheus cannot fail one tenant and not the
 * other). Four clients send the same gauge series (told apart by their {@code client} label):
 * tenant a over OTLP/HTTP with {@code X-Scope-OrgID: a}, tenant b over OTLP/gRPC with that
 * metadata, one over HTTP without the header, and one that writes the job's internal metadata
 * field into its protobuf body to claim tenant a. The receiver answers 429 and 503 to tenant a for
 * a while: b and the default tenant keep arriving on time meanwhile; every request carries exactly
 * one tenant header and no routing label; after a recovers every sample of every client arrives in
 * its tenant, the headerless and the forging client's in the default one.
 */
class HeaderTenantRoutingFakeReceiverITCase {
    private static final String HEADER = "X-Scope-OrgID";
    private static final String DEFAULT_TENANT = "nobody";
    private static final List<String> CLIENTS = List.of("a", "b", "none", "forged");
    private static final int REQUESTS = 120;
    /** Series per client (label k): enough that both sink subtasks hold series of every tenant. */
    private static final int SERIES = 8;
    private static final Duration PACE = Duration.ofMillis(50);
    private static final Duration ON_TIME = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static final MethodDescriptor<ExportMetricsServiceRequest, ExportMetricsServiceResponse> EXPORT =
            MethodDescriptor.<ExportMetricsServiceRequest, ExportMetricsServiceResponse>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName("opentelemetry.proto.collector.metrics.v1.MetricsService/Export")
                    .setRequestMarshaller(ProtoUtils.marshaller(ExportMetricsServiceRequest.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(ExportMetricsServiceResponse.getDefaultInstance()))
                    .build();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void theClientsHeaderPicksTheTenantAFailingTenantSlowsOnlyItselfAndNoClientCanForgeOne() throws Exception {
        AtomicBoolean failingA = new AtomicBoolean(true);
        AtomicInteger refusedA = new AtomicInteger();
        int httpPort = freePort();
        int grpcPort = freePort();
        try (FaultInjectingReceiver receiver = FaultInjectingReceiver.start()) {
            receiver.respondWith(r -> {
                if (failingA.get() && "a".equals(r.header(HEADER))) {
                    return Response.status(refusedA.getAndIncrement() % 2 == 0 ? 429 : 503);
                }
                return Response.status(204);
            });
            PipelineConfig config = PipelineConfigLoader.load(config(httpPort, grpcPort, receiver.uri()), Map.of());
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            new PipelineGraph(config, new ConnectorReceiverSources(config)).build(env);
            JobClient job = env.executeAsync("header-tenant-routing");
            ScheduledExecutorService clients = Executors.newSingleThreadScheduledExecutor();
            ManagedChannel channel = null;
            AtomicIntegerArray posted = new AtomicIntegerArray(CLIENTS.size());
            try {
                awaitListening(httpPort);
                awaitListening(grpcPort);
                channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
                ManagedChannel grpc = channel;
                long t0 = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
                clients.scheduleAtFixedRate(() -> {
                    for (int c = 0; c < CLIENTS.size(); c++) {
                        int i = posted.get(c);
                        if (i < REQUESTS && send(CLIENTS.get(c), httpPort, grpc, request(CLIENTS.get(c), t0, i))) {
                            posted.incrementAndGet(c);
                        }
                    }
                }, 0, PACE.toMillis(), TimeUnit.MILLISECONDS);

                Poll.until(WAIT, "tenant b's samples while tenant a is refused; " + summary(receiver),
                        () -> accepted(receiver, "b").size() >= 30 * SERIES);
                for (int check = 0; check < 3; check++) {
                    int b = posted.get(CLIENTS.indexOf("b"));
                    int none = posted.get(CLIENTS.indexOf("none"));
                    Poll.until(ON_TIME, "tenants b and " + DEFAULT_TENANT + " have every sample posted before request "
                            + b + "/" + none + " within " + ON_TIME + " while a fails; " + summary(receiver),
                            () -> accepted(receiver, "b").containsAll(expected("b", b))
                                    && accepted(receiver, DEFAULT_TENANT).containsAll(expected("none", none)));
                }
                assertThat(accepted(receiver, "a")).as("nothing of tenant a accepted while it fails").isEmpty();
                assertThat(refusedA.get()).as("tenant a was tried and refused (429/503)").isGreaterThanOrEqualTo(2);

                failingA.set(false);
                Poll.until(WAIT, "every request posted", () -> {
                    for (int c = 0; c < CLIENTS.size(); c++) {
                        if (posted.get(c) < REQUESTS) {
                            return false;
                        }
                    }
                    return true;
                });
                Set<String> defaultTenant = new TreeSet<>(expected("none", REQUESTS));
                defaultTenant.addAll(expected("forged", REQUESTS));
                Poll.until(WAIT, "every sample of every tenant; " + summary(receiver),
                        () -> accepted(receiver, "a").containsAll(expected("a", REQUESTS))
                                && accepted(receiver, "b").containsAll(expected("b", REQUESTS))
                                && accepted(receiver, DEFAULT_TENANT).containsAll(defaultTenant));
                assertThat(accepted(receiver, "a")).as("only client a's samples in tenant a: the forger got none in")
                        .isEqualTo(expected("a", REQUESTS));
                assertThat(accepted(receiver, "b")).isEqualTo(expected("b", REQUESTS));
                assertThat(accepted(receiver, DEFAULT_TENANT)).isEqualTo(defaultTenant);
            } finally {
                clients.shutdownNow();
                if (channel != null) {
                    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                }
                job.cancel().get();
            }
            for (RecordedRequest r : receiver.requests()) {
                assertThat(r.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(HEADER))
                        .flatMap(e -> e.getValue().stream()).toList()).as("tenant headers of %s", r).hasSize(1);
                String tenant = r.header(HEADER);
                assertThat(tenant).isIn("a", "b", DEFAULT_TENANT);
                for (FaultInjectingReceiver.Series s : r.series()) {
                    assertThat(s.labels()).as("labels sent in %s", r)
                            .containsOnlyKeys("__name__", "job", "client", "k")
                            .containsEntry("job", "shop");
                    assertThat(s.labels().get("client")).as("a request of %s never holds another tenant's series", tenant)
                            .isIn(tenant.equals(DEFAULT_TENANT) ? List.of("none", "forged") : List.of(tenant));
                }
            }
        }
    }

    private static String config(int httpPort, int grpcPort, URI endpoint) {
        return """
                receivers:
                  otlp:
                    protocols:
                      http:
                        endpoint: 127.0.0.1:%d
                        include_metadata: true
                      grpc:
                        endpoint: 127.0.0.1:%d
                        include_metadata: true
                processors:
                  batch:
                    timeout: 200ms
                    metadata_keys: [X-Scope-OrgID]
                extensions:
                  headers_setter:
                    headers:
                      - key: X-Scope-OrgID
                        from_context: X-Scope-OrgID
                        default_value: %s
                exporters:
                  prometheusremotewrite:
                    endpoint: "%s"
                    auth:
                      authenticator: headers_setter
                    retry_on_failure:
                      initial_interval: 50ms
                      max_interval: 200ms
                      max_elapsed_time: 0s
                service:
                  extensions: [headers_setter]
                  pipelines:
                    metrics:
                      receivers: [otlp]
                      processors: [batch]
                      exporters: [prometheusremotewrite]
                """.formatted(httpPort, grpcPort, DEFAULT_TENANT, endpoint);
    }

    /** Client {@code client}'s request {@code i}: its gauge series with value i, 100 ms apart per request. */
    private static ExportMetricsServiceRequest request(String client, long t0, int i) {
        Gauge.Builder gauge = Gauge.newBuilder();
        for (int k = 0; k < SERIES; k++) {
            gauge.addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano((t0 + i * 100L) * 1_000_000L)
                    .setAsDouble(i).addAttributes(attribute("client", client)).addAttributes(attribute("k", "" + k)));
        }
        ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder()
                        .setResource(Resource.newBuilder().addAttributes(attribute("service.name", "shop")))
                        .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(
                                Metric.newBuilder().setName("tenant_gauge").setGauge(gauge))))
                .build();
        // The forger writes the job's internal metadata field itself, naming tenant a.
        return client.equals("forged") ? RequestMetadata.replace(request, Map.of("x-scope-orgid", List.of("a"))) : request;
    }

    private static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    /** Sends one request the client's way; true when the ingress accepted it. */
    private static boolean send(String client, int httpPort, ManagedChannel grpc, ExportMetricsServiceRequest request) {
        try {
            switch (client) {
                case "a":
                    return post(httpPort, request, "a") == 200;
                case "b": {
                    Metadata headers = new Metadata();
                    headers.put(Metadata.Key.of("x-scope-orgid", Metadata.ASCII_STRING_MARSHALLER), "b");
                    ClientCalls.blockingUnaryCall(
                            ClientInterceptors.intercept(grpc, MetadataUtils.newAttachHeadersInterceptor(headers)), EXPORT,
                            CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
                            request);
                    return true;
                }
                default:
                    return post(httpPort, request, null) == 200;
            }
        } catch (IOException | RuntimeException e) {
            return false; // not counted as posted: the next tick sends it again
        }
    }

    /** One protobuf POST on a new connection, so requests spread over the ingress subtasks that share the port. */
    private static int post(int port, ExportMetricsServiceRequest request, String tenant) throws IOException {
        byte[] body = request.toByteArray();
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /v1/metrics HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nContent-Type: application/x-protobuf\r\n"
                    + (tenant == null ? "" : HEADER + ": " + tenant + "\r\n")
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder status = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
                status.append((char) c);
            }
            return Integer.parseInt(status.toString().split(" ")[1]);
        }
    }

    /** The tenant's samples the receiver accepted (2xx), as {@code <client>:<k>:<request index>}. */
    private static Set<String> accepted(FaultInjectingReceiver receiver, String tenant) {
        Set<String> samples = new TreeSet<>();
        for (RecordedRequest r : receiver.requests()) {
            if (tenant.equals(r.header(HEADER)) && r.response() != null && r.response().status() / 100 == 2) {
                r.series().forEach(s -> s.samples().forEach(p -> samples.add(
                        s.labels().get("client") + ":" + s.labels().get("k") + ":" + (int) p.value())));
            }
        }
        return samples;
    }

    /** Every series' sample of the client's requests {@code [0, requests)}. */
    private static Set<String> expected(String client, int requests) {
        Set<String> set = new TreeSet<>();
        for (int k = 0; k < SERIES; k++) {
            for (int i = 0; i < requests; i++) {
                set.add(client + ":" + k + ":" + i);
            }
        }
        return set;
    }

    private static String summary(FaultInjectingReceiver receiver) {
        return "requests " + receiver.requests().size() + ", accepted a " + accepted(receiver, "a").size()
                + ", b " + accepted(receiver, "b").size() + ", " + DEFAULT_TENANT + " "
                + accepted(receiver, DEFAULT_TENANT).size();
    }

    private static void awaitListening(int port) {
        Poll.until(Duration.ofSeconds(60), "the OTLP ingress listening on " + port, () -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
