package io.github.otelflink.it.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * OTLP/HTTP clients that behave like OpenTelemetry exporters: each sends its samples one request
 * at a time and sends a request again until it gets a 2xx. Client {@code c} sends the gauge
 * {@code <metric>{client="c<c>"}} with value {@code k} at {@code t0 + k s}.
 */
final class OtlpClients implements AutoCloseable {
    private final int port;
    private final String service;
    private final String metric;
    private final long t0;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ExecutorService pool;
    private final List<Future<?>> running = new ArrayList<>();
    final Map<Integer, List<Long>> acked = new ConcurrentHashMap<>();
    final AtomicLong ackedTotal = new AtomicLong();
    final AtomicLong failedAttempts = new AtomicLong();
    final List<String> refusals = new CopyOnWriteArrayList<>();

    OtlpClients(int port, String service, String metric, long t0, int clients) {
        this.port = port;
        this.service = service;
        this.metric = metric;
        this.t0 = t0;
        this.pool = Executors.newFixedThreadPool(clients);
    }

    /** Starts {@code clients} senders of {@code perClient} samples each; {@link #await} waits for them. */
    void start(int clients, int perClient, Duration deadline) {
        for (int c = 0; c < clients; c++) {
            int client = c;
            running.add(pool.submit(() -> {
                for (long k = 0; k < perClient; k++) {
                    send(client, k, deadline);
                }
                return null;
            }));
        }
    }

    private void send(int client, long k, Duration deadline) throws Exception {
        String body = gauge(client, k, (t0 + k * 1000) * 1_000_000L);
        // Like an exporter, retry until the answer is 200 (nothing listening while the job
        // restarts, 503/429 while it catches up), within the deadline.
        StandaloneFlinkCluster.awaitCondition(deadline, "client " + client + " sample " + k + " acknowledged", () -> {
            HttpResponse<String> r = postOnce(http, port, body);
            if (r != null && r.statusCode() == 200) {
                acked.computeIfAbsent(client, x -> new CopyOnWriteArrayList<>()).add(k);
                ackedTotal.incrementAndGet();
                return true;
            }
            if (r != null && r.statusCode() / 100 == 4 && r.statusCode() != 429) {
                refusals.add(r.statusCode() + " " + r.body());
            }
            failedAttempts.incrementAndGet();
            return false;
        });
    }

    /** One OTLP/JSON POST to the ingress; null when nothing answered (not listening, connection reset). */
    static HttpResponse<String> postOnce(HttpClient http, int port, String json) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/metrics"))
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    void await() throws Exception {
        for (Future<?> f : running) {
            f.get();
        }
    }

    private String gauge(int client, long value, long timeNanos) {
        return gaugeJson(service, metric, client, value, timeNanos);
    }

    /** One gauge point of client {@code c<client>} as OTLP/JSON (also what the Kafka test produces). */
    static String gaugeJson(String service, String metric, int client, long value, long timeNanos) {
        return """
                {"resourceMetrics": [{"resource": {"attributes": [
                  {"key": "service.name", "value": {"stringValue": "%s"}}]},
                 "scopeMetrics": [{"metrics": [{"name": "%s",
                   "gauge": {"dataPoints": [{"timeUnixNano": "%d", "asInt": "%d",
                     "attributes": [{"key": "client", "value": {"stringValue": "c%d"}}]}]}}]}]}]}
                """.formatted(service, metric, timeNanos, value, client);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
