package io.github.otelflink.connectors.otlp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import javax.annotation.Nullable;

/**
 * The servers of one source subtask (gRPC, HTTP, health check, each if configured) on one set of
 * event loops. Starting is all or nothing: if one server cannot start, those already started are
 * closed and the error names the endpoint.
 */
final class IngressServers implements AutoCloseable {

    /** Event loop threads per subtask: decoding runs on them, and a subtask emits on one thread anyway. */
    private static final int WORKER_THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    private final ServerEventLoops loops;
    @Nullable private final GrpcIngressServer grpc;
    @Nullable private final HttpIngressServer http;
    @Nullable private final HealthCheckServer health;

    private IngressServers(ServerEventLoops loops, @Nullable GrpcIngressServer grpc, @Nullable HttpIngressServer http,
            @Nullable HealthCheckServer health) {
        this.loops = loops;
        this.grpc = grpc;
        this.http = http;
        this.health = health;
    }

    static IngressServers start(OtlpIngressOptions options, ExportAdmission admission, IngressMetrics metrics,
            BooleanSupplier healthy, String threadName) throws IOException {
        ServerEventLoops loops = new ServerEventLoops(threadName, WORKER_THREADS);
        List<AutoCloseable> started = new ArrayList<>();
        try {
            GrpcIngressServer grpc = null;
            if (options.grpc() != null) {
                OtlpIngressOptions.Grpc settings = options.grpc();
                grpc = GrpcIngressServer.start(resolve(settings.endpoint()), settings.maxRecvMsgSizeMiB() * 1024 * 1024,
                        settings.tls() == null ? null : ServerTls.forGrpc(settings.tls()),
                        settings.auth() == null ? null : new BearerTokenCheck(settings.auth()),
                        new MetadataCapture(settings.metadataKeys()), admission, metrics, options.retryAfter(), loops);
                started.add(grpc);
            }
            HttpIngressServer http = null;
            if (options.http() != null) {
                OtlpIngressOptions.Http settings = options.http();
                http = HttpIngressServer.start(resolve(settings.endpoint()),
                        settings.tls() == null ? null : ServerTls.forHttp(settings.tls()),
                        new HttpIngressServer.Settings(settings.metricsUrlPath(), (int) settings.maxRequestBodyBytes(),
                                settings.auth() == null ? null : new BearerTokenCheck(settings.auth()),
                                new MetadataCapture(settings.metadataKeys()), admission, metrics,
                                options.retryAfter()),
                        loops);
                started.add(http);
            }
            HealthCheckServer health = null;
            if (options.healthCheckEndpoint() != null) {
                health = HealthCheckServer.start(resolve(options.healthCheckEndpoint()), options.healthCheckPath(), healthy,
                        loops);
            }
            return new IngressServers(loops, grpc, http, health);
        } catch (IOException | RuntimeException e) {
            for (AutoCloseable server : started) {
                closeQuietly(server);
            }
            loops.close();
            throw e;
        }
    }

    private static InetSocketAddress resolve(String endpoint) {
        InetSocketAddress unresolved = OtlpIngressOptions.parseEndpoint(endpoint);
        return new InetSocketAddress(unresolved.getHostString(), unresolved.getPort());
    }

    @Nullable
    InetSocketAddress grpcAddress() {
        return grpc == null ? null : grpc.address();
    }

    @Nullable
    InetSocketAddress httpAddress() {
        return http == null ? null : http.address();
    }

    @Nullable
    InetSocketAddress healthAddress() {
        return health == null ? null : health.address();
    }

    /** Writes the answers already given, stops listening, then ends open connections and the event loops. */
    @Override
    public void close() {
        loops.awaitQueuedTasks(Duration.ofSeconds(5));
        if (health != null) {
            closeQuietly(health);
        }
        if (http != null) {
            closeQuietly(http);
        }
        if (grpc != null) {
            closeQuietly(grpc);
        }
        loops.close();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Closing is best effort; the event loops' shutdown ends whatever is left.
        }
    }
}
