package io.github.otelflink.sink.remotewrite.http;

import io.github.otelflink.sink.remotewrite.encode.EncodedRequest;
import io.github.otelflink.sink.remotewrite.encode.RemoteWriteProtocol;
import io.github.otelflink.sink.remotewrite.tls.TlsStrategyFactory;

import org.apache.flink.annotation.Internal;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * {@link RemoteWriteClient} on Apache HttpClient 5 async: pooled keep-alive connections, one I/O
 * thread, TLS/mTLS from PEM files (re-read when they change), the per-request timeout, and the
 * four protocol headers set last so user headers cannot replace them.
 */
@Internal
public final class HttpRemoteWriteClient implements RemoteWriteClient {
    private final EndpointOptions options;
    /** Null without credentials. */
    private final CredentialHeader credentials;
    private final CloseableHttpAsyncClient client;

    public HttpRemoteWriteClient(EndpointOptions options) {
        this(options, 8);
    }

    /** A client whose pool holds at least {@code maxConnections} connections (8 at least). */
    public HttpRemoteWriteClient(EndpointOptions options, int maxConnections) {
        this(options, maxConnections, System::nanoTime);
    }

    /** With the clock that times the re-reads of credentials files (tests). */
    HttpRemoteWriteClient(EndpointOptions options, int maxConnections, LongSupplier nanoTime) {
        this.options = options;
        this.credentials = CredentialHeader.of(options.auth(), nanoTime);
        int pool = Math.max(8, maxConnections);
        Timeout timeout = Timeout.of(options.timeout());
        PoolingAsyncClientConnectionManager connections = PoolingAsyncClientConnectionManagerBuilder.create()
                .setTlsStrategy(TlsStrategyFactory.create(options.tls()))
                .setMaxConnTotal(pool)
                .setMaxConnPerRoute(pool)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(timeout)
                        .setSocketTimeout(timeout)
                        .setTimeToLive(TimeValue.ofMinutes(5))
                        .build())
                .build();
        this.client = HttpAsyncClients.custom()
                .setConnectionManager(connections)
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(timeout).build())
                // Retries belong to the sink's RetryPolicy, which knows about Retry-After and order.
                .disableAutomaticRetries()
                .disableRedirectHandling()
                // With mTLS the pool tags each connection with the client's TLS principal and then
                // never hands it to a request without that state: every request opened a new TLS
                // connection (a handshake per request, measured by the load driver). One client
                // identity per sink, so connection state buys nothing.
                .disableConnectionState()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
        client.start();
    }

    @Override
    public CompletableFuture<RemoteWriteResponse> send(
            EncodedRequest request, RemoteWriteProtocol protocol, Map<String, String> requestHeaders) {
        CompletableFuture<RemoteWriteResponse> result = new CompletableFuture<>();
        execute(request, protocol, requestHeaders, options.signer() != null, result);
        return result;
    }

    /**
     * Sends once; with {@code mayRenew}, a 401 that the signer answers by renewing its credentials
     * sends the request once more (never a third time: wrong credentials must not loop).
     */
    private void execute(EncodedRequest request, RemoteWriteProtocol protocol,
            Map<String, String> requestHeaders, boolean mayRenew,
            CompletableFuture<RemoteWriteResponse> result) {
        Map<String, String> headers;
        SimpleHttpRequest http;
        try {
            headers = headers(request, protocol, requestHeaders);
            http = buildRequest(headers, request);
        } catch (RuntimeException e) {
            // e.g. an unreadable credentials file or an unreachable token endpoint: a
            // transport-level failure, retried like one.
            result.completeExceptionally(e);
            return;
        }
        client.execute(http, new FutureCallback<>() {
            @Override
            public void completed(SimpleHttpResponse response) {
                if (response.getCode() == 401 && mayRenew) {
                    boolean renewed;
                    try {
                        renewed = options.signer().unauthorized(headers);
                    } catch (RuntimeException e) {
                        result.completeExceptionally(e);
                        return;
                    }
                    if (renewed) {
                        execute(request, protocol, requestHeaders, false, result);
                        return;
                    }
                }
                Map<String, String> responseHeaders = new HashMap<>();
                for (Header h : response.getHeaders()) {
                    responseHeaders.put(h.getName().toLowerCase(Locale.ROOT), h.getValue());
                }
                String body = response.getBodyText();
                result.complete(new RemoteWriteResponse(
                        response.getCode(), responseHeaders, RemoteWriteResponse.truncate(body)));
            }

            @Override
            public void failed(Exception ex) {
                result.completeExceptionally(ex);
            }

            @Override
            public void cancelled() {
                result.cancel(false);
            }
        });
    }

    private Map<String, String> headers(
            EncodedRequest request, RemoteWriteProtocol protocol, Map<String, String> requestHeaders) {
        Map<String, String> headers = new LinkedHashMap<>(options.headers());
        headers.putAll(requestHeaders);
        if (credentials != null) {
            headers.put(credentials.name(), credentials.value());
        }
        headers.put("Content-Encoding", "snappy");
        headers.put("Content-Type", protocol.contentType());
        headers.put("X-Prometheus-Remote-Write-Version", protocol.versionHeader());
        headers.put("User-Agent", options.userAgent());
        if (options.signer() != null) {
            options.signer().sign("POST", options.endpoint(), headers, request.body());
        }
        return headers;
    }

    private SimpleHttpRequest buildRequest(Map<String, String> headers, EncodedRequest request) {
        SimpleHttpRequest http = SimpleHttpRequest.create("POST", options.endpoint());
        for (Map.Entry<String, String> h : headers.entrySet()) {
            http.setHeader(h.getKey(), h.getValue());
        }
        // No ContentType object: httpclient would re-format it as "type; param", and the spec
        // gives the exact header value, which the explicit header above carries.
        http.setBody(request.body(), null);
        return http;
    }

    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
    }
}
