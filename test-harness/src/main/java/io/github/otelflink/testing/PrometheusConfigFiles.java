package io.github.otelflink.testing;

import java.nio.file.Path;
import java.time.Duration;
import javax.annotation.Nullable;

/** Renders the {@code prometheus.yml} and TLS {@code web.yml} files a test Prometheus is started with. */
final class PrometheusConfigFiles {

    private PrometheusConfigFiles() {}

    static String prometheusConfig(@Nullable Duration outOfOrderTimeWindow) {
        StringBuilder yaml = new StringBuilder()
                // No scrape configs: the only data is what the test writes.
                .append("global:\n")
                .append("  scrape_interval: 1h\n")
                .append("  evaluation_interval: 1h\n");
        if (outOfOrderTimeWindow != null) {
            yaml.append("storage:\n")
                    .append("  tsdb:\n")
                    .append("    out_of_order_time_window: ").append(outOfOrderTimeWindow.toMillis()).append("ms\n");
        }
        return yaml.toString();
    }

    static String webConfig(TestCertificates certs) {
        return "tls_server_config:\n"
                + "  cert_file: " + yamlQuote(certs.serverCert()) + "\n"
                + "  key_file: " + yamlQuote(certs.serverKey()) + "\n"
                + "  client_ca_file: " + yamlQuote(certs.caCert()) + "\n"
                + "  client_auth_type: RequireAndVerifyClientCert\n";
    }

    private static String yamlQuote(Path path) {
        return "'" + path.toAbsolutePath().toString().replace("'", "''") + "'";
    }
}
