package io.github.otelflink.connectors.otlp;

import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelFutureListener;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInitializer;
import io.grpc.netty.shaded.io.netty.channel.SimpleChannelInboundHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.SocketChannel;
import io.grpc.netty.shaded.io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.grpc.netty.shaded.io.netty.handler.codec.http.FullHttpRequest;
import io.grpc.netty.shaded.io.netty.handler.codec.http.FullHttpResponse;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpHeaderNames;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpMethod;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpObjectAggregator;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpResponseStatus;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpServerCodec;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpUtil;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpVersion;
import io.grpc.netty.shaded.io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import javax.annotation.Nullable;

/**
 * A health endpoint like the Collector's {@code health_check} extension: {@code GET <path>}
 * ({@code /} unless configured, as the extension's {@code path}) answers 200
 * {@code {"status":"Server available","upSince":"...","uptime":"..."}} while the servers run, and
 * 503 {@code {"status":"Server not available",...}} otherwise; other paths get 404.
 *
 * <p>The OTLP ingress source starts one per subtask on the same port (with {@code SO_REUSEPORT}),
 * so a probe is answered by whichever subtask of the host the kernel picks. It can also be
 * started on its own with {@link #start(String, BooleanSupplier)}.
 */
public final class HealthCheckServer implements AutoCloseable {

    private final Channel channel;
    @Nullable private final ServerEventLoops ownLoops;

    private HealthCheckServer(Channel channel, @Nullable ServerEventLoops ownLoops) {
        this.channel = channel;
        this.ownLoops = ownLoops;
    }

    /**
     * Starts a health check on {@code endpoint} ({@code host:port}) with its own thread.
     *
     * @param healthy whether to answer 200 (true) or 503 (false), asked at every probe
     */
    public static HealthCheckServer start(String endpoint, BooleanSupplier healthy) throws IOException {
        return start(endpoint, OtlpIngressOptions.DEFAULT_HEALTH_CHECK_PATH, healthy);
    }

    /**
     * Starts a health check on {@code endpoint} ({@code host:port}) answering on {@code path}, with
     * its own thread.
     *
     * @param path the HTTP path that answers (starts with {@code /}); every other path gets 404
     * @param healthy whether to answer 200 (true) or 503 (false), asked at every probe
     */
    public static HealthCheckServer start(String endpoint, String path, BooleanSupplier healthy) throws IOException {
        InetSocketAddress unresolved = OtlpIngressOptions.parseEndpoint(endpoint);
        ServerEventLoops loops = new ServerEventLoops("otlp-health", 1);
        try {
            Channel channel = bind(new InetSocketAddress(unresolved.getHostString(), unresolved.getPort()), path, healthy,
                    loops);
            return new HealthCheckServer(channel, loops);
        } catch (IOException | RuntimeException e) {
            loops.close();
            throw e;
        }
    }

    static HealthCheckServer start(InetSocketAddress address, String path, BooleanSupplier healthy,
            ServerEventLoops loops) throws IOException {
        return new HealthCheckServer(bind(address, path, healthy, loops), null);
    }

    private static Channel bind(InetSocketAddress address, String path, BooleanSupplier healthy,
            ServerEventLoops loops) throws IOException {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("the health check path must start with /, got \"" + path + "\"");
        }
        Instant upSince = Instant.now();
        return loops.bind("the health check", address, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpObjectAggregator(4096))
                        .addLast(new ProbeHandler(upSince, path, healthy));
            }
        });
    }

    /** The address listened on (with the actual port when 0 was asked for). */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        if (ownLoops != null) {
            ownLoops.close();
        }
    }

    private static final class ProbeHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final Instant upSince;
        private final String path;
        private final BooleanSupplier healthy;

        ProbeHandler(Instant upSince, String path, BooleanSupplier healthy) {
            this.upSince = upSince;
            this.path = path;
            this.healthy = healthy;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            FullHttpResponse response;
            if (!new QueryStringDecoder(request.uri()).path().equals(path)) {
                response = response(HttpResponseStatus.NOT_FOUND, "text/plain; charset=utf-8", "404 page not found\n");
            } else if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
                response = response(HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain; charset=utf-8",
                        "method not allowed\n");
            } else {
                boolean up = healthy.getAsBoolean();
                String body = "{\"status\":\"" + (up ? "Server available" : "Server not available")
                        + "\",\"upSince\":\"" + upSince + "\",\"uptime\":\"" + uptime() + "\"}";
                response = response(up ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                        "application/json", body);
            }
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            HttpUtil.setKeepAlive(response, keepAlive);
            if (keepAlive) {
                ctx.writeAndFlush(response);
            } else {
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        private String uptime() {
            Duration uptime = Duration.between(upSince, Instant.now());
            return uptime.toMillis() / 1000.0 + "s";
        }

        private static FullHttpResponse response(HttpResponseStatus status, String contentType, String body) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            return response;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
