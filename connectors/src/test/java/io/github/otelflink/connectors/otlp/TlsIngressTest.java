package io.github.otelflink.connectors.otlp;

import io.github.otelflink.testing.PrometheusServer;
import io.github.otelflink.testing.TestCertificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otelflink.connectors.decode.BlueprintPayloads;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS and mutual TLS on both servers, with PEM files as users have them. */
class TlsIngressTest {

    private static final long T = 1_700_000_000_000_000_000L;

    @TempDir
    Path dir;

    private TestCertificates certificates;
    private TestIngress ingress;
    private ManagedChannel channel;

    @BeforeEach
    void createCertificates() {
        // The shared harness's PKI: EC keys, PKCS#8 PEM, a server certificate for 127.0.0.1.
        certificates = TestCertificates.generate(dir.resolve("certs"), TestCertificates.KeyType.EC,
                TestCertificates.KeyFormat.PKCS8);
    }

    /** A client context trusting the CA, presenting the client certificate when {@code withClientCertificate}. */
    private SSLContext clientContext(boolean withClientCertificate) {
        return PrometheusServer.sslContext(withClientCertificate ? certificates.clientCert() : null,
                withClientCertificate ? certificates.clientKey() : null, certificates.caCert());
    }

    @AfterEach
    void stop() throws Exception {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (ingress != null) {
            ingress.close();
        }
    }

    @Test
    void mutualTlsAdmitsOnlyClientsWithACertificateOfTheCa() throws Exception {
        TlsServerOptions tls = TlsServerOptions.of(certificates.serverCert().toString(),
                certificates.serverKey().toString()).withClientCaFile(certificates.caCert().toString());
        ingress = TestIngress.start(TestIngress.localOptions()
                .grpc(OtlpIngressOptions.Grpc.at("127.0.0.1:0").withTls(tls))
                .http(OtlpIngressOptions.Http.at("127.0.0.1:0").withTls(tls))
                .build());

        assertThat(postOverTls(HttpClient.newBuilder().sslContext(clientContext(true)).build()).statusCode())
                .isEqualTo(200);
        assertThatThrownBy(() -> postOverTls(HttpClient.newBuilder().sslContext(clientContext(false)).build()))
                .isInstanceOf(IOException.class);

        channel = NettyChannelBuilder.forAddress("127.0.0.1", ingress.grpcAddress().getPort())
                .sslContext(GrpcSslContexts.forClient()
                        .trustManager(certificates.caCert().toFile())
                        .keyManager(certificates.clientCert().toFile(), certificates.clientKey().toFile())
                        .build())
                .build();
        MetricsServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                .export(HttpIngressTest.gauge("cpu", 1));
        assertThat(ingress.queue.size()).isEqualTo(2);
    }

    @Test
    void grpcWithoutAClientCertificateIsRefused() throws Exception {
        TlsServerOptions tls = TlsServerOptions.of(certificates.serverCert().toString(),
                certificates.serverKey().toString()).withClientCaFile(certificates.caCert().toString());
        ingress = TestIngress.start(TestIngress.localOptions().grpc(OtlpIngressOptions.Grpc.at("127.0.0.1:0").withTls(tls))
                .build());
        channel = NettyChannelBuilder.forAddress("127.0.0.1", ingress.grpcAddress().getPort())
                .sslContext(GrpcSslContexts.forClient().trustManager(certificates.caCert().toFile()).build())
                .build();

        assertThatThrownBy(() -> MetricsServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                        .export(HttpIngressTest.gauge("cpu", 1)))
                .isInstanceOf(StatusRuntimeException.class);
        assertThat(ingress.queue.size()).isZero();
    }

    @Test
    void minVersionOneDotThreeRefusesTlsOneDotTwoClients() throws Exception {
        TlsServerOptions tls = TlsServerOptions.of(certificates.serverCert().toString(),
                certificates.serverKey().toString()).withMinVersion("1.3");
        ingress = TestIngress.start(TestIngress.localOptions().http(OtlpIngressOptions.Http.at("127.0.0.1:0").withTls(tls))
                .build());
        SSLParameters tls12Only = new SSLParameters();
        tls12Only.setProtocols(new String[] {"TLSv1.2"});

        assertThat(postOverTls(HttpClient.newBuilder().sslContext(clientContext(false)).build()).statusCode())
                .isEqualTo(200);
        assertThatThrownBy(() -> postOverTls(HttpClient.newBuilder().sslContext(clientContext(false))
                        .sslParameters(tls12Only).build()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void reportsAMissingKeyFileByName() {
        TlsServerOptions tls = TlsServerOptions.of(certificates.serverCert().toString(), dir.resolve("nope.key").toString());

        assertThatThrownBy(() -> TestIngress.start(TestIngress.localOptions()
                        .http(OtlpIngressOptions.Http.at("127.0.0.1:0").withTls(tls)).build()))
                .hasMessageContaining("nope.key");
    }

    private HttpResponse<byte[]> postOverTls(HttpClient client) throws IOException, InterruptedException {
        URI uri = URI.create("https://127.0.0.1:" + ingress.servers.httpAddress().getPort() + "/v1/metrics");
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(BlueprintPayloads.batch(1, T)[0])).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
