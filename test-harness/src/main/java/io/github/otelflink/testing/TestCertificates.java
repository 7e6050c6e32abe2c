package io.github.otelflink.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Generates a throw-away PKI (CA, server and client certificates) as PEM files in a directory, for
 * TLS/mTLS tests against the JDK HTTPS server or a real Prometheus binary.
 *
 * <p>Keys are written either as PKCS#1 ({@code RSA PRIVATE KEY}) / SEC1 ({@code EC PRIVATE KEY}) or
 * as unencrypted PKCS#8 ({@code PRIVATE KEY}); all three are accepted by Go's crypto/tls. Only JCA
 * default providers are used, so no BouncyCastle provider is registered globally.
 */
public final class TestCertificates {

  /** Key algorithm of all generated keys. */
  public enum KeyType {
    /** RSA 2048, signed with SHA256withRSA. */
    RSA,
    /** EC P-256, signed with SHA256withECDSA. */
    EC
  }

  /** PEM encoding of the private key files. */
  public enum KeyFormat {
    /** "BEGIN RSA PRIVATE KEY" for RSA, "BEGIN EC PRIVATE KEY" (SEC1) for EC. */
    PKCS1,
    /** "BEGIN PRIVATE KEY". */
    PKCS8
  }

  public static final String SERVER_COMMON_NAME = "localhost";
  public static final String CLIENT_COMMON_NAME = "otel-flink-test-client";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dir;
  private final KeyType keyType;
  private final KeyFormat keyFormat;
  private final KeyPair caKeyPair;
  private final X509Certificate caCertificate;

  private TestCertificates(Path dir, KeyType keyType, KeyFormat keyFormat) throws Exception {
    this.dir = dir;
    this.keyType = keyType;
    this.keyFormat = keyFormat;
    this.caKeyPair = newKeyPair();
    this.caCertificate = selfSignedCa();
    writeAtomically(caCert(), PemFiles.toPem("CERTIFICATE", caCertificate.getEncoded()));
    writeAtomically(caKey(), privateKeyPem(caKeyPair));
  }

  private static TestCertificates shared;

