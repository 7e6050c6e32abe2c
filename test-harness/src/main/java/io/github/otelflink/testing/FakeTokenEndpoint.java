package io.github.otelflink.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.annotation.Nullable;

/**
 * A fake OAuth2 token endpoint (RFC 6749 4.4, client credentials) on 127.0.0.1: a JDK HTTP server
 * that checks the client's id and secret, sent in an HTTP Basic header or in the form as configured,
 * and issues {@code token-1}, {@code token-2}... as JSON with {@code expires_in}. No real
 * authorization server can run here; this one records every request so tests can assert on the
 * form and on how many tokens were fetched.
 */
public final class FakeTokenEndpoint implements AutoCloseable {

    /** Where the endpoint accepts the client's credentials. */
    public enum Credentials { HEADER, FORM, EITHER }

    /** One token request as received: the Authorization header ("" for none) and the decoded form. */
    public record TokenRequest(String authorization, Map<String, List<String>> form) {
        /** The form parameter's first value, or null. */
        @Nullable
        public String param(String name) {
            List<String> values = form.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final String clientId;
    private final String clientSecret;
    private final List<TokenRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger issued = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Credentials accepts = Credentials.EITHER;
    @Nullable
    private volatile Long expiresInSeconds = 3600L;
    private volatile boolean stalled;

    private FakeTokenEndpoint(String clientId, String clientSecret) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/token", this::handle);
        server.start();
    }

    /** Starts an endpoint that issues tokens to this client. */
    public static FakeTokenEndpoint start(String clientId, String clientSecret) {
        return new FakeTokenEndpoint(clientId, clientSecret);
    }

    /** {@code http://127.0.0.1:<port>/token}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
    }

    /** Where the client's credentials must be (default: either). */
    public FakeTokenEndpoint accepting(Credentials where) {
        this.accepts = where;
        return this;
    }

    /** The {@code expires_in} of the next tokens, in seconds; null leaves it out (default 3600). */
    public FakeTokenEndpoint expiresIn(@Nullable Long seconds) {
        this.expiresInSeconds = seconds;
        return this;
    }

    /** When true, requests get no answer until this is set to false or the endpoint closes. */
    public FakeTokenEndpoint stall(boolean stall) {
        this.stalled = stall;
        return this;
    }

    /** Every token request so far, in arrival order. */
    public List<TokenRequest> requests() {
        return List.copyOf(requests);
    }

    /** How many tokens were issued. */
    public int issued() {
        return issued.get();
    }

    /** The last token issued, or null. */
    @Nullable
    public String lastToken() {
        int n = issued.get();
        return n == 0 ? null : "token-" + n;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            TokenRequest request = new TokenRequest(authorization == null ? "" : authorization, decode(body));
            requests.add(request);
            while (stalled && closed.getCount() > 0) {
                try {
                    closed.await(50, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (!"POST".equals(exchange.getRequestMethod())
                    || !"client_credentials".equals(request.param("grant_type"))) {
                send(exchange, 400, "{\"error\":\"unsupported_grant_type\"}");
                return;
            }
            if (!authenticated(request)) {
                send(exchange, 401, "{\"error\":\"invalid_client\"}");
                return;
            }
            String token = "token-" + issued.incrementAndGet();
            Long expiresIn = expiresInSeconds;
            send(exchange, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\""
                    + (expiresIn == null ? "" : ",\"expires_in\":" + expiresIn) + "}");
        }
    }

    private boolean authenticated(TokenRequest request) {
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (formEncode(clientId) + ":" + formEncode(clientSecret)).getBytes(StandardCharsets.UTF_8));
        boolean inHeader = request.authorization().equals(basic) && request.param("client_secret") == null;
        boolean inForm = request.authorization().isEmpty() && clientId.equals(request.param("client_id"))
                && clientSecret.equals(request.param("client_secret"));
        return switch (accepts) {
            case HEADER -> inHeader;
            case FORM -> inForm;
            case EITHER -> inHeader || inForm;
        };
    }

    private static String formEncode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static Map<String, List<String>> decode(String body) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return form;
    }

    /** Stops listening and releases stalled requests. */
    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
