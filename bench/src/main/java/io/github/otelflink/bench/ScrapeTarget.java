package io.github.otelflink.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the Prometheus agent scrapes in the same run: the OTLP workload's series (same metric
 * names, the same 4 labels, sanitized as the job's translation does) in the text format 0.0.4.
 * The bodies are rendered once, {@link #VARIANTS} of them with different values, and served in
 * turn, so every scrape sees new values while the exposition costs this JVM a memcpy.
 */
final class ScrapeTarget implements AutoCloseable {
    private static final int VARIANTS = 4;

    private final HttpServer server;
    private final byte[][] bodies = new byte[VARIANTS][];
    private final int series;
    final LongAdder scrapes = new LongAdder();

    ScrapeTarget(int series) throws IOException {
        this.series = series;
        for (int v = 0; v < VARIANTS; v++) {
            bodies[v] = render(series, v);
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/metrics", this::handle);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "scrape-target");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Samples offered to the agent so far: series per scrape. */
    long offered() {
        return scrapes.sum() * series;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            long n = scrapes.sum();
            scrapes.increment();
            byte[] body = bodies[(int) (n % VARIANTS)];
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static byte[] render(int series, int variant) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(series * 120);
        StringBuilder line = new StringBuilder(160);
        for (String metric : OtlpGaugeRequests.METRICS) {
            line.setLength(0);
            line.append("# TYPE ").append(metric).append(" gauge\n");
            out.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < series; i++) {
                if (!OtlpGaugeRequests.metricName(i).equals(metric)) {
                    continue;
                }
                String[] kv = OtlpGaugeRequests.attributes(i);
                line.setLength(0);
                line.append(metric).append('{');
                for (int a = 0; a < kv.length; a += 2) {
                    line.append(a == 0 ? "" : ",").append(kv[a].replace('.', '_')).append("=\"").append(kv[a + 1]).append('"');
                }
                line.append("} ").append(String.format(Locale.ROOT, "%.7f", OtlpGaugeRequests.value(i, variant))).append('\n');
                out.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
