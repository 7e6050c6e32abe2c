package io.github.otelflink.connectors.scrape;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-JVM Prometheus endpoint on 127.0.0.1 serving whatever text the test sets. */
final class TestTarget implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    volatile String body = "";
    volatile int status = 200;
    /** While set, requests wait on it before answering: a hanging target. */
    volatile CountDownLatch hold;
    final AtomicInteger requests = new AtomicInteger();

    TestTarget() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metrics", exchange -> {
            requests.incrementAndGet();
            CountDownLatch gate = hold;
            if (gate != null) {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url() {
        return "http://127.0.0.1:" + port() + "/metrics";
    }

    @Override
    public void close() {
        CountDownLatch gate = hold;
        if (gate != null) {
            gate.countDown();
        }
        server.stop(0);
        executor.shutdownNow();
    }
}
