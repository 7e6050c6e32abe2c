package io.github.otelflink.testing;

import com.google.protobuf.Message;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.github.otelflink.testing.proto.Remote;
import io.github.otelflink.testing.proto.Types;
import io.github.otelflink.testing.proto.v2.WriteV2;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.annotation.Nullable;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A fake, in-JVM remote-write receiver for retry, ordering and fallback tests.
 *
 * <p>It records every request (decoded as remote write 1.0 or 2.0) and answers from a script: first the
 * queued {@link Response}s in order, then the programmable responder if one is set, else the default
 * (204). It is not Prometheus; use {@link PrometheusServer} to check real ingestion.
 */
public final class FaultInjectingReceiver implements AutoCloseable {

    private static final String V2_PROTO = "io.prometheus.write.v2.Request";

    private final HttpServer server;
    private final boolean https;
    @Nullable private final TestCertificates certificates;
    private final ExecutorService handlers;
    private final ScheduledExecutorService delayer;
    private final Queue<Response> script = new ArrayDeque<>();
    private final List<RecordedRequest> requests = new ArrayList<>();
    @Nullable private volatile Function<RecordedRequest, Response> responder;
    private volatile Response defaultResponse = Response.status(204);

    private FaultInjectingReceiver(HttpServer server, @Nullable TestCertificates certificates) {
        this.server = server;
        this.https = server instanceof HttpsServer;
        this.certificates = certificates;
        int port = server.getAddress().getPort();
        this.handlers = Executors.newCachedThreadPool(daemonThreads("receiver-" + port + "-handler"));
        this.delayer = Executors.newSingleThreadScheduledExecutor(daemonThreads("receiver-" + port + "-delay"));
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a plain-HTTP receiver on a free port of 127.0.0.1. */
    public static FaultInjectingReceiver start() {
        return start(null);
    }

    /** Starts a receiver on 127.0.0.1, over HTTPS requiring a client certificate from the test CA when certificates are given. */
    public static FaultInjectingReceiver start(@Nullable TestCertificates mtls) {
        return mtls == null ? startHttp() : startHttps(mtls, true);
    }

    /** Starts an HTTPS receiver presenting the test server certificate; client certificates required or not. */
    public static FaultInjectingReceiver startHttps(TestCertificates certificates, boolean requireClientCertificate) {
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
            return new FaultInjectingReceiver(server, certificates);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FaultInjectingReceiver startHttp() {
        try {
            return new FaultInjectingReceiver(
                    HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The remote-write URI, {@code http(s)://127.0.0.1:<port>/api/v1/write} (any path is accepted and recorded). */
    public URI uri() {
        return URI.create((https ? "https" : "http") + "://127.0.0.1:" + port() + "/api/v1/write");
    }

    /** The TCP port the receiver listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** An SSLContext with the test client certificate that trusts the test CA, or null for a plain-HTTP receiver. */
    @Nullable
    public SSLContext clientSslContext() {
        return certificates == null ? null
                : PrometheusServer.sslContext(certificates.clientCert(), certificates.clientKey(), certificates.caCert());
    }

    /** Queues responses given, in order, to the next requests (before the responder or default apply). */
    public FaultInjectingReceiver enqueue(Response... responses) {
        synchronized (script) {
            Collections.addAll(script, responses);
        }
        return this;
    }

    /** Answers requests with {@code responder} once the queue is empty (null restores the default response). */
    public FaultInjectingReceiver respondWith(@Nullable Function<RecordedRequest, Response> responder) {
        this.responder = responder;
        return this;
    }

    /** Sets the answer used when the queue is empty and no responder is set (initially a bare 204). */
    public FaultInjectingReceiver defaultResponse(Response response) {
        this.defaultResponse = response;
        return this;
    }

    /** A snapshot of all requests received so far, in arrival order. */
    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Waits until at least {@code n} requests have arrived and returns them all; fails after {@code timeout}. */
    public List<RecordedRequest> awaitRequests(int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (requests) {
            while (requests.size() < n) {
                long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMs <= 0) {
                    throw new AssertionError("expected " + n + " requests within " + timeout + ", got "
                            + requests.size() + ": " + requests);
                }
                try {
                    requests.wait(remainingMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
            return List.copyOf(requests);
        }
    }

    /** Stops listening, closes open connections and drops answers still waiting for their delay. */
    @Override
    public void close() {
        server.stop(0);
        delayer.shutdownNow();
        handlers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrivalNanos = System.nanoTime();
        Instant arrival = Instant.now();
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        RecordedRequest request;
        synchronized (requests) {
            request = new RecordedRequest(requests.size(), arrival, arrivalNanos, exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(), Collections.unmodifiableMap(headers), body);
        }
        Response response = chooseResponse(request);
        request.response = response;
        synchronized (requests) {
            requests.add(request);
            requests.notifyAll();
        }
        if (response.delay().isZero()) {
            send(exchange, response);
        } else {
            // A scheduled answer keeps the handler threads free, so a slow answer never delays the others.
            delayer.schedule(() -> send(exchange, response), response.delay().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private Response chooseResponse(RecordedRequest request) {
        synchronized (script) {
            Response scripted = script.poll();
            if (scripted != null) {
                return scripted;
            }
        }
        Function<RecordedRequest, Response> current = responder;
        if (current == null) {
            return defaultResponse;
        }
        try {
            return current.apply(request);
        } catch (RuntimeException e) {
            // A broken responder must show up in the test, not as a hung client.
            return Response.status(500).body("responder failed: " + e);
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

    /**
     * A responder emulating Prometheus 2.42's per-series ordering rule (see {@link OrderingResponder}).
     * Use one instance per receiver: it keeps the accepted state.
     */
    public static OrderingResponder prometheusLikeOrdering() {
        return new OrderingResponder();
    }

    /** A scripted HTTP answer: status, headers, body and an optional delay before it is sent. Immutable. */
    public static final class Response {
        private final int status;
        private final Map<String, List<String>> headers;
        private final String body;
        private final Duration delay;

        private Response(int status, Map<String, List<String>> headers, String body, Duration delay) {
            this.status = status;
            this.headers = headers;
            this.body = body;
            this.delay = delay;
        }

        /** An answer with this status, no headers, an empty body and no delay. */
        public static Response status(int status) {
            return new Response(status, Map.of(), "", Duration.ZERO);
        }

        /** A copy with one more header value. */
        public Response header(String name, String value) {
            Map<String, List<String>> copy = new LinkedHashMap<>(headers);
            List<String> values = new ArrayList<>(copy.getOrDefault(name, List.of()));
            values.add(value);
            copy.put(name, List.copyOf(values));
            return new Response(status, Collections.unmodifiableMap(copy), body, delay);
        }

        /** A copy with this UTF-8 body (sent as is: Prometheus' own error bodies end with a newline). */
        public Response body(String body) {
            return new Response(status, headers, body, delay);
        }

        /** A copy answered only after {@code delay}, e.g. to trigger a client timeout. */
        public Response delay(Duration delay) {
            return new Response(status, headers, body, delay);
        }

        /** The HTTP status code. */
        public int status() {
            return status;
        }

        /** The response headers, by name. */
        public Map<String, List<String>> headers() {
            return headers;
        }

        /** The response body. */
        public String body() {
            return body;
        }

        /** The delay before the answer is sent. */
        public Duration delay() {
            return delay;
        }

        @Override
        public String toString() {
            return status + (headers.isEmpty() ? "" : " " + headers) + (body.isEmpty() ? "" : " '" + body.strip() + "'")
                    + (delay.isZero() ? "" : " after " + delay);
        }
    }

    /** One float sample of a recorded request. */
    public record Point(long timestampMs, double value) {}

    /** One series of a recorded request with version-independent labels, samples and native histograms. */
    public record Series(List<String> labelNames, Map<String, String> labels, List<Point> samples,
            List<HistogramPoint> histograms) {}

    /** One native histogram of a recorded request; {@code histogram} is the proto message with timestamp cleared. */
    public record HistogramPoint(long timestampMs, Message histogram) {}

    /** A request as the receiver saw it, with its decoded payload and the answer it got. */
    public static final class RecordedRequest {
        private final int index;
        private final Instant receivedAt;
        private final long receivedNanos;
        private final String method;
        private final String path;
        private final Map<String, List<String>> headers;
        private final byte[] body;
        @Nullable private final Remote.WriteRequest writeRequest;
        @Nullable private final WriteV2.Request writeRequestV2;
        @Nullable private final String decodeError;
        private volatile Response response;

        RecordedRequest(int index, Instant receivedAt, long receivedNanos, String method, String path,
                Map<String, List<String>> headers, byte[] body) {
            this.index = index;
            this.receivedAt = receivedAt;
            this.receivedNanos = receivedNanos;
            this.method = method;
            this.path = path;
            this.headers = headers;
            this.body = body;
            Remote.WriteRequest v1 = null;
            WriteV2.Request v2 = null;
            String error = null;
            try {
                if (isV2(headers)) {
                    v2 = RemoteWriteRequests.decodeV2(body);
                } else {
                    v1 = RemoteWriteRequests.decode(body);
                }
            } catch (RuntimeException e) {
                error = String.valueOf(e.getCause() != null ? e.getCause() : e);
            }
            this.writeRequest = v1;
            this.writeRequestV2 = v2;
            this.decodeError = error;
        }

        private static boolean isV2(Map<String, List<String>> headers) {
            List<String> contentType = headers.getOrDefault("Content-Type", List.of());
            return contentType.stream().anyMatch(value -> value.contains(V2_PROTO));
        }

        /** Zero-based arrival index. */
        public int index() {
            return index;
        }

        /** Wall-clock arrival time. */
        public Instant receivedAt() {
            return receivedAt;
        }

        /** {@link System#nanoTime()} at arrival, for measuring back-off intervals. */
        public long receivedNanos() {
            return receivedNanos;
        }

        /** HTTP method. */
        public String method() {
            return method;
        }

        /** Request path, e.g. {@code /api/v1/write}. */
        public String path() {
            return path;
        }

        /** All request headers; lookups are case-insensitive. */
        public Map<String, List<String>> headers() {
            return headers;
        }

        /** The first value of a header (case-insensitive name), or null. */
        @Nullable
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        /** The raw (compressed) body. */
        public byte[] body() {
            return body.clone();
        }

        /** True when the Content-Type names the remote write 2.0 message. */
        public boolean isV2() {
            return writeRequestV2 != null || isV2(headers);
        }

        /** The decoded remote write 1.0 request, or null for a 2.0 or undecodable body. */
        @Nullable
        public Remote.WriteRequest writeRequest() {
            return writeRequest;
        }

        /** The decoded remote write 2.0 request, or null for a 1.0 or undecodable body. */
        @Nullable
        public WriteV2.Request writeRequestV2() {
            return writeRequestV2;
        }

        /** Why the body could not be decoded, or null if it was. */
        @Nullable
        public String decodeError() {
            return decodeError;
        }

        /** The answer this request got (chosen on arrival, sent after its delay). */
        public Response response() {
            return response;
        }

        /** The series of the request, whatever its protocol version (empty if undecodable). */
        public List<Series> series() {
            List<Series> result = new ArrayList<>();
            if (writeRequest != null) {
                for (Types.TimeSeries ts : writeRequest.getTimeseriesList()) {
                    List<String> names = ts.getLabelsList().stream().map(Types.Label::getName).toList();
                    List<Point> samples = ts.getSamplesList().stream()
                            .map(s -> new Point(s.getTimestamp(), s.getValue())).toList();
                    List<HistogramPoint> histograms = ts.getHistogramsList().stream()
                            .map(h -> new HistogramPoint(h.getTimestamp(), h.toBuilder().clearTimestamp().build()))
                            .toList();
                    result.add(new Series(names, RemoteWriteRequests.labels(ts), samples, histograms));
                }
            } else if (writeRequestV2 != null) {
                for (WriteV2.TimeSeries ts : writeRequestV2.getTimeseriesList()) {
                    List<String> names = new ArrayList<>();
                    for (int i = 0; i + 1 < ts.getLabelsRefsCount(); i += 2) {
                        names.add(writeRequestV2.getSymbols(ts.getLabelsRefs(i)));
                    }
                    List<Point> samples = ts.getSamplesList().stream()
                            .map(s -> new Point(s.getTimestamp(), s.getValue())).toList();
                    List<HistogramPoint> histograms = ts.getHistogramsList().stream()
                            .map(h -> new HistogramPoint(h.getTimestamp(), h.toBuilder().clearTimestamp().build()))
                            .toList();
                    result.add(new Series(List.copyOf(names), RemoteWriteRequests.labels(writeRequestV2, ts),
                            samples, histograms));
                }
            }
            return result;
        }

        /** The number of float samples plus histograms in the request. */
        public int sampleCount() {
            return series().stream().mapToInt(s -> s.samples().size() + s.histograms().size()).sum();
        }

        @Override
        public String toString() {
            return "#" + index + " " + method + " " + path + " " + (isV2() ? "v2" : "v1")
                    + (decodeError != null ? " undecodable(" + decodeError + ")" : " samples=" + sampleCount())
                    + " -> " + response;
        }
    }

    /**
     * Emulates how Prometheus 2.42 (without an out-of-order window) applies a remote write request.
     *
     * <p>Each series (key: its labels sorted by name) keeps its newest timestamp and value. Every sample is
     * checked against that committed state: older gives 400 {@code out of order sample}, same timestamp with a
     * different value (bitwise) gives 400 {@code duplicate sample for timestamp}, an identical duplicate passes;
     * duplicate label names give 500 {@code label name "x" is not unique: invalid sample}. The first error
     * rejects the WHOLE request and nothing of it is applied. Samples of an accepted request that are not newer
     * than what the same request already applied to their series are silently dropped, as 2.42 does at commit.
     * Answers copy Prometheus' bodies (trailing newline) and Content-Type.
     */
    public static final class OrderingResponder implements Function<RecordedRequest, Response> {
        private final Map<String, Last> committed = new HashMap<>();
        private final Map<String, List<Point>> accepted = new HashMap<>();
        private final Map<String, List<HistogramPoint>> acceptedHistograms = new HashMap<>();

        private record Last(long timestampMs, Object value) {}

        OrderingResponder() {}

        @Override
        public synchronized Response apply(RecordedRequest request) {
            if (request.decodeError() != null) {
                return prometheusError(400, request.decodeError());
            }
            List<Series> series = request.series();
            for (Series s : series) {
                String error = check(s);
                if (error != null) {
                    return prometheusError(error.startsWith("label name") ? 500 : 400, error);
                }
            }
            for (Series s : series) {
                String key = RemoteWriteRequests.seriesKey(s.labels());
                for (Point p : s.samples()) {
                    if (commit(key, p.timestampMs(), Double.doubleToRawLongBits(p.value()))) {
                        accepted.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
                    }
                }
                for (HistogramPoint h : s.histograms()) {
                    if (commit(key, h.timestampMs(), h.histogram())) {
                        acceptedHistograms.computeIfAbsent(key, k -> new ArrayList<>()).add(h);
                    }
                }
            }
            return Response.status(204);
        }

        @Nullable
        private String check(Series s) {
            if (s.samples().isEmpty() && s.histograms().isEmpty()) {
                return null;
            }
            Set<String> names = new HashSet<>();
            for (String name : s.labelNames()) {
                if (!names.add(name)) {
                    return "label name \"" + name + "\" is not unique: invalid sample";
                }
            }
            Last last = committed.get(RemoteWriteRequests.seriesKey(s.labels()));
            if (last == null) {
                return null;
            }
            for (Point p : s.samples()) {
                String error = check(last, p.timestampMs(), Double.doubleToRawLongBits(p.value()));
                if (error != null) {
                    return error;
                }
            }
            for (HistogramPoint h : s.histograms()) {
                String error = check(last, h.timestampMs(), h.histogram());
                if (error != null) {
                    return error;
                }
            }
            return null;
        }

        @Nullable
        private static String check(Last last, long timestampMs, Object value) {
            if (timestampMs < last.timestampMs()) {
                return "out of order sample";
            }
            if (timestampMs == last.timestampMs() && !value.equals(last.value())) {
                return "duplicate sample for timestamp";
            }
            return null;
        }

        private boolean commit(String key, long timestampMs, Object value) {
            Last last = committed.get(key);
            if (last != null && timestampMs <= last.timestampMs()) {
                return false;
            }
            committed.put(key, new Last(timestampMs, value));
            return true;
        }

        private static Response prometheusError(int status, String message) {
            // Go's http.Error: text/plain body with a trailing newline.
            return Response.status(status)
                    .header("Content-Type", "text/plain; charset=utf-8")
                    .header("X-Content-Type-Options", "nosniff")
                    .body(message + "\n");
        }

        /** The float samples applied so far for the series with exactly these labels, in commit order. */
        public synchronized List<Point> accepted(Map<String, String> labels) {
            return List.copyOf(accepted.getOrDefault(RemoteWriteRequests.seriesKey(labels), List.of()));
        }

        /** The native histograms applied so far for the series with exactly these labels, in commit order. */
        public synchronized List<HistogramPoint> acceptedHistograms(Map<String, String> labels) {
            return List.copyOf(acceptedHistograms.getOrDefault(RemoteWriteRequests.seriesKey(labels), List.of()));
        }

        /** The total number of float samples and histograms applied so far. */
        public synchronized int acceptedCount() {
            return accepted.values().stream().mapToInt(List::size).sum()
                    + acceptedHistograms.values().stream().mapToInt(List::size).sum();
        }

        @Override
        public String toString() {
            return "prometheusLikeOrdering" + String.format(Locale.ROOT, "(%d series)", committed.size());
        }
    }
}
