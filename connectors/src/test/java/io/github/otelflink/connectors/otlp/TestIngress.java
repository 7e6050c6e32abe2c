package io.github.otelflink.connectors.otlp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;

/**
 * An ingress' servers started without Flink, on 127.0.0.1 with free ports, whose queue the test
 * drains itself; plus the HTTP helpers the tests share.
 */
final class TestIngress implements AutoCloseable {

    final OtlpIngressOptions options;
    final ExportQueue queue;
    final IngressMetrics metrics = new IngressMetrics(new UnregisteredMetricsGroup());
    final IngressServers servers;

    private TestIngress(OtlpIngressOptions options) throws IOException {
        this.options = options;
        this.queue = new ExportQueue(options.maxPendingRequests());
        this.servers = IngressServers.start(options, new ExportAdmission(queue, options.ack(), metrics, options.passUndecoded()), metrics,
                () -> true, "test-ingress");
    }

    /** Options for tests: every server on 127.0.0.1 with a free port. */
    static OtlpIngressOptions.Builder localOptions() {
        return OtlpIngressOptions.builder()
                .grpc(OtlpIngressOptions.Grpc.at("127.0.0.1:0"))
                .http(OtlpIngressOptions.Http.at("127.0.0.1:0"))
                .healthCheckEndpoint("127.0.0.1:0");
    }

    static TestIngress start(OtlpIngressOptions options) {
        try {
            return new TestIngress(options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI httpUri(String path) {
        return URI.create("http://127.0.0.1:" + servers.httpAddress().getPort() + path);
    }

    URI metricsUri() {
        return httpUri("/v1/metrics");
    }

    InetSocketAddress grpcAddress() {
        return servers.grpcAddress();
    }

    @Override
    public void close() {
        queue.close();
        servers.close();
    }

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    static HttpResponse<byte[]> post(URI uri, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    static HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A port free right now on 127.0.0.1. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls {@code condition} every 20 ms until it holds, failing after {@code timeout}. */
    static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }
}
