package io.github.otelflink.it.telemetry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The recording rules {@code otelcol-rules.yml} of {@code k8s/prometheus.yaml}'s ConfigMap turn what Flink's Prometheus reporter serves (the names
 * {@code StandaloneClusterITCase} scrapes on a real cluster) into the Collector's {@code otelcol_*}
 * names: the block is cut out of the ConfigMap as Kubernetes mounts it and run through {@code
 * promtool test rules otelcol-rules.test.yml} (this module's test resources; skipped where promtool
 * is absent).
 */
class OtelcolRecordingRulesTest {
    @TempDir
    Path dir;

    @Test
    void recordingRulesProduceTheCollectorsNames() throws Exception {
        Path promtool = Path.of(System.getProperty("promtool", "/usr/bin/promtool"));
        assumeTrue(Files.isExecutable(promtool), "promtool not installed at " + promtool);
        List<String> manifest = Files.readAllLines(Path.of("..", "k8s", "prometheus.yaml"));
        int start = manifest.indexOf("  otelcol-rules.yml: |");
        assertThat(start).as("otelcol-rules.yml in k8s/prometheus.yaml's ConfigMap").isNotNegative();
        StringBuilder rules = new StringBuilder();
        for (String line : manifest.subList(start + 1, manifest.size())) {
            if (!line.isBlank() && !line.startsWith("    ")) {
                break;
            }
            rules.append(line.isBlank() ? "" : line.substring(4)).append('\n');
        }
        Files.writeString(dir.resolve("otelcol-rules.yml"), rules);
        try (InputStream test = getClass().getResourceAsStream("/otelcol-rules.test.yml")) {
            Files.copy(test, dir.resolve("otelcol-rules.test.yml"));
        }
        Process p = new ProcessBuilder(promtool.toString(), "test", "rules", "otelcol-rules.test.yml")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("SUCCESS").doesNotContain("lint error");
    }
}
