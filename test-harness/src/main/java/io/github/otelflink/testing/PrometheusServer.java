package io.github.otelflink.testing;

import io.github.otelflink.testing.proto.Remote;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.annotation.Nullable;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Runs the real Prometheus binary (2.42, Debian package) as a remote-write receiver for tests.
 *
 * <p>Each instance owns one process listening on 127.0.0.1 with the remote-write receiver and native
 * histograms enabled, optionally behind mutual TLS. Query helpers read data back through the HTTP API.
 */
public final class PrometheusServer implements AutoCloseable {

    private static final Path DEFAULT_BINARY = Path.of("/usr/bin/prometheus");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
    private static final int START_ATTEMPTS = 3;

    private final Process process;
    private final Thread shutdownHook;
    private final int port;
    private final boolean tls;
    private final Path logFile;
    @Nullable private final SSLContext clientSslContext;
    private final HttpClient http;

    private PrometheusServer(
            Process process, Thread shutdownHook, int port, boolean tls, Path logFile,
            @Nullable SSLContext clientSslContext, HttpClient http) {
        this.process = process;
        this.shutdownHook = shutdownHook;
        this.port = port;
        this.tls = tls;
        this.logFile = logFile;
        this.clientSslContext = clientSslContext;
        this.http = http;
    }

    /** Starts Prometheus with default flags, over HTTPS with required client certificates when {@code mtls} is set. */
    public static PrometheusServer start(Path workDir, @Nullable TestCertificates mtls) {
        return builder(workDir).mtls(mtls).start();
    }

    /** Returns a builder for a Prometheus with extra flags or configuration. */
    public static Builder builder(Path workDir) {
        return new Builder(workDir);
    }

    /** Configures and starts a {@link PrometheusServer}. */
    public static final class Builder {
        private final Path workDir;
        @Nullable private TestCertificates mtls;
        @Nullable private Duration outOfOrderTimeWindow;
        private boolean nativeHistograms = true;
        private Path binary = DEFAULT_BINARY;
        private final List<String> extraFlags = new ArrayList<>();

        private Builder(Path workDir) {
            this.workDir = workDir;
        }

        /** Serves HTTPS with these certificates and requires client certificates signed by their CA (null: plain HTTP). */
        public Builder mtls(@Nullable TestCertificates certificates) {
            this.mtls = certificates;
            return this;
        }

        /** Sets {@code storage.tsdb.out_of_order_time_window} in the generated configuration. */
        public Builder outOfOrderTimeWindow(Duration window) {
            this.outOfOrderTimeWindow = window;
            return this;
        }

        /** Enables or disables {@code --enable-feature=native-histograms} (enabled by default). */
        public Builder nativeHistograms(boolean enabled) {
            this.nativeHistograms = enabled;
            return this;
        }

        /** Adds a raw command-line flag such as {@code --storage.tsdb.retention.time=1d}. */
        public Builder flag(String flag) {
            this.extraFlags.add(flag);
            return this;
        }

        /** Uses another Prometheus binary than {@code /usr/bin/prometheus}. */
        public Builder binary(Path binary) {
            this.binary = binary;
            return this;
        }

