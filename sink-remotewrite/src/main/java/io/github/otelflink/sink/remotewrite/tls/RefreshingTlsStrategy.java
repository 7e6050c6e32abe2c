package io.github.otelflink.sink.remotewrite.tls;

import java.net.SocketAddress;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.nio.ssl.TlsStrategy;
import org.apache.hc.core5.net.NamedEndpoint;
import org.apache.hc.core5.reactor.ssl.TransportSecurityLayer;
import org.apache.hc.core5.util.Timeout;

/**
 * Checks the certificate files before every new TLS connection. The key and trust managers also
 * check on their own, but only during full handshakes; checking here as well lets a change
 * invalidate cached TLS sessions before a resumed handshake could keep using the old identity.
 */
final class RefreshingTlsStrategy implements TlsStrategy {

  private final TlsStrategy delegate;
  private final Runnable refresh;

  RefreshingTlsStrategy(TlsStrategy delegate, Runnable refresh) {
    this.delegate = delegate;
    this.refresh = refresh;
  }

  @Override
  public void upgrade(
      TransportSecurityLayer tlsSession,
      NamedEndpoint endpoint,
      Object attachment,
      Timeout handshakeTimeout,
      FutureCallback<TransportSecurityLayer> callback) {
    refresh.run();
    delegate.upgrade(tlsSession, endpoint, attachment, handshakeTimeout, callback);
  }

  @Override
  @Deprecated
  @SuppressWarnings("deprecation")
  public boolean upgrade(
      TransportSecurityLayer tlsSession,
      HttpHost host,
      SocketAddress localAddress,
      SocketAddress remoteAddress,
      Object attachment,
      Timeout handshakeTimeout) {
    refresh.run();
    return delegate.upgrade(
        tlsSession, host, localAddress, remoteAddress, attachment, handshakeTimeout);
  }
}
