package io.github.otelflink.job.config;

import java.time.Duration;
import java.util.List;
import javax.annotation.Nullable;

/** Reads {@code tls} sections; shared by the components that connect or listen. */
public final class TlsConfigParser {

    private static final List<String> VERSIONS = List.of("1.0", "1.1", "1.2", "1.3");

    /**
     * What a listening endpoint can offer: the OTLP ingress serves TLS 1.2 and 1.3 only (the
     * JDK's TLS 1.0/1.1 are disabled), so an older {@code min_version} is refused here, with its
     * key path, rather than when the servers are built.
     */
    private static final List<String> SERVER_MIN_VERSIONS = List.of("1.2", "1.3");

    private TlsConfigParser() {}

    /** Reads a client {@code tls} map; absent gives {@link TlsClientConfig#DEFAULT}. */
    public static TlsClientConfig client(ConfigNode tls) {
        String caFile = tls.optionalString("ca_file");
        String certFile = tls.optionalString("cert_file");
        String keyFile = tls.optionalString("key_file");
        boolean insecure = tls.bool("insecure", false);
        boolean insecureSkipVerify = tls.bool("insecure_skip_verify", false);
        String minVersion = version(tls, "min_version", TlsClientConfig.DEFAULT_MIN_VERSION);
        String maxVersion = version(tls, "max_version", null);
        String serverName = tls.optionalString("server_name_override");
        Duration reloadInterval = tls.optionalDuration("reload_interval");
        if ((certFile == null) != (keyFile == null)) {
            tls.error("set both cert_file and key_file, or neither");
        }
        checkOrder(tls, minVersion, maxVersion);
        tls.finish();
        return new TlsClientConfig(caFile, certFile, keyFile, insecure, insecureSkipVerify,
                minVersion, maxVersion, serverName, reloadInterval);
    }

    /** Reads a server {@code tls} map, which must name a certificate and key; null when absent. */
    @Nullable
    public static TlsServerConfig server(ConfigNode tls) {
        if (!tls.isPresent()) {
            return null;
        }
        String certFile = tls.requiredString("cert_file");
        String keyFile = tls.requiredString("key_file");
        String clientCaFile = tls.optionalString("client_ca_file");
        String minVersion = version(tls, "min_version", TlsClientConfig.DEFAULT_MIN_VERSION);
        if (!SERVER_MIN_VERSIONS.contains(minVersion)) {
            tls.error("min_version", "expected \"1.2\" or \"1.3\" (the OTLP ingress serves TLS 1.2 and newer), got "
                    + ConfigNode.quote(minVersion));
            minVersion = TlsClientConfig.DEFAULT_MIN_VERSION;
        }
        String maxVersion = version(tls, "max_version", null);
        Duration reloadInterval = tls.optionalDuration("reload_interval");
        checkOrder(tls, minVersion, maxVersion);
        tls.finish();
        if (certFile == null || keyFile == null) {
            return null;
        }
        return new TlsServerConfig(certFile, keyFile, clientCaFile, minVersion, maxVersion, reloadInterval);
    }

    @Nullable
    private static String version(ConfigNode tls, String key, @Nullable String defaultValue) {
        String version = tls.optionalString(key);
        if (version == null) {
            return defaultValue;
        }
        if (!VERSIONS.contains(version)) {
            tls.error(key, "expected one of \"1.0\", \"1.1\", \"1.2\", \"1.3\", got " + ConfigNode.quote(version));
            return defaultValue;
        }
        return version;
    }

    private static void checkOrder(ConfigNode tls, @Nullable String minVersion, @Nullable String maxVersion) {
        if (minVersion != null && maxVersion != null && VERSIONS.indexOf(minVersion) > VERSIONS.indexOf(maxVersion)) {
            tls.error("max_version", "must not be lower than min_version (" + minVersion + "), got " + maxVersion);
        }
    }
}
