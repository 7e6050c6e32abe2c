package io.github.otelflink.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.github.otelflink.testing.FaultInjectingReceiver.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLParameters;

/** The loopback HTTP(S) server under a {@link FaultInjectingReceiver}: takes requests and sends the chosen answers, late when delayed. */
final class ReceiverHttpServer {

    /** Decides (and records) the answer to one exchange; the server sends it. */
    interface Answerer {
        Response answer(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScheduledExecutorService delayer;

    /** Starts {@code server} (bound, not yet started) with daemon handler threads answering through {@code answerer}. */
    ReceiverHttpServer(HttpServer server, Answerer answerer) {
        this.server = server;
        int port = server.getAddress().getPort();
        this.handlers = Executors.newCachedThreadPool(daemonThreads("receiver-" + port + "-handler"));
        this.delayer = Executors.newSingleThreadScheduledExecutor(daemonThreads("receiver-" + port + "-delay"));
        server.setExecutor(handlers);
        server.createContext("/", exchange -> handle(exchange, answerer));
        server.start();
    }

    /** A plain-HTTP server bound to a free port of 127.0.0.1. */
    static HttpServer bindHttp() {
        try {
            return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An HTTPS server on a free port of 127.0.0.1 presenting the test server certificate. */
    static HttpsServer bindHttps(TestCertificates certificates, boolean requireClientCertificate) {
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(certificates.serverSslContext()) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
                    parameters.setNeedClientAuth(requireClientCertificate);
                    params.setSSLParameters(parameters);
                }
            });
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean https() {
        return server instanceof HttpsServer;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Stops listening, closes open connections and drops answers still waiting for their delay. */
    void stop() {
        server.stop(0);
        delayer.shutdownNow();
        handlers.shutdownNow();
    }

    private void handle(HttpExchange exchange, Answerer answerer) throws IOException {
        Response response = answerer.answer(exchange);
        if (response.delay().isZero()) {
            send(exchange, response);
        } else {
            // A scheduled answer keeps the handler threads free, so a slow answer never delays the others.
            delayer.schedule(() -> send(exchange, response), response.delay().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private static void send(HttpExchange exchange, Response response) {
        try (exchange) {
            Headers out = exchange.getResponseHeaders();
            response.headers().forEach((name, values) -> out.put(name, new ArrayList<>(values)));
            byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
            boolean noBody = bytes.length == 0 || response.status() == 204 || response.status() == 304;
            exchange.sendResponseHeaders(response.status(), noBody ? -1 : bytes.length);
            if (!noBody) {
                try (OutputStream stream = exchange.getResponseBody()) {
                    stream.write(bytes);
                }
            }
        } catch (IOException e) {
            // The client went away (e.g. it timed out on a delayed answer); the request is recorded anyway.
        }
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
