package io.github.otelflink.job.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Reads test configuration files from {@code src/test/resources/config}. */
public final class TestConfigs {

    /** The smallest valid file: one OTLP/gRPC receiver, one exporter. */
    static final String MINIMAL = """
            receivers:
              otlp:
                protocols:
                  grpc:
            exporters:
              prometheusremotewrite:
                endpoint: http://localhost:9090/api/v1/write
            service:
              pipelines:
                metrics:
                  receivers: [otlp]
                  exporters: [prometheusremotewrite]
            """;

    private TestConfigs() {}

    /** {@link #MINIMAL}, loaded. */
    public static PipelineConfig minimal() {
        return loadText(MINIMAL);
    }

    static String read(String name) {
        try (InputStream in = TestConfigs.class.getResourceAsStream("/config/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource config/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static PipelineConfig load(String name) {
        return PipelineConfigLoader.load(read(name), Map.of());
    }

    static PipelineConfig loadText(String yaml) {
        return PipelineConfigLoader.load(yaml, Map.of());
    }

    /** {@link #MINIMAL} with the exporter's settings replaced by {@code exporterSettings} (indented 4). */
    static String withExporter(String exporterSettings) {
        return MINIMAL.replace("    endpoint: http://localhost:9090/api/v1/write\n", exporterSettings);
    }
}
