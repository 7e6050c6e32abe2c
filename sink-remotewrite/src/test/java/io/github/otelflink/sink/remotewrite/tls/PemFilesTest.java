package io.github.otelflink.sink.remotewrite.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otelflink.testing.TestCertificates;
import io.github.otelflink.testing.TestCertificates.KeyFormat;
import io.github.otelflink.testing.TestCertificates.KeyType;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PemFilesTest {

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({
    "RSA, PKCS1, -----BEGIN RSA PRIVATE KEY-----, SHA256withRSA",
    "RSA, PKCS8, -----BEGIN PRIVATE KEY-----, SHA256withRSA",
    "EC, PKCS1, -----BEGIN EC PRIVATE KEY-----, SHA256withECDSA",
    "EC, PKCS8, -----BEGIN PRIVATE KEY-----, SHA256withECDSA",
  })
  void loadsKeysInEveryFormat(KeyType type, KeyFormat format, String header, String algorithm)
      throws Exception {
    TestCertificates certs = TestCertificates.generate(dir, type, format);
    assertThat(Files.readAllLines(certs.clientKey()).get(0)).isEqualTo(header);

    PrivateKey key = PemFiles.readPrivateKey(certs.clientKey());
    List<X509Certificate> chain = PemFiles.readCertificates(certs.clientCert());

    assertThat(key.getAlgorithm()).isEqualTo(type.name());
    assertThat(chain).containsExactly(certs.loadClientCertificate());
    byte[] data = "remote write".getBytes(StandardCharsets.UTF_8);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(data);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(chain.get(0));
    verifier.update(data);
    assertThat(verifier.verify(signature)).isTrue();
    PemFiles.checkKeyMatchesCertificate(key, chain.get(0), certs.clientKey(), certs.clientCert());
  }

  @Test
  void readsWholeChainInFileOrder() throws IOException {
    TestCertificates certs = TestCertificates.generate(dir);
    Path chainFile = dir.resolve("chain.pem");
    Files.write(
        chainFile,
        concat(Files.readAllBytes(certs.clientCert()), Files.readAllBytes(certs.caCert())));

    assertThat(PemFiles.readCertificates(chainFile))
        .containsExactly(certs.loadClientCertificate(), certs.caCertificate());
  }

  @Test
  void keyFileMayAlsoContainTheCertificate() throws IOException {
    TestCertificates certs = TestCertificates.generate(dir, KeyType.EC, KeyFormat.PKCS1);
    Path combined = dir.resolve("combined.pem");
    Files.write(
        combined,
        concat(Files.readAllBytes(certs.clientCert()), Files.readAllBytes(certs.clientKey())));

    assertThat(PemFiles.readPrivateKey(combined))
        .isEqualTo(PemFiles.readPrivateKey(certs.clientKey()));
  }

  @Test
  void missingFileIsNamed() {
    Path missing = dir.resolve("nope.crt");

    assertThatThrownBy(() -> PemFiles.readCertificates(missing))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void fileWithoutCertificateIsNamed() throws IOException {
    Path empty = Files.writeString(dir.resolve("empty.crt"), "");
    TestCertificates certs = TestCertificates.generate(dir.resolve("pki"));

    assertThatThrownBy(() -> PemFiles.readCertificates(empty))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(empty.toString())
        .hasMessageContaining("no certificate found");
    assertThatThrownBy(() -> PemFiles.readCertificates(certs.clientKey()))
        .hasMessageContaining(certs.clientKey().toString())
        .hasMessageContaining("no certificate found");
  }

  @Test
  void fileWithoutKeyIsNamed() {
    TestCertificates certs = TestCertificates.generate(dir);

    assertThatThrownBy(() -> PemFiles.readPrivateKey(certs.clientCert()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(certs.clientCert().toString())
        .hasMessageContaining("no private key found");
  }

  @Test
  void halfWrittenFileIsNamed() throws IOException {
    TestCertificates certs = TestCertificates.generate(dir);
    byte[] key = Files.readAllBytes(certs.clientKey());
    Path truncated = Files.write(dir.resolve("truncated.key"), Arrays.copyOf(key, key.length / 2));

    assertThatThrownBy(() -> PemFiles.readPrivateKey(truncated))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(truncated.toString())
        .hasMessageContaining("malformed PEM");
  }

  @Test
  void corruptBase64IsNamed() throws IOException {
    Path corrupt =
        Files.writeString(
            dir.resolve("corrupt.crt"),
            "-----BEGIN CERTIFICATE-----\nthis is #not base64!\n-----END CERTIFICATE-----\n");

    assertThatThrownBy(() -> PemFiles.readCertificates(corrupt))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(corrupt.toString());
  }

  @Test
  void encryptedKeyIsRejectedWithAHint() throws Exception {
    TestCertificates certs = TestCertificates.generate(dir);
    PrivateKey key = PemFiles.readPrivateKey(certs.clientKey());
    StringWriter pem = new StringWriter();
    try (PemWriter writer = new PemWriter(pem)) {
      writer.writeObject(
          new JcaPKCS8Generator(
              key,
              new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                  // The JDK has no "AES/CBC/PKCS7Padding"; BouncyCastle's provider, used only here.
                  .setProvider(new BouncyCastleProvider())
                  .setPassword("secret".toCharArray())
                  .build()));
    }
    Path encrypted = Files.writeString(dir.resolve("encrypted.key"), pem.toString());
    assertThat(pem.toString()).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");

    assertThatThrownBy(() -> PemFiles.readPrivateKey(encrypted))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(encrypted.toString())
        .hasMessageContaining("encrypted private keys are not supported");
  }

  @Test
  void keyOfAnotherCertificateIsRejected() throws IOException {
    TestCertificates certs = TestCertificates.generate(dir);
    PrivateKey serverKey = PemFiles.readPrivateKey(certs.serverKey());

    assertThatThrownBy(
            () ->
                PemFiles.checkKeyMatchesCertificate(
                    serverKey, certs.loadClientCertificate(), certs.serverKey(), certs.clientCert()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not match")
        .hasMessageContaining(certs.serverKey().toString())
        .hasMessageContaining(certs.clientCert().toString());
  }

  @Test
  void keyOfAnotherAlgorithmIsRejected() throws IOException {
    TestCertificates rsa = TestCertificates.generate(dir.resolve("rsa"));
    TestCertificates ec =
        TestCertificates.generate(dir.resolve("ec"), KeyType.EC, KeyFormat.PKCS8);
    PrivateKey ecKey = PemFiles.readPrivateKey(ec.clientKey());

    assertThatThrownBy(
            () ->
                PemFiles.checkKeyMatchesCertificate(
                    ecKey, rsa.loadClientCertificate(), ec.clientKey(), rsa.clientCert()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("EC key")
        .hasMessageContaining("RSA key")
        .hasMessageContaining(ec.clientKey().toString());
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }
}