        /** Starts the process and waits until {@code /-/ready} answers 200. */
        public PrometheusServer start() {
            try {
                return doStart();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private PrometheusServer doStart() throws IOException {
            Files.createDirectories(workDir);
            Path config = workDir.resolve("prometheus.yml");
            Files.writeString(config, prometheusConfig());
            List<String> command = new ArrayList<>(List.of(
                    binary.toString(),
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + workDir.resolve("data"),
                    "--web.enable-remote-write-receiver",
                    "--log.level=info"));
            if (nativeHistograms) {
                command.add("--enable-feature=native-histograms");
            }
            SSLContext clientSsl = null;
            if (mtls != null) {
                Path webConfig = workDir.resolve("web.yml");
                Files.writeString(webConfig, webConfig(mtls));
                command.add("--web.config.file=" + webConfig);
                clientSsl = sslContext(mtls.clientCert(), mtls.clientKey(), mtls.caCert());
            }
            command.addAll(extraFlags);
            HttpClient.Builder http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(HTTP_TIMEOUT);
            if (clientSsl != null) {
                http.sslContext(clientSsl);
            }
            HttpClient client = http.build();
            Path logFile = workDir.resolve("prometheus.log");

            // The free port can be taken between probing and Prometheus binding it; then retry with another.
            IllegalStateException last = null;
            for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
                int port = freePort();
                List<String> attemptCommand = new ArrayList<>(command);
                attemptCommand.add("--web.listen-address=127.0.0.1:" + port);
                Files.writeString(logFile, "=== attempt " + attempt + ": " + String.join(" ", attemptCommand) + "\n",
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                Process process = new ProcessBuilder(attemptCommand)
                        .directory(workDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                        .start();
                // Backstop for a test that dies without close(): never leave a Prometheus behind.
                Thread hook = new Thread(process::destroyForcibly, "prometheus-" + port + "-killer");
                Runtime.getRuntime().addShutdownHook(hook);
                PrometheusServer server = new PrometheusServer(
                        process, hook, port, mtls != null, logFile, clientSsl, client);
                try {
                    server.awaitReady();
                    return server;
                } catch (IllegalStateException e) {
                    server.close();
                    last = e;
                    if (!tail(logFile, 20).contains("address already in use")) {
                        throw e;
                    }
                }
            }
            throw last;
        }

        private String prometheusConfig() {
            StringBuilder yaml = new StringBuilder()
                    // No scrape configs: the only data is what the test writes.
                    .append("global:\n")
                    .append("  scrape_interval: 1h\n")
                    .append("  evaluation_interval: 1h\n");
            if (outOfOrderTimeWindow != null) {
                yaml.append("storage:\n")
                        .append("  tsdb:\n")
                        .append("    out_of_order_time_window: ").append(outOfOrderTimeWindow.toMillis()).append("ms\n");
            }
            return yaml.toString();
        }

        private static String webConfig(TestCertificates certs) {
            return "tls_server_config:\n"
                    + "  cert_file: " + yamlQuote(certs.serverCert()) + "\n"
                    + "  key_file: " + yamlQuote(certs.serverKey()) + "\n"
                    + "  client_ca_file: " + yamlQuote(certs.caCert()) + "\n"
                    + "  client_auth_type: RequireAndVerifyClientCert\n";
        }

        private static String yamlQuote(Path path) {
            return "'" + path.toAbsolutePath().toString().replace("'", "''") + "'";
        }
    }

    /** Base URI of the web server, e.g. {@code https://127.0.0.1:9090}. */
    public URI baseUri() {
        return URI.create((tls ? "https" : "http") + "://127.0.0.1:" + port);
    }

    /** The remote-write endpoint, {@code <base>/api/v1/write}. */
    public URI remoteWriteUri() {
        return baseUri().resolve("/api/v1/write");
    }

    /** The TCP port Prometheus listens on (127.0.0.1). */
    public int port() {
        return port;
    }

    /** An SSLContext presenting the test client certificate and trusting the test CA, or null without mTLS. */
    @Nullable
    public SSLContext clientSslContext() {
        return clientSslContext;
    }

    /** The HTTP client this server uses for its own calls (carries the client certificate under mTLS). */
    public HttpClient httpClient() {
        return http;
    }

    /** The file receiving Prometheus' stdout and stderr. */
    public Path logFile() {
        return logFile;
    }

    /** The last {@code lines} lines of Prometheus' log, for assertion messages. */
    public String logTail(int lines) {
        return tail(logFile, lines);
    }

    /** Posts a remote write 1.0 request with the standard headers and returns Prometheus' answer. */
    public HttpResponse<String> write(Remote.WriteRequest request) {
        return post(RemoteWriteRequests.encode(request), RemoteWriteRequests.CONTENT_TYPE_V1, "0.1.0");
    }

    /** Posts a raw body to the remote-write endpoint with the given Content-Type and protocol version header. */
    public HttpResponse<String> post(byte[] body, String contentType, String remoteWriteVersion) {
        HttpRequest request = HttpRequest.newBuilder(remoteWriteUri())
                .timeout(HTTP_TIMEOUT)
                .header("Content-Encoding", "snappy")
                .header("Content-Type", contentType)
                .header("X-Prometheus-Remote-Write-Version", remoteWriteVersion)
                .header("User-Agent", "otel-flink-tests")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return send(request);
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
                .timeout(HTTP_TIMEOUT).GET().build());
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
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is already running or ran; nothing left to unregister.
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String lastProblem = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Prometheus exited with " + process.exitValue()
                        + " before becoming ready; log tail:\n" + logTail(30));
            }
            try {
                HttpResponse<String> ready = http.send(
                        HttpRequest.newBuilder(baseUri().resolve("/-/ready")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
                lastProblem = "HTTP " + ready.statusCode() + " " + ready.body().trim();
            } catch (IOException e) {
                lastProblem = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Prometheus", e);
            }
            try {
                // Doubles as the poll interval and as early detection of a crashed process.
                process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Prometheus", e);
            }
        }
        throw new IllegalStateException("Prometheus not ready after " + READY_TIMEOUT + " (" + lastProblem
                + "); log tail:\n" + logTail(30));
    }

