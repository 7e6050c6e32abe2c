package io.github.otelflink.sink.remotewrite.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads X.509 certificate chains and unencrypted private keys (RSA or EC; PKCS#1, SEC1 or PKCS#8)
 * from PEM, the formats Go's crypto/tls and the OpenTelemetry Collector accept.
 *
 * <p>File access problems are reported as {@link IOException}, bad content as {@link
 * IllegalArgumentException}; both messages name the file.
 */
final class PemFiles {

  private static final SecureRandom RANDOM = new SecureRandom();

  private PemFiles() {}

  /** Reads all certificates of {@code file}, in file order (leaf first for a chain). */
  public static List<X509Certificate> readCertificates(Path file) throws IOException {
    return parseCertificates(read(file), file);
  }

  /** Reads the first private key of {@code file}. */
  public static PrivateKey readPrivateKey(Path file) throws IOException {
    return parsePrivateKey(read(file), file);
  }

  /** Reads {@code file} fully, with a message naming the file if that is impossible. */
  static byte[] read(Path file) throws IOException {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null, "file does not exist");
    } catch (IOException e) {
      throw new IOException("Cannot read " + file + ": " + e, e);
    }
  }

  /** Parses all CERTIFICATE blocks of {@code pem}; other blocks (e.g. a key) are ignored. */
  static List<X509Certificate> parseCertificates(byte[] pem, Path source) {
    List<X509Certificate> certificates = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    for (Object object : parseAll(pem, source)) {
      if (object instanceof X509CertificateHolder holder) {
        try {
          certificates.add(converter.getCertificate(holder));
        } catch (CertificateException e) {
          throw new IllegalArgumentException(
              source + ": invalid certificate " + holder.getSubject() + ": " + e.getMessage(), e);
        }
      }
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException(
          source + ": no certificate found (expected a PEM '-----BEGIN CERTIFICATE-----' block)");
    }
    return certificates;
  }

  /** Parses the first private key of {@code pem}; other blocks (e.g. certificates) are ignored. */
  static PrivateKey parsePrivateKey(byte[] pem, Path source) {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    for (Object object : parseAll(pem, source)) {
      try {
        if (object instanceof PEMKeyPair pair) {
          return converter.getPrivateKey(pair.getPrivateKeyInfo());
        }
        if (object instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
      } catch (IOException e) {
        throw new IllegalArgumentException(
            source + ": unsupported or corrupt private key: " + e.getMessage(), e);
      }
      if (object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair) {
        throw new IllegalArgumentException(
            source
                + ": encrypted private keys are not supported; decrypt it first, e.g. with"
                + " 'openssl pkey -in <encrypted> -out <plain>'");
      }
    }
    throw new IllegalArgumentException(
        source
            + ": no private key found (expected a PEM 'PRIVATE KEY', 'RSA PRIVATE KEY' or"
            + " 'EC PRIVATE KEY' block)");
  }

  /**
   * Fails unless {@code key} is the private key of {@code certificate}, proven by signing and
   * verifying a random challenge, which works for every key type the JDK can sign with.
   */
  static void checkKeyMatchesCertificate(
      PrivateKey key, X509Certificate certificate, Path keyFile, Path certFile) {
    PublicKey publicKey = certificate.getPublicKey();
    if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
      throw new IllegalArgumentException(
          keyFile
              + " holds a "
              + key.getAlgorithm()
              + " key but the certificate in "
              + certFile
              + " has a "
              + publicKey.getAlgorithm()
              + " key");
    }
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "EdDSA", "Ed25519", "Ed448" -> key.getAlgorithm();
          default -> throw new IllegalArgumentException(
              keyFile + ": unsupported private key algorithm " + key.getAlgorithm());
        };
    byte[] challenge = new byte[32];
    RANDOM.nextBytes(challenge);
    boolean matches;
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(challenge);
      matches = verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          keyFile + ": cannot use private key with certificate " + certFile + ": " + e.getMessage(),
          e);
    }
    if (!matches) {
      throw new IllegalArgumentException(
          "The private key in "
              + keyFile
              + " does not match the certificate in "
              + certFile
              + " ("
              + certificate.getSubjectX500Principal().getName()
              + ")");
    }
  }

  private static List<Object> parseAll(byte[] pem, Path source) {
    List<Object> objects = new ArrayList<>();
    try (Reader reader =
            new InputStreamReader(new ByteArrayInputStream(pem), StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        objects.add(object);
      }
    } catch (IOException | RuntimeException e) {
      // PEMParser reports broken base64/ASN.1 (e.g. a half-written file) with various exceptions.
      throw new IllegalArgumentException(source + ": malformed PEM: " + e.getMessage(), e);
    }
    return objects;
  }
}
