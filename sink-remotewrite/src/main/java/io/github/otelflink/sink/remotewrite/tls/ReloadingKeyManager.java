package io.github.otelflink.sink.remotewrite.tls;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client-side key manager presenting the certificate chain and key from two PEM files, re-read when
 * they change so that rotated client certificates are used for new handshakes without a restart.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {

  private static final Logger LOG = LoggerFactory.getLogger(ReloadingKeyManager.class);

  /** One loaded certificate/key pair; the alias changes with every reload. */
  private record KeyMaterial(
      String alias, X509Certificate[] chain, PrivateKey key, AtomicBoolean issuerWarningLogged) {}

  private final AtomicLong generation = new AtomicLong();
  private final ReloadingMaterial<KeyMaterial> material;
  // JSSE asks for the alias first and for chain and key later; a handshake that chose an alias
  // just before a reload must still get matching chain and key, so keep the previous pair too.
  private volatile KeyMaterial previous;

  ReloadingKeyManager(Path certFile, Path keyFile, Duration reloadInterval) throws IOException {
    this(certFile, keyFile, reloadInterval, System::nanoTime, () -> {});
  }

  ReloadingKeyManager(
      Path certFile,
      Path keyFile,
      Duration reloadInterval,
      LongSupplier nanoTime,
      Runnable onChange)
      throws IOException {
    this.material =
        new ReloadingMaterial<>(
            "client certificate",
            List.of(certFile, keyFile),
            contents -> parse(contents, certFile, keyFile),
            reloadInterval,
            nanoTime,
            onChange);
    this.previous = material.peek();
  }

  /** Re-reads the files if the reload interval has passed; returns whether they changed. */
  boolean refreshIfDue() {
    KeyMaterial before = material.peek();
    boolean changed = material.refreshIfDue();
    if (changed) {
      previous = before;
    }
    return changed;
  }

  /** The certificate currently presented, for logging and tests. */
  X509Certificate certificate() {
    return material.peek().chain()[0];
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    return chooseAlias(keyTypes, issuers);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
    return chooseAlias(keyTypes, issuers);
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    String alias = chooseAlias(new String[] {keyType}, issuers);
    return alias == null ? null : new String[] {alias};
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return null; // client side only
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return null;
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return null;
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    KeyMaterial keyMaterial = byAlias(alias);
    return keyMaterial == null ? null : keyMaterial.chain().clone();
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    KeyMaterial keyMaterial = byAlias(alias);
    return keyMaterial == null ? null : keyMaterial.key();
  }

  private String chooseAlias(String[] keyTypes, Principal[] issuers) {
    refreshIfDue();
    KeyMaterial current = material.peek();
    String algorithm = current.key().getAlgorithm();
    if (keyTypes != null
        && Arrays.stream(keyTypes)
            .noneMatch(type -> type.equals(algorithm) || type.startsWith(algorithm + "_"))) {
      return null;
    }
    // Like Go's crypto/tls, send nothing if the server names acceptable CAs and none issued ours.
    if (issuers != null && issuers.length > 0 && !issuedByAny(current.chain(), issuers)) {
      if (current.issuerWarningLogged().compareAndSet(false, true)) {
        LOG.warn(
            "Not sending client certificate {}: the server only accepts certificates issued by {}",
            current.chain()[0].getSubjectX500Principal(),
            Arrays.toString(issuers));
      }
      return null;
    }
    return current.alias();
  }

  private KeyMaterial byAlias(String alias) {
    KeyMaterial current = material.peek();
    if (current.alias().equals(alias)) {
      return current;
    }
    KeyMaterial before = previous;
    return before.alias().equals(alias) ? before : null;
  }

  private static boolean issuedByAny(X509Certificate[] chain, Principal[] issuers) {
    for (X509Certificate certificate : chain) {
      for (Principal issuer : issuers) {
        if (issuer.equals(certificate.getIssuerX500Principal())
            || issuer.equals(certificate.getSubjectX500Principal())) {
          return true;
        }
      }
    }
    return false;
  }

  private KeyMaterial parse(List<byte[]> contents, Path certFile, Path keyFile) {
    List<X509Certificate> chain = PemFiles.parseCertificates(contents.get(0), certFile);
    PrivateKey key = PemFiles.parsePrivateKey(contents.get(1), keyFile);
    X509Certificate leaf = chain.get(0);
    PemFiles.checkKeyMatchesCertificate(key, leaf, keyFile, certFile);
    if (leaf.getNotAfter().toInstant().isBefore(Instant.now())) {
      // Still load it: the server has the final word, and the file may be replaced soon.
      LOG.warn(
          "Client certificate {} in {} expired at {}",
          leaf.getSubjectX500Principal(),
          certFile,
          leaf.getNotAfter().toInstant());
    }
    return new KeyMaterial(
        "client-" + generation.incrementAndGet(),
        chain.toArray(new X509Certificate[0]),
        key,
        new AtomicBoolean());
  }
}