    private HttpResponse<String> send(HttpRequest request) {
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    /**
     * Builds an SSLContext from PEM files: {@code certChainPem}/{@code keyPem} (PKCS#8 or PKCS#1/SEC1, unencrypted)
     * become the presented identity when non-null, and the certificates in {@code trustedCaPem} the trust anchors
     * when non-null (otherwise the JDK defaults apply).
     */
    public static SSLContext sslContext(@Nullable Path certChainPem, @Nullable Path keyPem, @Nullable Path trustedCaPem) {
        try {
            KeyManagerFactory kmf = null;
            if (certChainPem != null && keyPem != null) {
                char[] password = "test".toCharArray();
                KeyStore identity = KeyStore.getInstance("PKCS12");
                identity.load(null, null);
                identity.setKeyEntry("identity", readPrivateKey(keyPem), password,
                        readCertificates(certChainPem).toArray(new X509Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(identity, password);
            }
            TrustManagerFactory tmf = null;
            if (trustedCaPem != null) {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                int i = 0;
                for (X509Certificate ca : readCertificates(trustedCaPem)) {
                    trust.setCertificateEntry("ca-" + i++, ca);
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build SSLContext from " + certChainPem + ", " + trustedCaPem, e);
        }
    }

    private static List<X509Certificate> readCertificates(Path pem) throws IOException, CertificateException {
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (Reader reader = Files.newBufferedReader(pem); PEMParser parser = new PEMParser(reader)) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof X509CertificateHolder holder) {
                    certificates.add(converter.getCertificate(holder));
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new IOException("no certificate in " + pem);
        }
        return certificates;
    }

    private static PrivateKey readPrivateKey(Path pem) throws IOException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (Reader reader = Files.newBufferedReader(pem); PEMParser parser = new PEMParser(reader)) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof PrivateKeyInfo pkcs8) {
                    return converter.getPrivateKey(pkcs8);
                }
                if (object instanceof PEMKeyPair pkcs1) {
                    return converter.getKeyPair(pkcs1).getPrivate();
                }
            }
        }
        throw new IOException("no unencrypted private key in " + pem);
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

        @SuppressWarnings("unchecked")
        static QueryResult parse(String json) {
            Map<String, Object> root = (Map<String, Object>) new MiniJson(json).parse();
            if (!"success".equals(root.get("status"))) {
                throw new IllegalStateException("query failed: " + json);
            }
            Map<String, Object> data = (Map<String, Object>) root.get("data");
            String type = (String) data.get("resultType");
            Object result = data.get("result");
            if (type.equals("scalar")) {
                return new QueryResult(type, List.of(), sample((List<Object>) result));
            }
            if (!type.equals("vector") && !type.equals("matrix")) {
                throw new IllegalStateException("unsupported result type " + type + ": " + json);
            }
            List<Element> elements = new ArrayList<>();
            for (Object item : (List<Object>) result) {
                Map<String, Object> series = (Map<String, Object>) item;
                Map<String, String> metric = new TreeMap<>();
                ((Map<String, Object>) series.getOrDefault("metric", Map.of()))
                        .forEach((k, v) -> metric.put(k, (String) v));
                List<Sample> samples = new ArrayList<>();
                List<HistogramSample> histograms = new ArrayList<>();
                if (series.containsKey("value")) {
                    samples.add(sample((List<Object>) series.get("value")));
                }
                for (Object value : (List<Object>) series.getOrDefault("values", List.of())) {
                    samples.add(sample((List<Object>) value));
                }
                if (series.containsKey("histogram")) {
                    histograms.add(histogram((List<Object>) series.get("histogram")));
                }
                for (Object value : (List<Object>) series.getOrDefault("histograms", List.of())) {
                    histograms.add(histogram((List<Object>) value));
                }
                elements.add(new Element(Collections.unmodifiableMap(metric), List.copyOf(samples),
                        List.copyOf(histograms)));
            }
            return new QueryResult(type, List.copyOf(elements), null);
        }

        private static Sample sample(List<Object> pair) {
            return new Sample(millis(pair.get(0)), number(pair.get(1)));
        }

        @SuppressWarnings("unchecked")
        private static HistogramSample histogram(List<Object> pair) {
            Map<String, Object> h = (Map<String, Object>) pair.get(1);
            List<Bucket> buckets = new ArrayList<>();
            for (Object b : (List<Object>) h.getOrDefault("buckets", List.of())) {
                List<Object> bucket = (List<Object>) b;
                buckets.add(new Bucket(((BigDecimal) bucket.get(0)).intValueExact(),
                        number(bucket.get(1)), number(bucket.get(2)), number(bucket.get(3))));
            }
            return new HistogramSample(millis(pair.get(0)), number(h.get("count")), number(h.get("sum")),
                    List.copyOf(buckets));
        }

        private static long millis(Object secondsNumber) {
            // Timestamps are JSON numbers in seconds with millisecond decimals; BigDecimal keeps them exact.
            return ((BigDecimal) secondsNumber).movePointRight(3).longValue();
        }

        private static double number(Object value) {
            if (value instanceof BigDecimal decimal) {
                return decimal.doubleValue();
            }
            // Prometheus renders values as Go-formatted strings: "1.5", "NaN", "+Inf", "-Inf", "1e+06".
            String text = (String) value;
            return switch (text) {
                case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(text);
            };
        }
    }

