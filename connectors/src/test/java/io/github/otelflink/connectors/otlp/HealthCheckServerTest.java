package io.github.otelflink.connectors.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthCheckServerTest {

    private HealthCheckServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void answersWhetherTheServersRun() throws Exception {
        AtomicBoolean healthy = new AtomicBoolean(false);
        server = HealthCheckServer.start("127.0.0.1:0", healthy::get);

        HttpResponse<byte[]> down = TestIngress.send(HttpRequest.newBuilder(uri("/")).GET());
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(new String(down.body(), StandardCharsets.UTF_8)).startsWith("{\"status\":\"Server not available\"");

        healthy.set(true);
        HttpResponse<byte[]> up = TestIngress.send(HttpRequest.newBuilder(uri("/")).GET());
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(up.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(new String(up.body(), StandardCharsets.UTF_8)).matches(
                "\\{\"status\":\"Server available\",\"upSince\":\"[^\"]+\",\"uptime\":\"[0-9.]+s\"}");

        assertThat(TestIngress.send(HttpRequest.newBuilder(uri("/other")).GET()).statusCode()).isEqualTo(404);
    }

    @Test
    void answersOnTheConfiguredPathOnly() throws Exception {
        server = HealthCheckServer.start("127.0.0.1:0", "/health/status", () -> true);

        assertThat(TestIngress.send(HttpRequest.newBuilder(uri("/health/status")).GET()).statusCode()).isEqualTo(200);
        assertThat(TestIngress.send(HttpRequest.newBuilder(uri("/health/status?verbose")).GET()).statusCode())
                .isEqualTo(200);
        assertThat(TestIngress.send(HttpRequest.newBuilder(uri("/")).GET()).statusCode()).isEqualTo(404);
        assertThat(TestIngress.send(HttpRequest.newBuilder(uri("/health")).GET()).statusCode()).isEqualTo(404);
    }

    @Test
    void theIngressOptionsCarryThePath() {
        OtlpIngressOptions options = OtlpIngressOptions.builder().healthCheckEndpoint("127.0.0.1:0", "/healthz").build();
        assertThat(options.healthCheckPath()).isEqualTo("/healthz");
        assertThat(OtlpIngressOptions.builder().build().healthCheckPath()).isEqualTo("/");
        assertThat(new OtlpIngressOptions(null, OtlpIngressOptions.Http.at("127.0.0.1:0"), "127.0.0.1:0", "healthz",
                AckMode.ACCEPTED, 1, java.time.Duration.ofSeconds(1)).validate())
                .containsExactly("healthCheckPath: must start with /, got \"healthz\"");
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.address().getPort() + path);
    }
}
