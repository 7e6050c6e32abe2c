package io.github.otelflink.job.config;

import java.io.Serializable;
import java.time.Duration;
import javax.annotation.Nullable;

/**
 * TLS for a client connection (the Collector's {@code configtls.ClientConfig}), written as
 * <pre>
 * tls:
 *   ca_file: /etc/ssl/ca/ca.crt          # trust these CAs instead of the JVM's
 *   cert_file: /etc/ssl/certs/tls.crt    # client certificate (mTLS), with key_file
 *   key_file: /etc/ssl/certs/tls.key
 *   insecure_skip_verify: false          # do not verify the server's certificate
 *   min_version: "1.2"                   # default 1.2
 *   server_name_override: prometheus     # name to verify the certificate against (SNI)
 *   reload_interval: 1h                  # re-read the files this often; absent: never
 * </pre>
 *
 * @param caFile PEM CA bundle, or null for the JVM's trust store
 * @param certFile PEM client certificate, or null; set together with {@code keyFile}
 * @param keyFile PEM private key of {@code certFile}, or null
 * @param insecure the Collector's {@code insecure}: plain text instead of TLS; the Collector
 *     applies it to gRPC only, an {@code http://} endpoint is what makes HTTP plain text
 * @param insecureSkipVerify accept any server certificate
 * @param minVersion lowest TLS version, one of {@code 1.0}, {@code 1.1}, {@code 1.2}, {@code 1.3}
 * @param maxVersion highest TLS version, or null for the newest the JVM supports
 * @param serverNameOverride host name for SNI and certificate verification, or null
 * @param reloadInterval how often to re-read the certificate files, or null for never
 */
public record TlsClientConfig(
        @Nullable String caFile,
        @Nullable String certFile,
        @Nullable String keyFile,
        boolean insecure,
        boolean insecureSkipVerify,
        String minVersion,
        @Nullable String maxVersion,
        @Nullable String serverNameOverride,
        @Nullable Duration reloadInterval)
        implements Serializable {

    public static final String DEFAULT_MIN_VERSION = "1.2";

    /** No files, verify the server against the JVM's trust store, TLS 1.2 or newer. */
    public static final TlsClientConfig DEFAULT =
            new TlsClientConfig(null, null, null, false, false, DEFAULT_MIN_VERSION, null, null, null);

    /** True when a client certificate is configured (mTLS). */
    public boolean hasClientCertificate() {
        return certFile != null && keyFile != null;
    }

    /** True when anything differs from {@link #DEFAULT}. */
    public boolean isCustomized() {
        return !equals(DEFAULT);
    }
}