    /** A minimal JSON reader for the API's small answers (Jackson is not on this module's classpath). */
    static final class MiniJson {
        private final String text;
        private int pos;

        MiniJson(String text) {
            this.text = text;
        }

        Object parse() {
            Object value = value();
            skipWhitespace();
            if (pos != text.length()) {
                throw error("trailing characters");
            }
            return value;
        }

        private Object value() {
            skipWhitespace();
            if (pos >= text.length()) {
                throw error("unexpected end");
            }
            char c = text.charAt(pos);
            switch (c) {
                case '{': return object();
                case '[': return array();
                case '"': return string();
                case 't': return literal("true", Boolean.TRUE);
                case 'f': return literal("false", Boolean.FALSE);
                case 'n': return literal("null", null);
                default: return number();
            }
        }

        private Map<String, Object> object() {
            Map<String, Object> map = new LinkedHashMap<>();
            pos++;
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                return map;
            }
            while (true) {
                skipWhitespace();
                String key = string();
                skipWhitespace();
                expect(':');
                map.put(key, value());
                skipWhitespace();
                if (peek() == ',') {
                    pos++;
                } else {
                    expect('}');
                    return map;
                }
            }
        }

        private List<Object> array() {
            List<Object> list = new ArrayList<>();
            pos++;
            skipWhitespace();
            if (peek() == ']') {
                pos++;
                return list;
            }
            while (true) {
                list.add(value());
                skipWhitespace();
                if (peek() == ',') {
                    pos++;
                } else {
                    expect(']');
                    return list;
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = text.charAt(pos++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char escaped = text.charAt(pos++);
                switch (escaped) {
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    default -> out.append(escaped); // \" \\ \/
                }
            }
        }

        private BigDecimal number() {
            int start = pos;
            while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
            if (start == pos) {
                throw error("unexpected character");
            }
            return new BigDecimal(text.substring(start, pos));
        }

        private Object literal(String word, @Nullable Object value) {
            if (!text.startsWith(word, pos)) {
                throw error("expected " + word);
            }
            pos += word.length();
            return value;
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private void skipWhitespace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private IllegalArgumentException error(String message) {
            return new IllegalArgumentException(message + " at " + pos + " in JSON: "
                    + text.substring(0, Math.min(text.length(), 500)));
        }
    }
}
