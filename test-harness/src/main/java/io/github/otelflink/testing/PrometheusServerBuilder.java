package io.github.otelflink.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;
import javax.net.ssl.SSLContext;

/** Configures and starts a {@link PrometheusServer}. */
public final class PrometheusServerBuilder {
    private final Path workDir;
    @Nullable private TestCertificates mtls;
    @Nullable private Duration outOfOrderTimeWindow;
    private boolean nativeHistograms = true;
    private Path binary = PrometheusServer.DEFAULT_BINARY;
    private final List<String> extraFlags = new ArrayList<>();
    private final Map<String, String> basicAuthUsers = new LinkedHashMap<>();

    PrometheusServerBuilder(Path workDir) {
        this.workDir = workDir;
    }

    /** Serves HTTPS with these certificates and requires client certificates signed by their CA (null: plain HTTP). */
    public PrometheusServerBuilder mtls(@Nullable TestCertificates certificates) {
        this.mtls = certificates;
        return this;
    }

    /**
     * Requires HTTP basic auth on every endpoint: adds {@code user} with a bcrypt hash of {@code password} to the
     * web config's {@code basic_auth_users}. The server's own requests (readiness, queries, {@link PrometheusServer#post}) send
     * the first user's credentials.
     */
    public PrometheusServerBuilder basicAuthUser(String user, String password) {
        this.basicAuthUsers.put(user, password);
        return this;
    }

    /** Sets {@code storage.tsdb.out_of_order_time_window} in the generated configuration. */
    public PrometheusServerBuilder outOfOrderTimeWindow(Duration window) {
        this.outOfOrderTimeWindow = window;
        return this;
    }

    /** Enables or disables {@code --enable-feature=native-histograms} (enabled by default). */
    public PrometheusServerBuilder nativeHistograms(boolean enabled) {
        this.nativeHistograms = enabled;
        return this;
    }

    /** Adds a raw command-line flag such as {@code --storage.tsdb.retention.time=1d}. */
    public PrometheusServerBuilder flag(String flag) {
        this.extraFlags.add(flag);
        return this;
    }

    /** Uses another Prometheus binary than {@code /usr/bin/prometheus}. */
    public PrometheusServerBuilder binary(Path binary) {
        this.binary = binary;
        return this;
    }

    /** Starts the process and waits until {@code /-/ready} answers 200. */
    public PrometheusServer start() {
        try {
            return doStart();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private PrometheusServer doStart() throws IOException {
        Files.createDirectories(workDir);
        Path config = workDir.resolve("prometheus.yml");
        Files.writeString(config, PrometheusConfigFiles.prometheusConfig(outOfOrderTimeWindow));
        List<String> command = new ArrayList<>(List.of(
                binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + workDir.resolve("data"),
                "--web.enable-remote-write-receiver",
                "--log.level=info"));
        if (nativeHistograms) {
            command.add("--enable-feature=native-histograms");
        }
        SSLContext clientSsl = null;
        if (mtls != null || !basicAuthUsers.isEmpty()) {
            Path webConfig = workDir.resolve("web.yml");
            Files.writeString(webConfig, PrometheusConfigFiles.webConfig(mtls, basicAuthUsers));
            command.add("--web.config.file=" + webConfig);
        }
        if (mtls != null) {
            clientSsl = PemSslContexts.sslContext(mtls.clientCert(), mtls.clientKey(), mtls.caCert());
        }
        String authorization = basicAuthUsers.entrySet().stream().findFirst()
                .map(user -> PrometheusServer.basicAuthorization(user.getKey(), user.getValue())).orElse(null);
        command.addAll(extraFlags);
        HttpClient.Builder http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(PrometheusServer.HTTP_TIMEOUT);
        if (clientSsl != null) {
            http.sslContext(clientSsl);
        }
        HttpClient client = http.build();
        PrometheusProcess process = PrometheusProcess.launch(
                command, workDir, workDir.resolve("prometheus.log"), mtls != null, client, authorization);
        return new PrometheusServer(process, mtls != null, clientSsl, client, authorization);
    }
}
