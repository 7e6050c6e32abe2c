package io.github.otelflink.connectors.otlp;

import io.grpc.netty.shaded.io.netty.bootstrap.ServerBootstrap;
import io.grpc.netty.shaded.io.netty.buffer.PooledByteBufAllocator;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelInitializer;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.IoHandlerFactory;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.ServerChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollChannelOption;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.SocketChannel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioChannelOption;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.netty.shaded.io.netty.util.concurrent.EventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The Netty event loops of one source subtask's servers (gRPC, HTTP and health check share
 * them), and the listening-socket setup they all use.
 *
 * <p>On Linux the loops use Netty's native epoll transport (its library ships in {@code
 * grpc-netty-shaded}); elsewhere, or when the library cannot load, the JDK's NIO. Why: the
 * ingress's I/O threads measured 0.25 CPU-s per million samples on epoll against 0.27–0.29 on NIO
 * in the same session (bench/README.md, twentieth round).
 *
 * <p>Every listening socket is opened with {@code SO_REUSEPORT}: the source subtasks of one host
 * all bind the same port and the kernel spreads incoming connections over them. That is what lets the source run
 * with parallelism above 1 on one task manager, and what lets a restarted subtask bind while an
 * old socket lingers. Netty is the copy shaded into {@code grpc-netty-shaded}, so it cannot clash
 * with Flink's own.
 */
final class ServerEventLoops implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServerEventLoops.class);

    /** True when the loops run on the native epoll transport, false on NIO. */
    static final boolean EPOLL = Epoll.isAvailable();

    /** {@code SO_REUSEPORT} for the transport in use. */
    static final ChannelOption<Boolean> SO_REUSEPORT = EPOLL
            ? EpollChannelOption.SO_REUSEPORT
            : NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT);

    /** The listening channel class of the transport in use. */
    static final Class<? extends ServerChannel> SERVER_CHANNEL = EPOLL
            ? EpollServerSocketChannel.class
            : NioServerSocketChannel.class;

    static {
        if (EPOLL) {
            LOG.info("OTLP ingress servers use Netty's native epoll transport");
        } else {
            LOG.info("OTLP ingress servers use Java NIO (native epoll unavailable: {})",
                    String.valueOf(Epoll.unavailabilityCause()));
        }
    }

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;

    ServerEventLoops(String name, int workerThreads) {
        this.boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(name + "-accept", true),
                ioHandlers());
        this.workers = new MultiThreadIoEventLoopGroup(workerThreads, new DefaultThreadFactory(name + "-io", true),
                ioHandlers());
    }

    private static IoHandlerFactory ioHandlers() {
        return EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    EventLoopGroup boss() {
        return boss;
    }

    EventLoopGroup workers() {
        return workers;
    }

    /** Binds a server socket on {@code address} whose connections {@code initializer} sets up. */
    Channel bind(String what, InetSocketAddress address, ChannelInitializer<SocketChannel> initializer)
            throws IOException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(SERVER_CHANNEL)
                .option(SO_REUSEPORT, true)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // The pooled allocator: Netty 4.2's adaptive default made a new DirectByteBuffer
                // slice on every socket read (5% of the job's allocations, bench's EndToEndBenchmark).
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childHandler(initializer);
        try {
            return bootstrap.bind(address).syncUninterruptibly().channel();
        } catch (Exception e) {
            throw new IOException("cannot listen for " + what + " on " + address + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits until every task already handed to the I/O threads has run, such as answers that the
     * task thread just queued: shutting the loops down closes the connections before running
     * what is left, and those answers would be lost.
     */
    void awaitQueuedTasks(Duration timeout) {
        for (EventExecutor executor : workers) {
            executor.submit(() -> {}).awaitUninterruptibly(timeout.toMillis());
        }
    }

    @Override
    public void close() {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        boss.terminationFuture().syncUninterruptibly();
        workers.terminationFuture().syncUninterruptibly();
    }
}
