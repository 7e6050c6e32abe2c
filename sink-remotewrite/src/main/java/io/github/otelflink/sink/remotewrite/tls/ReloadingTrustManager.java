package io.github.otelflink.sink.remotewrite.tls;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trust manager that trusts exactly the CA certificates of a PEM file, re-read when it changes so
 * that a rotated CA bundle is used for new handshakes without a restart. Validation (PKIX path
 * building and, when JSSE asks for it, host name checks) is delegated to the JDK's trust manager.
 */
final class ReloadingTrustManager extends X509ExtendedTrustManager {

  private final ReloadingMaterial<X509ExtendedTrustManager> delegate;

  ReloadingTrustManager(Path caFile, Duration reloadInterval) throws IOException {
    this(caFile, reloadInterval, System::nanoTime, () -> {});
  }

  ReloadingTrustManager(
      Path caFile, Duration reloadInterval, LongSupplier nanoTime, Runnable onChange)
      throws IOException {
    this.delegate =
        new ReloadingMaterial<>(
            "CA certificates",
            List.of(caFile),
            contents -> trustManagerFor(PemFiles.parseCertificates(contents.get(0), caFile), caFile),
            reloadInterval,
            nanoTime,
            onChange);
  }

  /** Re-reads the CA file if the reload interval has passed; returns whether it changed. */
  boolean refreshIfDue() {
    return delegate.refreshIfDue();
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    delegate.get().checkClientTrusted(chain, authType, socket);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    delegate.get().checkServerTrusted(chain, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    delegate.get().checkClientTrusted(chain, authType, engine);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    delegate.get().checkServerTrusted(chain, authType, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    delegate.get().checkClientTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    delegate.get().checkServerTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return delegate.get().getAcceptedIssuers();
  }

  private static X509ExtendedTrustManager trustManagerFor(
      List<X509Certificate> caCertificates, Path caFile) {
    try {
      KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
      trustStore.load(null, null);
      for (int i = 0; i < caCertificates.size(); i++) {
        trustStore.setCertificateEntry("ca-" + i, caCertificates.get(i));
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trustStore);
      for (TrustManager trustManager : factory.getTrustManagers()) {
        if (trustManager instanceof X509ExtendedTrustManager x509) {
          return x509;
        }
      }
      throw new IllegalStateException("The JDK provides no X509ExtendedTrustManager");
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(
          caFile + ": cannot build a trust store from its certificates: " + e.getMessage(), e);
    }
  }
}
