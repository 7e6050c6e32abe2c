package io.github.otelflink.testing;

import io.github.otelflink.testing.proto.Remote;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;
import javax.net.ssl.SSLContext;

/**
 * Runs the real Prometheus binary (2.42, Debian package) as a remote-write receiver for tests.
 *
 * <p>Each instance owns one process listening on 127.0.0.1 with the remote-write receiver and native
 * histograms enabled, optionally behind mutual TLS and/or HTTP basic auth ({@code basic_auth_users}). Query
 * helpers read data back through the HTTP API, sending the client certificate and the first basic-auth user's
 * credentials themselves.
 */
public final class PrometheusServer implements AutoCloseable {

    static final Path DEFAULT_BINARY = Path.of("/usr/bin/prometheus");
    static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);

    private final PrometheusProcess process;
    private final boolean tls;
    @Nullable private final SSLContext clientSslContext;
    private final HttpClient http;
    @Nullable private final String authorization;

    PrometheusServer(PrometheusProcess process, boolean tls, @Nullable SSLContext clientSslContext,
            HttpClient http, @Nullable String authorization) {
        this.process = process;
        this.tls = tls;
        this.clientSslContext = clientSslContext;
        this.http = http;
        this.authorization = authorization;
    }

    /** Starts Prometheus with default flags, over HTTPS with required client certificates when {@code mtls} is set. */
    public static PrometheusServer start(Path workDir, @Nullable TestCertificates mtls) {
        return builder(workDir).mtls(mtls).start();
    }

    /** Returns a builder for a Prometheus with extra flags or configuration. */
    public static PrometheusServerBuilder builder(Path workDir) {
        return new PrometheusServerBuilder(workDir);
    }


    /** Base URI of the web server, e.g. {@code https://127.0.0.1:9090}. */
    public URI baseUri() {
        return URI.create((tls ? "https" : "http") + "://127.0.0.1:" + process.port());
    }

    /** The remote-write endpoint, {@code <base>/api/v1/write}. */
    public URI remoteWriteUri() {
        return baseUri().resolve("/api/v1/write");
    }

    /** The TCP port Prometheus listens on (127.0.0.1). */
    public int port() {
        return process.port();
    }

    /** An SSLContext presenting the test client certificate and trusting the test CA, or null without mTLS. */
    @Nullable
    public SSLContext clientSslContext() {
        return clientSslContext;
    }

    /**
     * The HTTP client this server uses for its own calls (carries the client certificate under mTLS; with basic auth,
     * requests also need {@link #authorization()}).
     */
    public HttpClient httpClient() {
        return http;
    }

    /** The {@code Authorization} header value the server's own calls send, or null without basic auth users. */
    @Nullable
    public String authorization() {
        return authorization;
    }

    /** The {@code Authorization} header value of HTTP basic auth for {@code user} and {@code password}. */
    public static String basicAuthorization(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The file receiving Prometheus' stdout and stderr. */
    public Path logFile() {
        return process.logFile();
    }

    /** The last {@code lines} lines of Prometheus' log, for assertion messages. */
    public String logTail(int lines) {
        return process.logTail(lines);
    }

    /** Posts a remote write 1.0 request with the standard headers and returns Prometheus' answer. */
    public HttpResponse<String> write(Remote.WriteRequest request) {
        return post(RemoteWriteRequests.encode(request), RemoteWriteRequests.CONTENT_TYPE_V1, "0.1.0");
    }

    /** Posts a raw body to the remote-write endpoint with the given Content-Type and protocol version header. */
    public HttpResponse<String> post(byte[] body, String contentType, String remoteWriteVersion) {
        return post(body, contentType, remoteWriteVersion, authorization);
    }

    /**
     * Posts a raw body to the remote-write endpoint as {@link #post(byte[], String, String)} does, with this
     * {@code Authorization} header value instead of the server's own (null: none).
     */
    public HttpResponse<String> post(byte[] body, String contentType, String remoteWriteVersion,
            @Nullable String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(remoteWriteUri())
                .timeout(HTTP_TIMEOUT)
                .header("Content-Encoding", "snappy")
                .header("Content-Type", contentType)
                .header("X-Prometheus-Remote-Write-Version", remoteWriteVersion)
                .header("User-Agent", "otel-flink-tests")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http(request.build());
    }

    /** Runs an instant query at the server's current time. */
    public QueryResult query(String promql) {
        return query(promql, null);
    }

    /** Runs an instant query evaluated at {@code timeMs} (epoch millis), or at the current time when null. */
    public QueryResult query(String promql, @Nullable Long timeMs) {
        StringBuilder uri = new StringBuilder(baseUri().toString())
                .append("/api/v1/query?query=").append(URLEncoder.encode(promql, StandardCharsets.UTF_8));
        if (timeMs != null) {
            uri.append("&time=").append(seconds(timeMs));
        }
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(uri.toString()))
                .timeout(HTTP_TIMEOUT).GET());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("query " + promql + " failed: HTTP " + response.statusCode()
                    + " " + response.body());
        }
        return QueryResult.parse(response.body());
    }

    /**
     * Evaluates a query that yields a single number: a scalar, or a vector of exactly one float element.
     * An empty vector gives NaN, so a caller polling until an expected count simply keeps polling.
     */
    public double scalar(String promql) {
        QueryResult result = query(promql);
        if (result.resultType().equals("scalar")) {
            return result.scalarValue().value();
        }
        List<Element> elements = result.elements();
        if (elements.isEmpty()) {
            return Double.NaN;
        }
        if (elements.size() > 1) {
            throw new IllegalStateException(promql + " returned " + elements.size() + " series: " + elements);
        }
        return elements.get(0).value();
    }

    /**
     * Returns the raw float samples of the single series matching {@code selector} with
     * {@code startMs <= timestamp <= endMs}, oldest first (empty when nothing matches).
     */
    public List<Sample> rangeSamples(String selector, long startMs, long endMs) {
        List<Element> series = rangeQuery(selector, startMs, endMs);
        if (series.isEmpty()) {
            return List.of();
        }
        if (series.size() > 1) {
            throw new IllegalStateException(selector + " matched " + series.size() + " series; use rangeQuery");
        }
        return series.get(0).samples();
    }

    /**
     * Returns the raw samples and histograms, per series, of {@code selector} with {@code startMs <= t <= endMs},
     * read with the range selector {@code selector[end-start]} evaluated at {@code endMs}.
     */
    public List<Element> rangeQuery(String selector, long startMs, long endMs) {
        if (endMs < startMs) {
            throw new IllegalArgumentException("endMs < startMs");
        }
        // A zero range is invalid PromQL; the filter below keeps the requested bounds exact either way.
        long rangeMs = Math.max(1, endMs - startMs);
        QueryResult result = query(selector + "[" + rangeMs + "ms]", endMs);
        List<Element> filtered = new ArrayList<>();
        for (Element element : result.elements()) {
            filtered.add(element.between(startMs, endMs));
        }
        return filtered;
    }

    /** Stops Prometheus (SIGTERM, then SIGKILL after 10 s); the work directory and its log are left in place. */
    @Override
    public void close() {
        process.stop();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http(request.build());
    }

    private HttpResponse<String> http(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed; Prometheus log tail:\n"
                    + logTail(20), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String seconds(long epochMillis) {
        return BigDecimal.valueOf(epochMillis, 3).toPlainString();
    }

    /**
     * Builds an SSLContext from PEM files: {@code certChainPem}/{@code keyPem} (PKCS#8 or PKCS#1/SEC1, unencrypted)
     * become the presented identity when non-null, and the certificates in {@code trustedCaPem} the trust anchors
     * when non-null (otherwise the JDK defaults apply).
     */
    public static SSLContext sslContext(@Nullable Path certChainPem, @Nullable Path keyPem, @Nullable Path trustedCaPem) {
        return PemSslContexts.sslContext(certChainPem, keyPem, trustedCaPem);
    }

    /** One float sample: epoch-millisecond timestamp and value. */
    public record Sample(long timestampMs, double value) {}

    /** One histogram bucket as the API reports it: boundary rule (0..3, see Prometheus docs), bounds and count. */
    public record Bucket(int boundaryRule, double lower, double upper, double count) {}

    /** One native histogram sample as the query API reports it. */
    public record HistogramSample(long timestampMs, double count, double sum, List<Bucket> buckets) {}

    /**
     * One series in a query result: its labels and its float samples and/or native histogram samples.
     * An instant vector element holds exactly one of the two; a matrix series may hold many of each.
     */
    public record Element(Map<String, String> metric, List<Sample> samples, List<HistogramSample> histograms) {

        /** The value of an instant vector element holding one float sample. */
        public double value() {
            return single(samples, "float sample").value();
        }

        /** The timestamp of an instant vector element holding one float sample. */
        public long timestampMs() {
            return single(samples, "float sample").timestampMs();
        }

        /** The native histogram of an instant vector element holding one histogram sample. */
        public HistogramSample histogram() {
            return single(histograms, "histogram sample");
        }

        Element between(long startMs, long endMs) {
            return new Element(metric,
                    samples.stream().filter(s -> s.timestampMs() >= startMs && s.timestampMs() <= endMs).toList(),
                    histograms.stream().filter(h -> h.timestampMs() >= startMs && h.timestampMs() <= endMs).toList());
        }

        private <T> T single(List<T> list, String what) {
            if (list.size() != 1) {
                throw new IllegalStateException("expected one " + what + " in " + this);
            }
            return list.get(0);
        }
    }

    /** The {@code data} of a successful {@code /api/v1/query} answer. */
    public record QueryResult(String resultType, List<Element> elements, @Nullable Sample scalarValue) {

        /** The single series of a vector or matrix result; fails if there is not exactly one. */
        public Element only() {
            if (elements.size() != 1) {
                throw new IllegalStateException("expected one series, got " + elements);
            }
            return elements.get(0);
        }

        static QueryResult parse(String json) {
            return QueryResultParser.parse(json);
        }
    }
}
