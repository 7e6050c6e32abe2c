package io.github.otelflink.job.config;

import java.io.Serializable;
import java.time.Duration;
import javax.annotation.Nullable;

/**
 * TLS for a listening endpoint (the Collector's {@code configtls.ServerConfig}):
 * <pre>
 * tls:
 *   cert_file: /certs/server.crt     # required
 *   key_file: /certs/server.key      # required
 *   client_ca_file: /certs/ca.crt    # when set, clients must present a certificate it signed
 *   min_version: "1.2"
 * </pre>
 *
 * @param certFile PEM server certificate
 * @param keyFile PEM private key of {@code certFile}
 * @param clientCaFile PEM CA bundle that client certificates must chain to, or null to not
 *     ask for client certificates
 * @param minVersion lowest TLS version, default {@code 1.2}
 * @param maxVersion highest TLS version, or null
 * @param reloadInterval how often to re-read the files, or null for never
 */
public record TlsServerConfig(
        String certFile,
        String keyFile,
        @Nullable String clientCaFile,
        String minVersion,
        @Nullable String maxVersion,
        @Nullable Duration reloadInterval)
        implements Serializable {

    /** True when clients must present a certificate (mTLS). */
    public boolean requiresClientCertificate() {
        return clientCaFile != null;
    }
}
