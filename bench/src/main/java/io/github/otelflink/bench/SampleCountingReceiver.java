package io.github.otelflink.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A remote-write 1.0 receiver that counts every sample it is sent and stores nothing: "delivered"
 * in the end-to-end benchmark is counted here, so every request is decoded (snappy, then a walk
 * over the protobuf wire format: WriteRequest.timeseries → TimeSeries.labels / samples), not
 * estimated. Samples of series the sender adds by itself ({@code target_info}, the agent's
 * {@code up} and {@code scrape_*}) are counted apart, so "delivered" is exactly the workload's
 * samples. The hand-written walk keeps the receiver's CPU (in the benchmark JVM) small: no
 * message objects per series.
 */
final class SampleCountingReceiver implements AutoCloseable {
    private static final Set<String> SENDER_SERIES = Set.of("target_info", "up", "scrape_duration_seconds",
            "scrape_samples_scraped", "scrape_series_added", "scrape_samples_post_metric_relabeling");

    private final HttpServer server;
    private final ExecutorService executor;
    final LongAdder requests = new LongAdder();
    final LongAdder compressedBytes = new LongAdder();
    final LongAdder samples = new LongAdder();
    final LongAdder senderSeriesSamples = new LongAdder();
    final LongAdder malformed = new LongAdder();
    private final ThreadLocal<byte[]> bodies = ThreadLocal.withInitial(() -> new byte[1 << 20]);
    private final ThreadLocal<byte[]> raw = ThreadLocal.withInitial(() -> new byte[4 << 20]);

    SampleCountingReceiver(String name) throws IOException {
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.createContext("/api/v1/write", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write";
    }

    /** Workload samples: all samples minus those of the sender's own series. */
    long delivered() {
        return samples.sum() - senderSeriesSamples.sum();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = bodies.get();
            int length = 0;
            for (int r; (r = in.read(body, length, body.length - length)) > 0; ) {
                length += r;
                if (length == body.length) {
                    body = java.util.Arrays.copyOf(body, body.length * 2);
                    bodies.set(body);
                }
            }
            requests.increment();
            compressedBytes.add(length);
            try {
                int size = Snappy.uncompressedLength(body, 0, length);
                byte[] buffer = raw.get();
                if (buffer.length < size) {
                    buffer = new byte[size * 2];
                    raw.set(buffer);
                }
                Snappy.uncompress(body, 0, length, buffer, 0);
                countWriteRequest(buffer, size);
            } catch (IOException | RuntimeException e) {
                if (malformed.sum() == 0) {
                    System.err.println("receiver: request not decodable as remote write 1.0: " + e);
                }
                malformed.increment();
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            exchange.sendResponseHeaders(204, -1);
        }
    }

    private void countWriteRequest(byte[] b, int end) {
        Cursor c = new Cursor(b);
        while (c.pos < end) {
            int tag = (int) c.varint();
            if (tag == ((1 << 3) | 2)) { // repeated TimeSeries timeseries = 1
                int len = (int) c.varint();
                countTimeSeries(b, c.pos, c.pos + len);
                c.pos += len;
            } else {
                c.skip(tag & 7);
            }
        }
    }

    private void countTimeSeries(byte[] b, int start, int end) {
        Cursor c = new Cursor(b);
        c.pos = start;
        long n = 0;
        boolean sender = false;
        while (c.pos < end) {
            int tag = (int) c.varint();
            if (tag == ((1 << 3) | 2)) { // Label labels = 1
                int len = (int) c.varint();
                sender |= isSenderSeriesName(b, c.pos, c.pos + len);
                c.pos += len;
            } else if (tag == ((2 << 3) | 2)) { // Sample samples = 2
                n++;
                int len = (int) c.varint(); // not "pos += varint()": Java reads pos before the call
                c.pos += len;
            } else {
                c.skip(tag & 7);
            }
        }
        samples.add(n);
        if (sender) {
            senderSeriesSamples.add(n);
        }
    }

    /** Whether this Label is {@code __name__} with one of the sender's own series names. */
    private static boolean isSenderSeriesName(byte[] b, int start, int end) {
        Cursor c = new Cursor(b);
        c.pos = start;
        String name = null;
        String value = null;
        while (c.pos < end) {
            int tag = (int) c.varint();
            int len = (int) c.varint();
            if (tag == ((1 << 3) | 2)) {
                if (len != 8 || b[c.pos] != '_' || b[c.pos + 1] != '_') {
                    return false; // not __name__: no allocation for the other labels
                }
                name = new String(b, c.pos, len, StandardCharsets.UTF_8);
            } else if (tag == ((2 << 3) | 2)) {
                value = new String(b, c.pos, len, StandardCharsets.UTF_8);
            }
            c.pos += len;
        }
        return "__name__".equals(name) && SENDER_SERIES.contains(value);
    }

    private static final class Cursor {
        final byte[] b;
        int pos;

        Cursor(byte[] b) {
            this.b = b;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; ; shift += 7) {
                byte x = b[pos++];
                v |= (long) (x & 0x7f) << shift;
                if (x >= 0) {
                    return v;
                }
            }
        }

        void skip(int wireType) {
            switch (wireType) {
                case 0 -> varint();
                case 1 -> pos += 8;
                case 2 -> {
                    int len = (int) varint();
                    pos += len;
                }
                case 5 -> pos += 4;
                default -> throw new IllegalArgumentException("wire type " + wireType);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
