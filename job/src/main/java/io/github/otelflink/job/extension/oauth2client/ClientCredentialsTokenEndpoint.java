package io.github.otelflink.job.extension.oauth2client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.otelflink.sink.remotewrite.tls.TlsOptions;
import io.github.otelflink.sink.remotewrite.tls.TlsStrategyFactory;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.annotation.Nullable;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;

/**
 * The client-credentials token request as golang.org/x/oauth2/clientcredentials (the Collector's
 * extension) sends it: a form POST of {@code grant_type=client_credentials}, {@code scope} (the
 * scopes joined by spaces) and the endpoint parameters. The client id and secret go first in an
 * HTTP Basic header (each URL-encoded, RFC 6749 2.3.1); when that request fails they go in the form
 * instead, and whichever worked is kept for later requests. The id and secret files are read for
 * every request, so a rotated secret is used without a restart.
 *
 * <p>Each request uses its own short-lived HTTP client: a token is fetched about once per token
 * lifetime, and a client kept for that would hold an I/O thread that nothing closes.
 */
final class ClientCredentialsTokenEndpoint implements TokenSource {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Longest error body kept in a message: endpoints may answer with whole HTML pages. */
    private static final int MAX_ERROR_BODY = 256;

    /** Where the client credentials go; null until a request has succeeded. */
    enum AuthStyle { HEADER, PARAMS }

    private final OAuth2ClientAuthExtensionConfig config;
    private final TlsOptions tls;
    private final Duration timeout;
    @Nullable
    private transient volatile AuthStyle style;

    ClientCredentialsTokenEndpoint(OAuth2ClientAuthExtensionConfig config, TlsOptions tls, Duration timeout) {
        this.config = config;
        this.tls = tls;
        this.timeout = timeout;
    }

    @Override
    public AccessToken fetch() throws IOException {
        String clientId = value(config.clientId(), config.clientIdFile(), "client_id_file");
        String clientSecret = value(config.clientSecret(), config.clientSecretFile(), "client_secret_file");
        AuthStyle known = style;
        if (known != null) {
            return post(clientId, clientSecret, known);
        }
        AccessToken token;
        try {
            token = post(clientId, clientSecret, AuthStyle.HEADER);
            style = AuthStyle.HEADER;
        } catch (IOException inHeader) {
            // As golang.org/x/oauth2: any failure may mean the server wants the credentials in the form.
            try {
                token = post(clientId, clientSecret, AuthStyle.PARAMS);
            } catch (IOException inParams) {
                inParams.addSuppressed(inHeader);
                throw inParams;
            }
            style = AuthStyle.PARAMS;
        }
        return token;
    }

    /** The extension's style once known; for tests. */
    @Nullable
    AuthStyle authStyle() {
        return style;
    }

    private AccessToken post(String clientId, String clientSecret, AuthStyle authStyle) throws IOException {
        Map<String, List<String>> form = new TreeMap<>();
        form.put("grant_type", List.of(OAuth2ClientAuthExtensionParser.CLIENT_CREDENTIALS));
        if (!config.scopes().isEmpty()) {
            form.put("scope", List.of(String.join(" ", config.scopes())));
        }
        form.putAll(config.endpointParams()); // may replace grant_type, as golang.org/x/oauth2 allows
        SimpleHttpRequest request = SimpleHttpRequest.create("POST", config.tokenUrl());
        if (authStyle == AuthStyle.HEADER) {
            String pair = urlEncode(clientId) + ":" + urlEncode(clientSecret);
            request.setHeader("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        } else {
            form.put("client_id", List.of(clientId));
            if (!clientSecret.isEmpty()) {
                form.put("client_secret", List.of(clientSecret));
            }
        }
        request.setBody(encode(form), ContentType.APPLICATION_FORM_URLENCODED);
        SimpleHttpResponse response = execute(request);
        String body = response.getBodyText() == null ? "" : response.getBodyText();
        if (response.getCode() < 200 || response.getCode() > 299) {
            throw failure("HTTP " + response.getCode() + ": " + truncate(body), null);
        }
        return parse(body, response.getContentType());
    }

    private SimpleHttpResponse execute(SimpleHttpRequest request) throws IOException {
        Timeout t = Timeout.of(timeout);
        CloseableHttpAsyncClient client = HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setTlsStrategy(TlsStrategyFactory.create(tls))
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(t).setSocketTimeout(t).build())
                        .build())
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .build();
        try {
            client.start();
            Future<SimpleHttpResponse> answer = client.execute(request, null);
            try {
                // The whole request, connection included, as Go's http.Client.Timeout bounds it.
                return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                answer.cancel(true);
                throw failure("no answer within " + timeout.toMillis() + " ms", e);
            } catch (ExecutionException e) {
                throw failure(String.valueOf(e.getCause()), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("interrupted", e);
            }
        } finally {
            client.close(CloseMode.IMMEDIATE);
        }
    }

    private AccessToken parse(String body, @Nullable ContentType contentType) throws IOException {
        String mime = contentType == null ? "" : contentType.getMimeType().toLowerCase(Locale.ROOT);
        String token;
        String type;
        String expiresIn;
        if (mime.equals("application/x-www-form-urlencoded") || mime.equals("text/plain")) {
            Map<String, String> values = decode(body);
            token = values.getOrDefault("access_token", "");
            type = values.getOrDefault("token_type", "");
            expiresIn = values.getOrDefault("expires_in", "");
        } else {
            JsonNode json;
            try {
                json = JSON.readTree(body);
            } catch (IOException e) {
                throw failure("the answer is not JSON: " + truncate(body), null);
            }
            token = json.path("access_token").asText("");
            type = json.path("token_type").asText("");
            expiresIn = json.path("expires_in").asText("");
        }
        if (token.isEmpty()) {
            throw failure("the answer has no access_token", null);
        }
        Duration lifetime = null;
        if (!expiresIn.isEmpty()) {
            try {
                long seconds = Long.parseLong(expiresIn.trim());
                lifetime = seconds > 0 ? Duration.ofSeconds(seconds) : null;
            } catch (NumberFormatException e) {
                throw failure("expires_in is not a number of seconds: \"" + truncate(expiresIn) + "\"", null);
            }
        }
        return new AccessToken(token, type, lifetime);
    }

    private IOException failure(String what, @Nullable Throwable cause) {
        return new IOException(config.id() + ": failed to get a token from " + config.tokenUrl() + ": " + what, cause);
    }

    private String value(@Nullable String value, @Nullable String file, String key) throws IOException {
        if (file == null) {
            return value == null ? "" : value;
        }
        String content;
        try {
            content = Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IOException(config.id() + ": cannot read " + key + " " + file + ": " + e, e);
        }
        if (content.isEmpty()) {
            throw new IOException(config.id() + ": " + key + " " + file + " is empty");
        }
        return content;
    }

    private static String encode(Map<String, List<String>> form) {
        List<String> pairs = new ArrayList<>();
        form.forEach((name, values) -> values.forEach(v -> pairs.add(urlEncode(name) + "=" + urlEncode(v))));
        return String.join("&", pairs);
    }

    private static Map<String, String> decode(String body) {
        Map<String, String> values = new TreeMap<>();
        for (String pair : body.trim().split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.putIfAbsent(name, value);
        }
        return values;
    }

    private static String urlEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String truncate(String s) {
        return s.length() <= MAX_ERROR_BODY ? s : s.substring(0, MAX_ERROR_BODY) + "…";
    }

    @Override
    public String toString() {
        return "ClientCredentialsTokenEndpoint[" + config + "]";
    }
}
