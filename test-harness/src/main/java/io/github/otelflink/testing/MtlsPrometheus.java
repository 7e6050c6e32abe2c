package io.github.otelflink.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A JUnit extension for test classes that need the real Prometheus behind mTLS: generates
 * certificates, starts one Prometheus for the class, stops it and deletes its files afterwards.
 * Register it as {@code @RegisterExtension static final MtlsPrometheus PROMETHEUS = new MtlsPrometheus();}.
 */
public final class MtlsPrometheus implements BeforeAllCallback, AfterAllCallback {
    private Path dir;
    private TestCertificates certs;
    private PrometheusServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("mtls-prometheus");
        certs = TestCertificates.generate(dir.resolve("certs"));
        server = PrometheusServer.start(dir.resolve("prometheus"), certs);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (server != null) {
            server.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The certificates the server trusts and presents; the client pair is for the sink. */
    public TestCertificates certs() {
        return certs;
    }

    public PrometheusServer server() {
        return server;
    }
}
