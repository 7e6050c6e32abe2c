package io.github.otelflink.sink.remotewrite.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otelflink.testing.TestCertificates;
import io.github.otelflink.testing.TestCertificates.KeyFormat;
import io.github.otelflink.testing.TestCertificates.KeyType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadingKeyManagerTest {

  private static final Duration INTERVAL = Duration.ofSeconds(10);
  private static final String[] RSA = {"RSA"};

  @TempDir Path dir;

  private final AtomicLong nanoTime = new AtomicLong(1_000);
  private final AtomicInteger changes = new AtomicInteger();
  private TestCertificates certs;
  private ReloadingKeyManager keyManager;

  @BeforeEach
  void setUp() throws Exception {
    certs = TestCertificates.generate(dir);
    keyManager =
        new ReloadingKeyManager(
            certs.clientCert(), certs.clientKey(), INTERVAL, nanoTime::get, changes::incrementAndGet);
  }

  @Test
  void presentsTheConfiguredCertificate() {
    String alias = keyManager.chooseEngineClientAlias(RSA, null, null);

    assertThat(keyManager.getCertificateChain(alias)).containsExactly(certs.loadClientCertificate());
    assertThat(keyManager.getPrivateKey(alias).getAlgorithm()).isEqualTo("RSA");
    assertThat(keyManager.chooseEngineServerAlias("RSA", null, null)).isNull();
  }

  @Test
  void offersNothingForOtherKeyTypes() {
    assertThat(keyManager.chooseEngineClientAlias(new String[] {"EC"}, null, null)).isNull();
  }

  @Test
  void offersNothingWhenServerAcceptsOtherIssuersOnly() {
    X500Principal otherCa = new X500Principal("CN=some other CA");
    X500Principal ourCa = certs.caCertificate().getSubjectX500Principal();

    assertThat(keyManager.chooseEngineClientAlias(RSA, new X500Principal[] {otherCa}, null))
        .isNull();
    assertThat(keyManager.chooseEngineClientAlias(RSA, new X500Principal[] {otherCa, ourCa}, null))
        .isNotNull();
  }

  @Test
  void picksUpRotatedCertificateOnlyAfterTheInterval() {
    certs.rotateClient("rotated");

    nanoTime.addAndGet(INTERVAL.toNanos() - 1);
    assertThat(commonName(currentChain()[0])).isEqualTo(TestCertificates.CLIENT_COMMON_NAME);
    assertThat(changes).hasValue(0);

    nanoTime.addAndGet(1);
    assertThat(commonName(currentChain()[0])).isEqualTo("rotated");
    assertThat(currentChain()[0]).isEqualTo(certs.loadClientCertificate());
    assertThat(changes).hasValue(1);
  }

  @Test
  void unchangedFilesAreNotReparsed() {
    nanoTime.addAndGet(INTERVAL.toNanos());

    assertThat(keyManager.refreshIfDue()).isFalse();
    assertThat(changes).hasValue(0);
  }

  @Test
  void keepsOldMaterialWhileFilesAreBrokenOrMismatched() throws Exception {
    X509Certificate original = currentChain()[0];
    byte[] newKeyHalf = Files.readAllBytes(certs.serverKey());
    Files.write(certs.clientKey(), Arrays.copyOf(newKeyHalf, newKeyHalf.length / 2));
    nanoTime.addAndGet(INTERVAL.toNanos());
    assertThat(currentChain()[0]).isEqualTo(original);

    Files.write(certs.clientKey(), newKeyHalf); // complete, but the server's key
    nanoTime.addAndGet(INTERVAL.toNanos());
    assertThat(currentChain()[0]).isEqualTo(original);

    Files.delete(certs.clientKey());
    nanoTime.addAndGet(INTERVAL.toNanos());
    assertThat(currentChain()[0]).isEqualTo(original);
    assertThat(changes).hasValue(0);

    certs.rotateClient("repaired");
    nanoTime.addAndGet(INTERVAL.toNanos());
    assertThat(commonName(currentChain()[0])).isEqualTo("repaired");
    assertThat(changes).hasValue(1);
  }

  @Test
  void aliasChosenBeforeAReloadStillResolvesToMatchingChainAndKey() {
    String before = keyManager.chooseEngineClientAlias(RSA, null, null);
    X509Certificate original = keyManager.getCertificateChain(before)[0];

    certs.rotateClient("rotated");
    nanoTime.addAndGet(INTERVAL.toNanos());
    String after = keyManager.chooseEngineClientAlias(RSA, null, null);

    assertThat(after).isNotEqualTo(before);
    assertThat(keyManager.getCertificateChain(before)[0]).isEqualTo(original);
    assertThat(keyManager.getPrivateKey(before)).isNotEqualTo(keyManager.getPrivateKey(after));
    assertThat(commonName(keyManager.getCertificateChain(after)[0])).isEqualTo("rotated");
  }

  @Test
  void mismatchedFilesFailAtStartupNamingBoth() {
    assertThatThrownBy(
            () -> new ReloadingKeyManager(certs.clientCert(), certs.serverKey(), INTERVAL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(certs.clientCert().toString())
        .hasMessageContaining(certs.serverKey().toString());
  }

  @Test
  void supportsEcKeys() throws Exception {
    TestCertificates ec = TestCertificates.generate(dir.resolve("ec"), KeyType.EC, KeyFormat.PKCS1);
    ReloadingKeyManager ecKeyManager =
        new ReloadingKeyManager(ec.clientCert(), ec.clientKey(), INTERVAL);

    String alias = ecKeyManager.chooseEngineClientAlias(new String[] {"RSA", "EC"}, null, null);

    assertThat(ecKeyManager.getCertificateChain(alias)).containsExactly(ec.loadClientCertificate());
  }

  private X509Certificate[] currentChain() {
    return keyManager.getCertificateChain(keyManager.chooseEngineClientAlias(RSA, null, null));
  }

  private static String commonName(X509Certificate certificate) {
    return certificate.getSubjectX500Principal().getName().replaceFirst("^CN=", "");
  }
}
