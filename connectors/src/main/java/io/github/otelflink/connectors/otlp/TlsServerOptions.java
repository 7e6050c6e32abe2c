package io.github.otelflink.connectors.otlp;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.annotation.Nullable;

/**
 * TLS for a listening endpoint, as the Collector's {@code configtls.ServerConfig}: a PEM
 * certificate chain and its private key (PKCS#1, PKCS#8 or SEC1, unencrypted), and optionally
 * a PEM CA bundle that client certificates must chain to (mutual TLS). The files are read when
 * the servers start, on the task manager.
 *
 * @param certFile PEM server certificate chain, leaf first
 * @param keyFile PEM private key of {@code certFile}
 * @param clientCaFile PEM CA bundle; when set clients must present a certificate it signed
 * @param minVersion lowest TLS version accepted, {@code "1.2"} (default) or {@code "1.3"}
 */
public record TlsServerOptions(String certFile, String keyFile, @Nullable String clientCaFile, String minVersion)
        implements Serializable {

    public static final String DEFAULT_MIN_VERSION = "1.2";

    public TlsServerOptions {
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
        Objects.requireNonNull(minVersion, "minVersion");
    }

    /** Server TLS with {@code certFile} and {@code keyFile}, TLS 1.2 or newer, no client certificates. */
    public static TlsServerOptions of(String certFile, String keyFile) {
        return new TlsServerOptions(certFile, keyFile, null, DEFAULT_MIN_VERSION);
    }

    /** These options, with clients required to present a certificate signed by {@code clientCaFile}. */
    public TlsServerOptions withClientCaFile(String clientCaFile) {
        return new TlsServerOptions(certFile, keyFile, clientCaFile, minVersion);
    }

    /** These options with another lowest TLS version. */
    public TlsServerOptions withMinVersion(String minVersion) {
        return new TlsServerOptions(certFile, keyFile, clientCaFile, minVersion);
    }

    /** The JDK protocol names enabled, newest first. */
    List<String> protocols() {
        List<String> protocols = new ArrayList<>(List.of("TLSv1.3"));
        if (minVersion.equals("1.2")) {
            protocols.add("TLSv1.2");
        }
        return protocols;
    }

    void validate(String name, List<String> errors) {
        if (certFile.isBlank()) {
            errors.add(name + ".certFile: must not be empty");
        }
        if (keyFile.isBlank()) {
            errors.add(name + ".keyFile: must not be empty");
        }
        if (!minVersion.equals("1.2") && !minVersion.equals("1.3")) {
            errors.add(name + ".minVersion: expected \"1.2\" or \"1.3\", got \"" + minVersion + "\"");
        }
    }
}