  /**
   * One EC PKI (CA, server for localhost/127.0.0.1, client; PKCS#8 keys) for the whole test JVM,
   * in a temporary folder removed when the JVM ends: for tests that only need some valid
   * certificates and must not rotate them.
   */
  public static synchronized TestCertificates shared() {
    if (shared == null) {
      try {
        Path dir = Files.createTempDirectory("otel-flink-test-pki");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "delete-test-pki"));
        shared = generate(dir, KeyType.EC, KeyFormat.PKCS8);
      } catch (IOException e) {
        throw new IllegalStateException("Could not create a folder for the test certificates", e);
      }
    }
    return shared;
  }

  private static void deleteTree(Path dir) {
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // best effort: a temporary folder
    }
  }

  /** A PEM file's text. */
  public static String read(Path pemFile) {
    try {
      return Files.readString(pemFile);
    } catch (IOException e) {
      throw new IllegalStateException("Could not read " + pemFile, e);
    }
  }

  /** Generates an RSA 2048 PKI with PKCS#8 keys into {@code dir} (created if missing). */
  public static TestCertificates generate(Path dir) {
    return generate(dir, KeyType.RSA, KeyFormat.PKCS8);
  }

  /** Generates a CA, a server certificate and a client certificate into {@code dir}. */
  public static TestCertificates generate(Path dir, KeyType type, KeyFormat format) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(format, "format");
    try {
      Files.createDirectories(dir);
      TestCertificates certs = new TestCertificates(dir, type, format);
      certs.reissueServer(List.of("localhost"), List.of("127.0.0.1"));
      certs.rotateClient(CLIENT_COMMON_NAME);
      return certs;
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("Could not generate test certificates in " + dir, e);
    }
  }

  public KeyType keyType() {
    return keyType;
  }

  public KeyFormat keyFormat() {
    return keyFormat;
  }

  public Path directory() {
    return dir;
  }

  public Path caCert() {
    return dir.resolve("ca.crt");
  }

  public Path caKey() {
    return dir.resolve("ca.key");
  }

  public Path serverCert() {
    return dir.resolve("server.crt");
  }

  public Path serverKey() {
    return dir.resolve("server.key");
  }

  public Path clientCert() {
    return dir.resolve("client.crt");
  }

  public Path clientKey() {
    return dir.resolve("client.key");
  }

  /**
   * Issues a new client certificate and key (same CA, extendedKeyUsage clientAuth) and atomically
   * replaces {@link #clientCert()} and {@link #clientKey()}. The two files are replaced one after
   * the other, so a concurrent reader may briefly see a new certificate with the old key.
   */
  public TestCertificates rotateClient(String commonName) {
    Objects.requireNonNull(commonName, "commonName");
    issueLeaf(commonName, KeyPurposeId.id_kp_clientAuth, null, clientCert(), clientKey());
    return this;
  }

  /**
   * Issues a new server certificate and key (CN=localhost, extendedKeyUsage serverAuth) with exactly
   * the given subject alternative names, atomically replacing {@link #serverCert()} and {@link
   * #serverKey()}. Useful e.g. for a certificate valid only for DNS:localhost.
   */
  public TestCertificates reissueServer(List<String> dnsNames, List<String> ipAddresses) {
    List<GeneralName> sans = new ArrayList<>();
    dnsNames.forEach(name -> sans.add(new GeneralName(GeneralName.dNSName, name)));
    ipAddresses.forEach(ip -> sans.add(new GeneralName(GeneralName.iPAddress, ip)));
    issueLeaf(
        SERVER_COMMON_NAME,
        KeyPurposeId.id_kp_serverAuth,
        new GeneralNames(sans.toArray(new GeneralName[0])),
        serverCert(),
        serverKey());
    return this;
  }

  /** Reads the current {@link #clientCert()} file. */
  public X509Certificate loadClientCertificate() {
    return PemFiles.loadCertificate(clientCert());
  }

  /** Reads the current {@link #serverCert()} file. */
  public X509Certificate loadServerCertificate() {
    return PemFiles.loadCertificate(serverCert());
  }

  public X509Certificate caCertificate() {
    return caCertificate;
  }

  /**
   * An {@link SSLContext} for a test server: presents the current server certificate and trusts
   * only this CA (for client certificates). Whether client auth is required is up to the caller
   * (e.g. {@code SSLParameters.setNeedClientAuth(true)}).
   */
  public SSLContext serverSslContext() {
    try {
      X509Certificate serverCertificate = loadServerCertificate();
      PrivateKey key = PemFiles.readPrivateKey(serverKey());
      char[] password = "changeit".toCharArray();
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(null, null);
      keyStore.setKeyEntry(
          "server", key, password, new X509Certificate[] {serverCertificate, caCertificate});
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keyStore, password);

      KeyStore trustStore = KeyStore.getInstance("PKCS12");
      trustStore.load(null, null);
      trustStore.setCertificateEntry("ca", caCertificate);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trustStore);

      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), RANDOM);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("Could not build server SSLContext from " + dir, e);
    }
  }

  private void issueLeaf(
      String commonName, KeyPurposeId purpose, GeneralNames sans, Path certFile, Path keyFile) {
    try {
      KeyPair leafKeyPair = newKeyPair();
      Instant now = Instant.now();
      JcaX509ExtensionUtils extensionUtils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              caCertificate,
              newSerial(),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(Duration.ofDays(1))),
              new X500Name("CN=" + commonName),
              leafKeyPair.getPublic());
      int usage =
          keyType == KeyType.RSA
              ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment
              : KeyUsage.digitalSignature;
      builder
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(usage))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
          .addExtension(
              Extension.subjectKeyIdentifier,
              false,
              extensionUtils.createSubjectKeyIdentifier(leafKeyPair.getPublic()))
          .addExtension(
              Extension.authorityKeyIdentifier,
              false,
              extensionUtils.createAuthorityKeyIdentifier(caCertificate));
      if (sans != null) {
        builder.addExtension(Extension.subjectAlternativeName, false, sans);
      }
      X509Certificate certificate = sign(builder);
      // Write both before replacing either, so the window with mismatched files stays tiny.
      Path certTmp = Files.createTempFile(dir, certFile.getFileName().toString(), ".tmp");
      Path keyTmp = Files.createTempFile(dir, keyFile.getFileName().toString(), ".tmp");
      Files.write(certTmp, PemFiles.toPem("CERTIFICATE", certificate.getEncoded()));
      Files.write(keyTmp, privateKeyPem(leafKeyPair));
      Files.move(
          certTmp, certFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      Files.move(
          keyTmp, keyFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write " + certFile + " / " + keyFile, e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("Could not issue certificate CN=" + commonName, e);
    }
  }

  private X509Certificate selfSignedCa() throws Exception {
    Instant now = Instant.now();
    X500Name name = new X500Name("CN=otel-flink-test-ca");
    JcaX509ExtensionUtils extensionUtils = new JcaX509ExtensionUtils();
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
                name,
                newSerial(),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(1))),
                name,
                caKeyPair.getPublic())
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
            .addExtension(
                Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
            .addExtension(
                Extension.subjectKeyIdentifier,
                false,
                extensionUtils.createSubjectKeyIdentifier(caKeyPair.getPublic()));
    return sign(builder);
  }

  private X509Certificate sign(X509v3CertificateBuilder builder)
      throws OperatorCreationException, GeneralSecurityException {
    String algorithm = keyType == KeyType.RSA ? "SHA256withRSA" : "SHA256withECDSA";
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(new JcaContentSignerBuilder(algorithm).build(caKeyPair.getPrivate())));
  }

  private KeyPair newKeyPair() throws GeneralSecurityException {
    if (keyType == KeyType.RSA) {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048, RANDOM);
      return generator.generateKeyPair();
    }
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return generator.generateKeyPair();
  }

  private byte[] privateKeyPem(KeyPair keyPair) throws IOException {
    byte[] pkcs8 = keyPair.getPrivate().getEncoded();
    if (keyFormat == KeyFormat.PKCS8) {
      return PemFiles.toPem("PRIVATE KEY", pkcs8);
    }
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(pkcs8);
    if (keyType == KeyType.RSA) {
      // The PKCS#8 payload of an RSA key is exactly the PKCS#1 RSAPrivateKey structure.
      return PemFiles.toPem("RSA PRIVATE KEY", info.parsePrivateKey().toASN1Primitive().getEncoded());
    }
    // The JDK's PKCS#8 encoding keeps the curve only in the outer AlgorithmIdentifier, but a
    // standalone SEC1 key must carry it itself (Go and OpenSSL reject it otherwise).
    ASN1ObjectIdentifier curve =
        ASN1ObjectIdentifier.getInstance(info.getPrivateKeyAlgorithm().getParameters());
    SubjectPublicKeyInfo publicKeyInfo =
        SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded());
    org.bouncycastle.asn1.sec.ECPrivateKey sec1 =
        new org.bouncycastle.asn1.sec.ECPrivateKey(
            256,
            ((ECPrivateKey) keyPair.getPrivate()).getS(),
            publicKeyInfo.getPublicKeyData(),
            curve);
    return PemFiles.toPem("EC PRIVATE KEY", sec1.getEncoded());
  }

  private void writeAtomically(Path target, byte[] content) throws IOException {
    Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
    Files.write(tmp, content);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static BigInteger newSerial() {
    // Positive and unique per certificate; Go rejects negative serial numbers.
    return new BigInteger(64, RANDOM).add(BigInteger.ONE);
  }
}
