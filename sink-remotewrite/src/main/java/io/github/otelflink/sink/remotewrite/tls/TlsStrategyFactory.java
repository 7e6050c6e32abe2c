package io.github.otelflink.sink.remotewrite.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;
import org.apache.flink.annotation.Internal;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.core5.http.nio.ssl.TlsStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the client TLS setup for the remote-write HTTP client from {@link TlsOptions}: trusted
 * CAs, client certificate for mTLS (both reloaded when their files change), allowed protocol
 * versions, server name override and insecure mode.
 *
 * <p>Both factory methods fail fast: {@link UncheckedIOException} if a configured file cannot be
 * read, {@link IllegalArgumentException} if its content is unusable.
 */
@Internal
public final class TlsStrategyFactory {

  private static final Logger LOG = LoggerFactory.getLogger(TlsStrategyFactory.class);

  /** Warn once per JVM, not once per sink writer. */
  private static final AtomicBoolean INSECURE_WARNING_LOGGED = new AtomicBoolean();

  private TlsStrategyFactory() {}

  /**
   * An async-client {@link TlsStrategy}, e.g. for {@code
   * PoolingAsyncClientConnectionManagerBuilder.setTlsStrategy}. Changed certificate files take
   * effect on new connections; pooled connections keep the identity they were opened with.
   */
  public static TlsStrategy create(TlsOptions options) {
    return create(options, System::nanoTime);
  }

  /**
   * An {@link SSLContext} with the same trust and key material (reloading included) for clients
   * other than httpclient5. Protocol versions, host name verification and the server name override
   * are the caller's job, since they are per-connection settings.
   */
  public static SSLContext createSslContext(TlsOptions options) {
    return context(options, System::nanoTime).sslContext();
  }

  static TlsStrategy create(TlsOptions options, LongSupplier nanoTime) {
    Objects.requireNonNull(options, "options");
    Context context = context(options, nanoTime);
    ClientTlsStrategyBuilder builder =
        ClientTlsStrategyBuilder.create()
            .setSslContext(context.sslContext())
            .setTlsVersions(protocols(options, context.sslContext()));
    if (options.insecureSkipVerify()) {
      builder
          .setHostVerificationPolicy(HostnameVerificationPolicy.CLIENT)
          .setHostnameVerifier(NoopHostnameVerifier.INSTANCE);
    } else {
      // Both JSSE's endpoint identification and httpclient's verifier check the (possibly
      // overridden) host name.
      builder.setHostVerificationPolicy(HostnameVerificationPolicy.BOTH);
    }
    TlsStrategy strategy = builder.buildAsync();
    if (options.serverNameOverride() != null) {
      strategy = new ServerNameOverrideTlsStrategy(strategy, options.serverNameOverride());
    }
    return new RefreshingTlsStrategy(strategy, context.refresh());
  }

  /** The SSLContext plus the action that re-checks its files before a new connection. */
  private record Context(SSLContext sslContext, Runnable refresh) {}

  private static Context context(TlsOptions options, LongSupplier nanoTime) {
    SSLContext sslContext;
    try {
      sslContext = SSLContext.getInstance("TLS");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The JDK provides no TLS implementation", e);
    }
    // A resumed session skips certificate selection and verification, so after any change the
    // cached sessions must go, or new connections would keep presenting/trusting the old files.
    Runnable invalidateSessions = () -> invalidateClientSessions(sslContext);
    try {
      KeyManager[] keyManagers = null;
      ReloadingKeyManager keyManager = null;
      if (options.hasClientCertificate()) {
        keyManager =
            new ReloadingKeyManager(
                Path.of(options.certFile()),
                Path.of(options.keyFile()),
                options.reloadInterval(),
                nanoTime,
                invalidateSessions);
        keyManagers = new KeyManager[] {keyManager};
      }
      TrustManager[] trustManagers = null; // null: the JVM default trust store
      ReloadingTrustManager trustManager = null;
      if (options.insecureSkipVerify()) {
        if (INSECURE_WARNING_LOGGED.compareAndSet(false, true)) {
          LOG.warn(
              "tls.insecure_skip_verify is enabled: server certificates and host names are NOT"
                  + " verified, so the connection is open to man-in-the-middle attacks");
        }
        trustManagers = new TrustManager[] {InsecureTrustManager.INSTANCE};
      } else if (options.caFile() != null) {
        trustManager =
            new ReloadingTrustManager(
                Path.of(options.caFile()), options.reloadInterval(), nanoTime, invalidateSessions);
        trustManagers = new TrustManager[] {trustManager};
      }
      sslContext.init(keyManagers, trustManagers, null);
      ReloadingKeyManager keys = keyManager;
      ReloadingTrustManager trust = trustManager;
      Runnable refresh =
          () -> {
            if (keys != null) {
              keys.refreshIfDue();
            }
            if (trust != null) {
              trust.refreshIfDue();
            }
          };
      return new Context(sslContext, refresh);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read TLS files: " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot initialize TLS: " + e.getMessage(), e);
    }
  }

  private static String[] protocols(TlsOptions options, SSLContext sslContext) {
    List<String> supported =
        Arrays.asList(sslContext.getSupportedSSLParameters().getProtocols());
    String[] protocols =
        options.protocols().stream().filter(supported::contains).toArray(String[]::new);
    if (protocols.length == 0) {
      throw new IllegalArgumentException(
          "tls.min_version " + options.minVersion() + ": this JVM supports only " + supported);
    }
    return protocols;
  }

  private static void invalidateClientSessions(SSLContext sslContext) {
    SSLSessionContext sessions = sslContext.getClientSessionContext();
    for (Enumeration<byte[]> ids = sessions.getIds(); ids.hasMoreElements(); ) {
      SSLSession session = sessions.getSession(ids.nextElement());
      if (session != null) {
        session.invalidate();
      }
    }
  }
}
