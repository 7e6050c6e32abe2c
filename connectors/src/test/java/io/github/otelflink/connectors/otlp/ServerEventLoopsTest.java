package io.github.otelflink.connectors.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The ingress's transport: native epoll wherever grpc-netty-shaded ships its library. */
class ServerEventLoopsTest {

    @Test
    void linuxOnX86OrArmRunsOnNativeEpoll() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        assumeTrue(os.contains("linux") && (arch.equals("amd64") || arch.equals("aarch64")),
                "grpc-netty-shaded ships epoll for Linux x86_64 and aarch64 only");
        assertThat(ServerEventLoops.EPOLL).as("native epoll unavailable: %s", Epoll.unavailabilityCause()).isTrue();
        assertThat(ServerEventLoops.SERVER_CHANNEL).isEqualTo(EpollServerSocketChannel.class);
    }
}
