package io.github.otelflink.bench;

import io.github.otelflink.sink.remotewrite.proto.Remote;
import io.github.otelflink.sink.remotewrite.proto.Types;
import io.github.otelflink.sink.remotewrite.proto.v2.WriteV2;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A remote-write receiver that stores nothing: it reads each request body, counts its bytes and
 * answers 204, on 127.0.0.1 (JDK {@link HttpServer}, two handler threads). It runs inside the load
 * driver's JVM, so its CPU is part of the driver's.
 *
 * <p>Remote write 2.0 requests are decoded (a 2.0 receiver must say how many samples it wrote, or
 * the sink falls back to 1.0); 1.0 requests are decoded and their samples counted only with
 * {@code verify}, otherwise they are just read.
 */
public final class NullReceiver implements AutoCloseable {
    private static final String V2_MESSAGE = "io.prometheus.write.v2.Request";

    private final HttpServer server;
    private final ExecutorService executor;
    private final boolean verify;
    private final LongAdder requests = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder samples = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder entries = new LongAdder();
    private final LongAdder distinctSeries = new LongAdder();
    private final ThreadLocal<byte[]> buffers = ThreadLocal.withInitial(() -> new byte[1 << 20]);

    private NullReceiver(boolean verify) throws IOException {
        this.verify = verify;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "null-receiver-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.createContext("/api/v1/write", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts a receiver on a free port of 127.0.0.1. */
    public static NullReceiver start(boolean verify) throws IOException {
        return new NullReceiver(verify);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write");
    }

    public long requests() {
        return requests.sum();
    }

    /** Compressed body bytes received. */
    public long bytes() {
        return bytes.sum();
    }

    /** Samples counted in decoded requests (all of them with verify, else only 2.0 ones). */
    public long samples() {
        return samples.sum();
    }

    /** Requests that could not be decoded (answered 400). */
    public long errors() {
        return errors.sum();
    }

    /** TimeSeries entries in the 1.0 requests decoded (with verify). */
    public long entries() {
        return entries.sum();
    }

    /** Sum over the 1.0 requests decoded of the distinct label sets in each request (with verify). */
    public long distinctSeries() {
        return distinctSeries.sum();
    }

    public void reset() {
        entries.reset();
        distinctSeries.reset();
        requests.reset();
        bytes.reset();
        samples.reset();
        errors.reset();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            boolean v2 = contentType != null && contentType.contains(V2_MESSAGE);
            byte[] buf = buffers.get();
            int length = 0;
            try (InputStream in = exchange.getRequestBody()) {
                int n;
                while ((n = in.read(buf, length, buf.length - length)) > 0) {
                    length += n;
                    if (length == buf.length) {
                        buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                        buffers.set(buf);
                    }
                }
            }
            requests.increment();
            bytes.add(length);
            if (v2 || verify) {
                long count;
                try {
                    byte[] raw = Snappy.uncompress(java.util.Arrays.copyOf(buf, length));
                    count = v2 ? countV2(raw) : countV1(raw);
                } catch (IOException | RuntimeException e) {
                    errors.increment();
                    byte[] message = ("cannot decode: " + e).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(400, message.length);
                    exchange.getResponseBody().write(message);
                    return;
                }
                samples.add(count);
                if (v2) {
                    exchange.getResponseHeaders().set("X-Prometheus-Remote-Write-Samples-Written", Long.toString(count));
                    exchange.getResponseHeaders().set("X-Prometheus-Remote-Write-Histograms-Written", "0");
                    exchange.getResponseHeaders().set("X-Prometheus-Remote-Write-Exemplars-Written", "0");
                }
            }
            exchange.sendResponseHeaders(204, -1);
        }
    }

    private long countV1(byte[] raw) throws IOException {
        long n = 0;
        Remote.WriteRequest request = Remote.WriteRequest.parseFrom(raw);
        java.util.Set<java.util.List<Types.Label>> labelSets = new java.util.HashSet<>();
        for (Types.TimeSeries ts : request.getTimeseriesList()) {
            n += ts.getSamplesCount();
            labelSets.add(ts.getLabelsList());
        }
        entries.add(request.getTimeseriesCount());
        distinctSeries.add(labelSets.size());
        return n;
    }

    private static long countV2(byte[] raw) throws IOException {
        long n = 0;
        for (WriteV2.TimeSeries ts : WriteV2.Request.parseFrom(raw).getTimeseriesList()) {
            n += ts.getSamplesCount();
        }
        return n;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
