package io.github.otelflink.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.annotation.Nullable;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** Renders the {@code prometheus.yml} and {@code web.yml} (TLS, basic auth) files a test Prometheus is started with. */
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

    /** The web config: TLS with required client certificates when {@code certs} is set, basic auth users when not empty. */
    static String webConfig(@Nullable TestCertificates certs, Map<String, String> basicAuthUsers) {
        StringBuilder yaml = new StringBuilder();
        if (certs != null) {
            yaml.append("tls_server_config:\n")
                    .append("  cert_file: ").append(yamlQuote(certs.serverCert())).append("\n")
                    .append("  key_file: ").append(yamlQuote(certs.serverKey())).append("\n")
                    .append("  client_ca_file: ").append(yamlQuote(certs.caCert())).append("\n")
                    .append("  client_auth_type: RequireAndVerifyClientCert\n");
        }
        if (!basicAuthUsers.isEmpty()) {
            // Cost 4, bcrypt's lowest: Prometheus checks the hash on every request it serves, and a test
            // password needs no protection against brute force.
            BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
            yaml.append("basic_auth_users:\n");
            basicAuthUsers.forEach((user, password) -> yaml.append("  ").append(yamlQuote(user)).append(": ")
                    .append(yamlQuote(bcrypt.encode(password))).append("\n"));
        }
        return yaml.toString();
    }

    private static String yamlQuote(Path path) {
        return yamlQuote(path.toAbsolutePath().toString());
    }

    private static String yamlQuote(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
