package io.github.otelflink.testing;

import com.google.protobuf.Message;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.otelflink.testing.proto.Remote;
import io.github.otelflink.testing.proto.v2.WriteV2;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import javax.annotation.Nullable;
import javax.net.ssl.SSLContext;

/**
 * A fake, in-JVM remote-write receiver for retry, ordering and fallback tests.
 *
 * <p>It records every request (decoded as remote write 1.0 or 2.0) and answers from a script: first the
 * queued {@link Response}s in order, then the programmable responder if one is set, else the default
 * (204). It is not Prometheus; use {@link PrometheusServer} to check real ingestion.
 */
public final class FaultInjectingReceiver implements AutoCloseable {

    private final ReceiverHttpServer server;
    @Nullable private final TestCertificates certificates;
    private final FaultScript script = new FaultScript();
    private final RequestLog requests = new RequestLog();

    private FaultInjectingReceiver(HttpServer server, @Nullable TestCertificates certificates) {
        this.certificates = certificates;
        this.server = new ReceiverHttpServer(server, this::answer);
    }

    /** Starts a plain-HTTP receiver on a free port of 127.0.0.1. */
    public static FaultInjectingReceiver start() {
        return start(null);
    }

    /** Starts a receiver on 127.0.0.1, over HTTPS requiring a client certificate from the test CA when certificates are given. */
    public static FaultInjectingReceiver start(@Nullable TestCertificates mtls) {
        return mtls == null ? new FaultInjectingReceiver(ReceiverHttpServer.bindHttp(), null) : startHttps(mtls, true);
    }

    /** Starts an HTTPS receiver presenting the test server certificate; client certificates required or not. */
    public static FaultInjectingReceiver startHttps(TestCertificates certificates, boolean requireClientCertificate) {
        return new FaultInjectingReceiver(
                ReceiverHttpServer.bindHttps(certificates, requireClientCertificate), certificates);
    }

    /** The remote-write URI, {@code http(s)://127.0.0.1:<port>/api/v1/write} (any path is accepted and recorded). */
    public URI uri() {
        return URI.create((server.https() ? "https" : "http") + "://127.0.0.1:" + port() + "/api/v1/write");
    }

    /** The TCP port the receiver listens on. */
    public int port() {
        return server.port();
    }

    /** An SSLContext with the test client certificate that trusts the test CA, or null for a plain-HTTP receiver. */
    @Nullable
    public SSLContext clientSslContext() {
        return certificates == null ? null
                : PrometheusServer.sslContext(certificates.clientCert(), certificates.clientKey(), certificates.caCert());
    }

    /** Queues responses given, in order, to the next requests (before the responder or default apply). */
    public FaultInjectingReceiver enqueue(Response... responses) {
        script.enqueue(responses);
        return this;
    }

    /** Answers requests with {@code responder} once the queue is empty (null restores the default response). */
    public FaultInjectingReceiver respondWith(@Nullable Function<RecordedRequest, Response> responder) {
        script.respondWith(responder);
        return this;
    }

    /** Sets the answer used when the queue is empty and no responder is set (initially a bare 204). */
    public FaultInjectingReceiver defaultResponse(Response response) {
        script.defaultResponse(response);
        return this;
    }

    /** A snapshot of all requests received so far, in arrival order. */
    public List<RecordedRequest> requests() {
        return requests.snapshot();
    }

    /** Waits until at least {@code n} requests have arrived and returns them all; fails after {@code timeout}. */
    public List<RecordedRequest> awaitRequests(int n, Duration timeout) {
        return requests.await(n, timeout);
    }

    /** Stops listening, closes open connections and drops answers still waiting for their delay. */
    @Override
    public void close() {
        server.stop();
    }

    private Response answer(HttpExchange exchange) throws IOException {
        long arrivalNanos = System.nanoTime();
        Instant arrival = Instant.now();
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        RecordedRequest request = requests.create(index -> new RecordedRequest(index, arrival, arrivalNanos,
                exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                Collections.unmodifiableMap(headers), body));
        Response response = script.choose(request);
        request.response = response;
        requests.add(request);
        return response;
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
            List<HistogramPoint> histograms, List<Long> sampleStartTimestampsMs) {
        /** A series without start timestamps (remote write 1.0 has none). */
        public Series(List<String> labelNames, Map<String, String> labels, List<Point> samples,
                List<HistogramPoint> histograms) {
            this(labelNames, labels, samples, histograms, Collections.nCopies(samples.size(), 0L));
        }

        /**
         * Remote write 2.0 {@code start_timestamp} of sample {@code i} (0: unset, always so in 1.0);
         * a histogram's is in its proto message ({@code WriteV2.Histogram.getStartTimestamp()}).
         */
        public long sampleStartTimestampMs(int i) {
            return sampleStartTimestampsMs.get(i);
        }
    }

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
            RemoteWriteDecoding.Decoded decoded = RemoteWriteDecoding.decode(headers, body);
            this.writeRequest = decoded.v1();
            this.writeRequestV2 = decoded.v2();
            this.decodeError = decoded.error();
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
            return writeRequestV2 != null || RemoteWriteDecoding.isV2(headers);
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
            return RemoteWriteDecoding.series(writeRequest, writeRequestV2);
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
        private final PrometheusOrderingRules rules = new PrometheusOrderingRules();

        OrderingResponder() {}

        @Override
        public Response apply(RecordedRequest request) {
            return rules.apply(request);
        }

        /** The float samples applied so far for the series with exactly these labels, in commit order. */
        public List<Point> accepted(Map<String, String> labels) {
            return rules.accepted(labels);
        }

        /** The native histograms applied so far for the series with exactly these labels, in commit order. */
        public List<HistogramPoint> acceptedHistograms(Map<String, String> labels) {
            return rules.acceptedHistograms(labels);
        }

        /** The total number of float samples and histograms applied so far. */
        public int acceptedCount() {
            return rules.acceptedCount();
        }

        @Override
        public String toString() {
            return "prometheusLikeOrdering" + String.format(Locale.ROOT, "(%d series)", rules.seriesCount());
        }
    }
}
