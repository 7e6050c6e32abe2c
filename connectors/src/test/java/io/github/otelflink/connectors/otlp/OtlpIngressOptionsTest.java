package io.github.otelflink.connectors.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OtlpIngressOptionsTest {

    @Test
    void defaultsAreTheCollectors() {
        OtlpIngressOptions options = OtlpIngressOptions.builder().build();

        assertThat(options.grpc()).isEqualTo(new OtlpIngressOptions.Grpc("0.0.0.0:4317", 4, null, null));
        assertThat(options.http())
                .isEqualTo(new OtlpIngressOptions.Http("0.0.0.0:4318", 20L * 1024 * 1024, null, null, "/v1/metrics"));
        assertThat(options.healthCheckEndpoint()).isEqualTo("0.0.0.0:13133");
        assertThat(options.ack()).isEqualTo(AckMode.ACCEPTED);
        assertThat(options.maxPendingRequests()).isEqualTo(64);
        assertThat(options.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void reportsEveryInvalidSettingAtOnce() {
        assertThatThrownBy(() -> OtlpIngressOptions.builder()
                        .grpc(OtlpIngressOptions.Grpc.at("localhost").withMaxRecvMsgSizeMiB(0)
                                .withTls(TlsServerOptions.of("", "key.pem").withMinVersion("1.1")))
                        .http(OtlpIngressOptions.Http.at("0.0.0.0:70000").withMetricsUrlPath("v1/metrics")
                                .withAuth(new BearerTokenAuth("a", "file")))
                        .healthCheckEndpoint(":x")
                        .maxPendingRequests(0)
                        .retryAfter(Duration.ZERO)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid OTLP ingress options:"
                        + " grpc.endpoint: expected host:port, got \"localhost\";"
                        + " grpc.maxRecvMsgSizeMiB: expected 1 to 2047, got 0;"
                        + " grpc.tls.certFile: must not be empty;"
                        + " grpc.tls.minVersion: expected \"1.2\" or \"1.3\", got \"1.1\";"
                        + " http.endpoint: port must be 0 to 65535, got 70000;"
                        + " http.metricsUrlPath: must start with /, got \"v1/metrics\";"
                        + " http.auth: set exactly one of token and tokenFile;"
                        + " healthCheckEndpoint: expected host:port, got \":x\";"
                        + " maxPendingRequests: must be at least 1, got 0;"
                        + " retryAfter: must be positive, got PT0S");
    }

    @Test
    void needsAtLeastOneServer() {
        assertThatThrownBy(() -> OtlpIngressOptions.builder().grpc(null).http(null).build())
                .hasMessageContaining("grpc, http: enable at least one of the two servers");
    }

    @Test
    void parsesTheCollectorsEndpointForms() {
        assertThat(OtlpIngressOptions.parseEndpoint("127.0.0.1:4317"))
                .isEqualTo(InetSocketAddress.createUnresolved("127.0.0.1", 4317));
        assertThat(OtlpIngressOptions.parseEndpoint(":4318")).isEqualTo(InetSocketAddress.createUnresolved("0.0.0.0", 4318));
        assertThat(OtlpIngressOptions.parseEndpoint("[::1]:4317")).isEqualTo(InetSocketAddress.createUnresolved("::1", 4317));
    }

    @Test
    void neverPrintsTheToken() {
        OtlpIngressOptions options = OtlpIngressOptions.builder()
                .grpc(OtlpIngressOptions.Grpc.at("0.0.0.0:4317").withAuth(BearerTokenAuth.token("s3cret")))
                .build();

        assertThat(options.toString()).doesNotContain("s3cret").contains("token=[REDACTED]");
    }

    @Test
    void theSourceChecksItsOptions() {
        OtlpIngressOptions invalid = new OtlpIngressOptions(null, null, null, AckMode.ACCEPTED, 1, Duration.ofSeconds(1));

        assertThatThrownBy(() -> new OtlpIngressSource(invalid)).hasMessageContaining("enable at least one");
        assertThat(new OtlpIngressSource(OtlpIngressOptions.builder().build()).getProducedType())
                .isEqualTo(io.github.otelflink.connectors.OtlpMetricsTypeInfo.INSTANCE);
    }
}
