package io.github.otelflink.sink.remotewrite.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.github.otelflink.testing.TestCertificates;
import io.github.otelflink.testing.TestCertificates.KeyFormat;
import io.github.otelflink.testing.TestCertificates.KeyType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.StandardConstants;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.http.nio.ssl.TlsStrategy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real handshakes against the JDK's HTTPS server, which requires a client certificate. */
class TlsStrategyFactoryTest {

  private static final Duration RELOAD = Duration.ofSeconds(10);

  @TempDir Path dir;

  private final AtomicLong nanoTime = new AtomicLong();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable closeable : closeables) {
      closeable.close();
    }
  }

  @ParameterizedTest
  @CsvSource({"RSA, PKCS1", "RSA, PKCS8", "EC, PKCS1", "EC, PKCS8"})
  void mutualTlsWorks(KeyType type, KeyFormat format) throws Exception {
    TestCertificates certs = TestCertificates.generate(dir, type, format);
    TestServer server = start(certs);

    SimpleHttpResponse response = get(client(mtls(certs)), server.uri("localhost"));

    assertThat(response.getCode()).isEqualTo(200);
    assertThat(response.getBodyText()).isEqualTo("CN=" + TestCertificates.CLIENT_COMMON_NAME);
  }

  @Test
  void connectingByIpAddressWorksWithIpSubjectAltName() throws Exception {
    TestCertificates certs = TestCertificates.generate(dir);
    TestServer server = start(certs);

    assertThat(get(client(mtls(certs)), server.uri("127.0.0.1")).getCode()).isEqualTo(200);
  }

  @Test
  void withoutClientCertificateTheServerRejectsTheHandshake() throws Exception {
    TestCertificates certs = TestCertificates.generate(dir);
    TestServer server = start(certs);
    TlsOptions noClientCert = TlsOptions.defaults().withCaFile(certs.caCert().toString());

    assertThatThrownBy(() -> get(client(noClientCert), server.uri("localhost")))
        .isInstanceOf(ExecutionException.class);
    assertThat(server.requests).hasValue(0);
  }

  @Test
  void serverSignedByAnotherCaIsRejected() throws Exception {
    TestCertificates certs = TestCertificates.generate(dir.resolve("real"));
    TestCertificates other = TestCertificates.generate(dir.resolve("other"));
    TestServer server = start(certs);

    assertThatThrownBy(
            () -> get(client(mtls(certs).withCaFile(other.caCert().toString())), server.uri("localhost")))
        .satisfies(TlsStrategyFactoryTest::isSslFailure);
    assertThat(server.requests).hasValue(0);
  }

  @Test
  void jvmDefaultTrustStoreRejectsTestCa() throws Exception {
    TestCertificates certs = TestCertificates.generate(dir);
    TestServer server = start(certs);
    TlsOptions noCa = mtls(certs).withCaFile(null);

    assertThatThrownBy(() -> get(client(noCa), server.uri("localhost")))
        .satisfies(TlsStrategyFactoryTest::isSslFailure);
  }

  @Test
  void hostNameMismatchIsRejected() throws Exception {
    TestCertificates certs =
        TestCertificates.generate(dir).reissueServer(List.of("localhost"), List.of());
    TestServer server = start(certs);

    assertThatThrownBy(() -> get(client(mtls(certs)), server.uri("127.0.0.1")))
        .satisfies(TlsStrategyFactoryTest::isSslFailure);
    assertThat(server.requests).hasValue(0);
  }

  @Test
  void serverNameOverrideIsUsedForVerification() throws Exception {
    TestCertificates certs =
        TestCertificates.generate(dir).reissueServer(List.of("localhost"), List.of());
    TestServer server = start(certs);

    SimpleHttpResponse response =
        get(client(mtls(certs).withServerNameOverride("localhost")), server.uri("127.0.0.1"));

    assertThat(response.getCode()).isEqualTo(200);
  }

  @Test
  void serverNameOverrideIsSentAsSni() throws Exception {
    String name = "remote-write.example.test";
    TestCertificates certs = TestCertificates.generate(dir).reissueServer(List.of(name), List.of());
    TestServer server = start(certs);

    SimpleHttpResponse response =
        get(client(mtls(certs).withServerNameOverride(name)), server.uri("127.0.0.1"));

    assertThat(response.getCode()).isEqualTo(200);
    assertThat(server.sniNames).containsOnly(name);
  }

  @Test
  void insecureSkipVerifyAcceptsUntrustedServerWithWrongName() throws Exception {
    TestCertificates certs =
        TestCertificates.generate(dir).reissueServer(List.of("elsewhere.test"), List.of());
    TestServer server = start(certs);
    TlsOptions insecure = mtls(certs).withCaFile(null).withInsecureSkipVerify(true);

    SimpleHttpResponse response = get(client(insecure), server.uri("127.0.0.1"));

    assertThat(response.getCode()).isEqualTo(200);
    assertThat(response.getBodyText()).isEqualTo("CN=" + TestCertificates.CLIENT_COMMON_NAME);
  }

  @Test
  void minVersionAboveWhatTheServerSupportsFails() throws Exception {
    TestCertificates certs = TestCertificates.generate(dir);
    TestServer server = start(certs, "TLSv1.2");

    assertThat(get(client(mtls(certs)), server.uri("localhost")).getCode()).isEqualTo(200);
    // The server answers with a protocol_version alert, which httpcore reports as a protocol
    // negotiation failure rather than an SSLException, so only check that nothing got through.
    assertThatThrownBy(() -> get(client(mtls(certs).withMinVersion("1.3")), server.uri("localhost")))
        .isInstanceOf(ExecutionException.class);
    assertThat(server.requests).hasValue(1);
  }

  @Test
  void rotatedClientCertificateIsUsedForNewConnections() throws Exception {
    TestCertificates certs = TestCertificates.generate(dir);
    TestServer server = start(certs);
    CloseableHttpAsyncClient client = client(mtls(certs));
    assertThat(get(client, server.uri("localhost")).getBodyText())
        .isEqualTo("CN=" + TestCertificates.CLIENT_COMMON_NAME);

    certs.rotateClient("rotated");
    assertThat(get(client, server.uri("localhost")).getBodyText())
        .as("before the reload interval has passed")
        .isEqualTo("CN=" + TestCertificates.CLIENT_COMMON_NAME);

    nanoTime.addAndGet(RELOAD.toNanos());
    assertThat(get(client, server.uri("localhost")).getBodyText()).isEqualTo("CN=rotated");
    assertThat(server.clientCertificates.get(server.clientCertificates.size() - 1))
        .isEqualTo(certs.loadClientCertificate());
  }

  @Test
  void rotatedCaFileIsUsedForNewConnections() throws Exception {
    TestCertificates certs = TestCertificates.generate(dir.resolve("real"));
    TestCertificates other = TestCertificates.generate(dir.resolve("other"));
    TestServer server = start(certs);
    Path caFile = Files.copy(other.caCert(), dir.resolve("ca-bundle.pem"));
    CloseableHttpAsyncClient client = client(mtls(certs).withCaFile(caFile.toString()));
    assertThatThrownBy(() -> get(client, server.uri("localhost")))
        .satisfies(TlsStrategyFactoryTest::isSslFailure);

    Path tmp = Files.copy(certs.caCert(), dir.resolve("ca-bundle.pem.tmp"));
    Files.move(tmp, caFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    nanoTime.addAndGet(RELOAD.toNanos());

    assertThat(get(client, server.uri("localhost")).getCode()).isEqualTo(200);
  }

  @Test
  void unreadableFilesFailFastNamingTheFile() {
    Path missing = dir.resolve("missing-ca.pem");

    assertThatThrownBy(() -> TlsStrategyFactory.create(TlsOptions.defaults().withCaFile(missing.toString())))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void sslContextCanBeUsedOnItsOwn() throws Exception {
    TestCertificates certs = TestCertificates.generate(dir);
    TestServer server = start(certs);
    SSLContext context = TlsStrategyFactory.createSslContext(mtls(certs));

    HttpsURLConnection connection =
        (HttpsURLConnection) URI.create(server.uri("localhost")).toURL().openConnection();
    connection.setSSLSocketFactory(context.getSocketFactory());
    try (InputStream body = connection.getInputStream()) {
      assertThat(connection.getResponseCode()).isEqualTo(200);
      assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("CN=" + TestCertificates.CLIENT_COMMON_NAME);
    } finally {
      connection.disconnect();
    }
  }

  private TlsOptions mtls(TestCertificates certs) {
    return TlsOptions.defaults()
        .withCaFile(certs.caCert().toString())
        .withClientCertificate(certs.clientCert().toString(), certs.clientKey().toString())
        .withReloadInterval(RELOAD);
  }

  private CloseableHttpAsyncClient client(TlsOptions options) {
    TlsStrategy strategy = TlsStrategyFactory.create(options, nanoTime::get);
    Timeout timeout = Timeout.ofSeconds(10);
    CloseableHttpAsyncClient client =
        HttpAsyncClients.custom()
            .setConnectionManager(
                PoolingAsyncClientConnectionManagerBuilder.create()
                    .setTlsStrategy(strategy)
                    .setDefaultConnectionConfig(
                        ConnectionConfig.custom()
                            .setConnectTimeout(timeout)
                            .setSocketTimeout(timeout)
                            .build())
                    .setDefaultTlsConfig(TlsConfig.custom().setHandshakeTimeout(timeout).build())
                    .build())
            .build();
    closeables.add(() -> client.close(CloseMode.IMMEDIATE));
    client.start();
    return client;
  }

  /** One request on a fresh connection, so each request runs its own handshake. */
  private static SimpleHttpResponse get(CloseableHttpAsyncClient client, String uri)
      throws Exception {
    return client
        .execute(SimpleRequestBuilder.get(uri).addHeader("Connection", "close").build(), null)
        .get(30, TimeUnit.SECONDS);
  }

  private static void isSslFailure(Throwable thrown) {
    List<Throwable> causes = new ArrayList<>();
    for (Throwable t = thrown; t != null && !causes.contains(t); t = t.getCause()) {
      causes.add(t);
    }
    assertThat(causes).as("cause chain of %s", thrown).anyMatch(SSLException.class::isInstance);
  }

  private TestServer start(TestCertificates certs, String... protocols) throws IOException {
    TestServer server = new TestServer(certs.serverSslContext(), protocols);
    closeables.add(server);
    return server;
  }

  /** Answers every request with the subject of the client's certificate. */
  private static final class TestServer implements AutoCloseable {
    final HttpsServer server;
    final AtomicInteger requests = new AtomicInteger();
    final List<String> sniNames = new CopyOnWriteArrayList<>();
    final List<X509Certificate> clientCertificates = new CopyOnWriteArrayList<>();

    TestServer(SSLContext sslContext, String... protocols) throws IOException {
      server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.setHttpsConfigurator(
          new HttpsConfigurator(sslContext) {
            @Override
            public void configure(HttpsParameters params) {
              SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
              parameters.setNeedClientAuth(true);
              if (protocols.length > 0) {
                parameters.setProtocols(protocols);
              }
              parameters.setSNIMatchers(List.of(new RecordingSniMatcher(sniNames)));
              params.setSSLParameters(parameters);
            }
          });
      server.createContext(
          "/",
          exchange -> {
            requests.incrementAndGet();
            X509Certificate peer =
                (X509Certificate) ((HttpsExchange) exchange).getSSLSession().getPeerCertificates()[0];
            clientCertificates.add(peer);
            byte[] body = peer.getSubjectX500Principal().getName().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          });
      server.start();
    }

    String uri(String host) {
      return "https://" + host + ":" + server.getAddress().getPort() + "/";
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  private static final class RecordingSniMatcher extends SNIMatcher {
    private final List<String> names;

    RecordingSniMatcher(List<String> names) {
      super(StandardConstants.SNI_HOST_NAME);
      this.names = names;
    }

    @Override
    public boolean matches(SNIServerName serverName) {
      names.add(new SNIHostName(serverName.getEncoded()).getAsciiName());
      return true;
    }
  }
}
