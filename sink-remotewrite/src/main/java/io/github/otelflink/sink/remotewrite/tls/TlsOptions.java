package io.github.otelflink.sink.remotewrite.tls;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import javax.annotation.Nullable;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Client TLS settings of the remote-write endpoint, mirroring the OpenTelemetry Collector's {@code
 * tls} block. Blank strings are treated as unset; a {@code null}/blank {@code minVersion} means
 * {@code "1.2"}.
 *
 * @param caFile PEM file with the CA certificate(s) that sign the server certificate ({@code
 *     tls.ca_file}); {@code null} means the JVM default trust store
 * @param certFile PEM client certificate (chain, leaf first) for mTLS ({@code tls.cert_file})
 * @param keyFile PEM private key of {@code certFile}, PKCS#1, SEC1 or PKCS#8, unencrypted ({@code
 *     tls.key_file})
 * @param serverNameOverride host name used for SNI and certificate verification instead of the
 *     URL's host ({@code tls.server_name_override})
 * @param insecureSkipVerify accept any server certificate and skip host name verification ({@code
 *     tls.insecure_skip_verify}); for tests only
 * @param minVersion lowest TLS version offered: "1.0", "1.1", "1.2" or "1.3" ({@code
 *     tls.min_version}); note that the JDK disables 1.0 and 1.1 by default regardless
 * @param reloadInterval how often the files are checked for changes, so rotated certificates are
 *     picked up without a restart ({@code tls.reload_interval})
 */
@PublicEvolving
public record TlsOptions(
    @Nullable String caFile,
    @Nullable String certFile,
    @Nullable String keyFile,
    @Nullable String serverNameOverride,
    boolean insecureSkipVerify,
    String minVersion,
    Duration reloadInterval)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Allowed values of {@code tls.min_version}, oldest first. */
  static final List<String> VERSIONS = List.of("1.0", "1.1", "1.2", "1.3");

  public static final String DEFAULT_MIN_VERSION = "1.2";

  /** Checking means hashing a few small files, so a short interval is cheap. */
  public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(10);

  public TlsOptions {
    caFile = blankToNull(caFile);
    certFile = blankToNull(certFile);
    keyFile = blankToNull(keyFile);
    serverNameOverride = blankToNull(serverNameOverride);
    minVersion = minVersion == null || minVersion.isBlank() ? DEFAULT_MIN_VERSION : minVersion.trim();
    if (certFile != null && keyFile == null) {
      throw new IllegalArgumentException(
          "tls.key_file must be set when tls.cert_file is set (" + certFile + ")");
    }
    if (keyFile != null && certFile == null) {
      throw new IllegalArgumentException(
          "tls.cert_file must be set when tls.key_file is set (" + keyFile + ")");
    }
    if (!VERSIONS.contains(minVersion)) {
      throw new IllegalArgumentException(
          "tls.min_version must be one of " + VERSIONS + " but was '" + minVersion + "'");
    }
    if (reloadInterval == null || reloadInterval.isNegative() || reloadInterval.isZero()) {
      throw new IllegalArgumentException(
          "tls.reload_interval must be positive but was " + reloadInterval);
    }
  }

  /** No files, JVM default trust store, TLS 1.2+, reload check every 10 seconds. */
  public static TlsOptions defaults() {
    return new TlsOptions(null, null, null, null, false, DEFAULT_MIN_VERSION, DEFAULT_RELOAD_INTERVAL);
  }

  public TlsOptions withCaFile(@Nullable String caFile) {
    return new TlsOptions(
        caFile, certFile, keyFile, serverNameOverride, insecureSkipVerify, minVersion, reloadInterval);
  }

  /** Sets certificate and key together, since one without the other is invalid. */
  public TlsOptions withClientCertificate(@Nullable String certFile, @Nullable String keyFile) {
    return new TlsOptions(
        caFile, certFile, keyFile, serverNameOverride, insecureSkipVerify, minVersion, reloadInterval);
  }

  public TlsOptions withServerNameOverride(@Nullable String serverNameOverride) {
    return new TlsOptions(
        caFile, certFile, keyFile, serverNameOverride, insecureSkipVerify, minVersion, reloadInterval);
  }

  public TlsOptions withInsecureSkipVerify(boolean insecureSkipVerify) {
    return new TlsOptions(
        caFile, certFile, keyFile, serverNameOverride, insecureSkipVerify, minVersion, reloadInterval);
  }

  public TlsOptions withMinVersion(String minVersion) {
    return new TlsOptions(
        caFile, certFile, keyFile, serverNameOverride, insecureSkipVerify, minVersion, reloadInterval);
  }

  public TlsOptions withReloadInterval(Duration reloadInterval) {
    return new TlsOptions(
        caFile, certFile, keyFile, serverNameOverride, insecureSkipVerify, minVersion, reloadInterval);
  }

  /** Whether a client certificate is configured (mTLS). */
  public boolean hasClientCertificate() {
    return certFile != null;
  }

  /** JSSE protocol names from {@link #minVersion()} up to TLSv1.3, oldest first. */
  List<String> protocols() {
    List<String> names = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
    return names.subList(VERSIONS.indexOf(minVersion), names.size());
  }

  @Nullable
  private static String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
