package io.github.otelflink.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake remote-write endpoint that accepts only requests signed with AWS SigV4 by a known secret,
 * as Amazon Managed Service for Prometheus does (which cannot run here): it recomputes every
 * signature with {@link SigV4SignatureCheck} and answers 204, or 403 with the reason. It also
 * refuses an {@code X-Amz-Date} more than five minutes off, as AWS does. JDK HTTP server on
 * 127.0.0.1; {@link #close()} stops it.
 */
public final class SigV4SignatureCheckingFakeReceiver implements AutoCloseable {

    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Duration MAX_SKEW = Duration.ofMinutes(5);

    private final HttpServer server;
    private final Map<String, String> secrets;
    private final List<SigV4SignatureCheck.Result> accepted = new CopyOnWriteArrayList<>();
    private final List<String> rejected = new CopyOnWriteArrayList<>();
    private final List<byte[]> acceptedBodies = new CopyOnWriteArrayList<>();

    /** Starts a receiver that knows {@code secrets} (secret access key by access key id). */
    public SigV4SignatureCheckingFakeReceiver(Map<String, String> secrets) {
        this.secrets = Map.copyOf(secrets);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            URI uri = exchange.getRequestURI();
            SigV4SignatureCheck.Result result = SigV4SignatureCheck.check(exchange.getRequestMethod(),
                    uri.getRawPath(), uri.getRawQuery(), exchange.getRequestHeaders(), body, secrets);
            String problem = result.valid() ? skew(exchange.getRequestHeaders().getFirst("X-Amz-Date")) : result.problem();
            if (problem.isEmpty()) {
                accepted.add(result);
                acceptedBodies.add(body);
                exchange.sendResponseHeaders(204, -1);
            } else {
                rejected.add(problem);
                byte[] text = problem.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(403, text.length);
                exchange.getResponseBody().write(text);
            }
        }
    }

    private static String skew(String amzDate) {
        Instant sent = Instant.from(AMZ_DATE.parse(amzDate));
        Duration off = Duration.between(sent, Instant.now()).abs();
        return off.compareTo(MAX_SKEW) > 0 ? "X-Amz-Date " + amzDate + " is " + off + " off" : "";
    }

    /** {@code http://127.0.0.1:<port>/api/v1/write}. */
    public URI writeUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write");
    }

    /** The checks of the requests answered 204, in order. */
    public List<SigV4SignatureCheck.Result> accepted() {
        return List.copyOf(accepted);
    }

    /** The snappy-compressed bodies of the requests answered 204. */
    public List<byte[]> acceptedBodies() {
        return List.copyOf(acceptedBodies);
    }

    /** Why each refused request was refused, in order. */
    public List<String> rejected() {
        return List.copyOf(rejected);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
