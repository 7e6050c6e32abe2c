package io.github.otelflink.sink.remotewrite.tls;

import java.net.SocketAddress;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.nio.ssl.TlsStrategy;
import org.apache.hc.core5.net.NamedEndpoint;
import org.apache.hc.core5.reactor.ssl.TransportSecurityLayer;
import org.apache.hc.core5.util.Timeout;

/**
 * Makes the TLS layer see {@code tls.server_name_override} instead of the URL's host. The delegate
 * creates its SSLEngine for, sends SNI for and verifies the certificate against the endpoint name
 * it is given, so replacing that name changes all three, while the connection itself still goes
 * to the URL's address.
 */
final class ServerNameOverrideTlsStrategy implements TlsStrategy {

  private final TlsStrategy delegate;
  private final String serverName;

  ServerNameOverrideTlsStrategy(TlsStrategy delegate, String serverName) {
    this.delegate = delegate;
    this.serverName = serverName;
  }

  @Override
  public void upgrade(
      TransportSecurityLayer tlsSession,
      NamedEndpoint endpoint,
      Object attachment,
      Timeout handshakeTimeout,
      FutureCallback<TransportSecurityLayer> callback) {
    delegate.upgrade(
        tlsSession, new ServerName(serverName, endpoint.getPort()), attachment, handshakeTimeout, callback);
  }

  /** Still called by older connection operators; keeps the delegate's own handling of it. */
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
    HttpHost renamed = new HttpHost(host.getSchemeName(), serverName, host.getPort());
    return delegate.upgrade(
        tlsSession, renamed, localAddress, remoteAddress, attachment, handshakeTimeout);
  }

  private record ServerName(String hostName, int port) implements NamedEndpoint {
    @Override
    public String getHostName() {
      return hostName;
    }

    @Override
    public int getPort() {
      return port;
    }
  }
}
