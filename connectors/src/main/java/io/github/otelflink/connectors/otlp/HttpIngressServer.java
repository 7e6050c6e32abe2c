package io.github.otelflink.connectors.otlp;

import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelInitializer;
import io.grpc.netty.shaded.io.netty.channel.ChannelPipeline;
import io.grpc.netty.shaded.io.netty.channel.socket.SocketChannel;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpServerCodec;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.annotation.Nullable;

/**
 * The OTLP/HTTP server of one source subtask: Netty's HTTP/1.1 codec, optional TLS, and a
 * {@link HttpIngressHandler} per connection. Connections idle for a minute are closed, as the
 * Collector's HTTP server does.
 */
final class HttpIngressServer implements AutoCloseable {

    /** The Collector's idle timeout. */
    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(1);

    /** Header limits: the request line and all headers of an OTLP export are far below these. */
    private static final int MAX_INITIAL_LINE_LENGTH = 8192;
    private static final int MAX_HEADER_SIZE = 64 * 1024;
    private static final int MAX_CHUNK_SIZE = 64 * 1024;

    /** What every connection's handler needs. */
    record Settings(
            String metricsUrlPath,
            int maxRequestBodyBytes,
            @Nullable BearerTokenCheck auth,
            MetadataCapture metadata,
            ExportAdmission admission,
            IngressMetrics metrics,
            Duration retryAfter) {}

    private final Channel channel;

    private HttpIngressServer(Channel channel) {
        this.channel = channel;
    }

    static HttpIngressServer start(InetSocketAddress address, @Nullable SslContext ssl, Settings settings,
            ServerEventLoops loops) throws IOException {
        Channel channel = loops.bind("OTLP/HTTP", address, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ChannelPipeline pipeline = ch.pipeline();
                if (ssl != null) {
                    pipeline.addLast("tls", ssl.newHandler(ch.alloc()));
                }
                pipeline.addLast("idle", new IdleStateHandler(0, 0, IDLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
                pipeline.addLast("http", new HttpServerCodec(MAX_INITIAL_LINE_LENGTH, MAX_HEADER_SIZE, MAX_CHUNK_SIZE));
                pipeline.addLast("otlp", new HttpIngressHandler(settings));
            }
        });
        return new HttpIngressServer(channel);
    }

    InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }
}
