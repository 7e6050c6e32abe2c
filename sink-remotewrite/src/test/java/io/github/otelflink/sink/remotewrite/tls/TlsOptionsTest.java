package io.github.otelflink.sink.remotewrite.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TlsOptionsTest {

  @Test
  void defaultsUseJvmTrustStoreAndTls12() {
    TlsOptions options = TlsOptions.defaults();

    assertThat(options.caFile()).isNull();
    assertThat(options.certFile()).isNull();
    assertThat(options.keyFile()).isNull();
    assertThat(options.serverNameOverride()).isNull();
    assertThat(options.insecureSkipVerify()).isFalse();
    assertThat(options.minVersion()).isEqualTo("1.2");
    assertThat(options.reloadInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(options.hasClientCertificate()).isFalse();
    assertThat(options.protocols()).containsExactly("TLSv1.2", "TLSv1.3");
  }

  @Test
  void certificateWithoutKeyIsRejected() {
    assertThatThrownBy(() -> TlsOptions.defaults().withClientCertificate("client.crt", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tls.key_file")
        .hasMessageContaining("tls.cert_file")
        .hasMessageContaining("client.crt");
  }

  @Test
  void keyWithoutCertificateIsRejected() {
    assertThatThrownBy(() -> TlsOptions.defaults().withClientCertificate("  ", "client.key"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("tls.cert_file must be set")
        .hasMessageContaining("client.key");
  }

  @Test
  void unknownMinVersionIsRejected() {
    assertThatThrownBy(() -> TlsOptions.defaults().withMinVersion("1.4"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tls.min_version")
        .hasMessageContaining("'1.4'");
    assertThatThrownBy(() -> TlsOptions.defaults().withMinVersion("TLSv1.2"))
        .hasMessageContaining("tls.min_version");
  }

  @Test
  void reloadIntervalMustBePositive() {
    for (Duration invalid : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1), null}) {
      assertThatThrownBy(() -> TlsOptions.defaults().withReloadInterval(invalid))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("tls.reload_interval");
    }
  }

  @Test
  void blankValuesMeanUnset() {
    TlsOptions options = new TlsOptions(" ", "", null, "\t", false, " ", Duration.ofSeconds(1));

    assertThat(options.caFile()).isNull();
    assertThat(options.certFile()).isNull();
    assertThat(options.serverNameOverride()).isNull();
    assertThat(options.minVersion()).isEqualTo("1.2");
  }

  @Test
  void protocolsRangeFromMinVersionToTls13() {
    assertThat(TlsOptions.defaults().withMinVersion("1.0").protocols())
        .containsExactly("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
    assertThat(TlsOptions.defaults().withMinVersion("1.3").protocols()).containsExactly("TLSv1.3");
  }

  @Test
  void withMethodsChangeOnlyTheirField() {
    TlsOptions options =
        TlsOptions.defaults()
            .withCaFile("ca.crt")
            .withClientCertificate("client.crt", "client.key")
            .withServerNameOverride("prometheus.internal")
            .withInsecureSkipVerify(true)
            .withMinVersion("1.3")
            .withReloadInterval(Duration.ofMinutes(1));

    assertThat(options)
        .isEqualTo(
            new TlsOptions(
                "ca.crt",
                "client.crt",
                "client.key",
                "prometheus.internal",
                true,
                "1.3",
                Duration.ofMinutes(1)));
    assertThat(options.hasClientCertificate()).isTrue();
  }

  @Test
  void survivesJavaSerialization() throws Exception {
    // Flink ships the sink configuration to the task managers with Java serialization.
    TlsOptions options = TlsOptions.defaults().withCaFile("ca.crt");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(options);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isEqualTo(options);
    }
  }
}
