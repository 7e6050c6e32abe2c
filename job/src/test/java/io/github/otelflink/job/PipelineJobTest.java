package io.github.otelflink.job;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line: --validate prints the plan or the errors, with the exit code to match. */
class PipelineJobTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) throws Exception {
        return PipelineJob.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void validatePrintsThePlanOfTheBlueprintConfig() throws Exception {
        Path config = Path.of("src/test/resources/config/blueprint.yaml");
        assertThat(run("--validate", "--config", config.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("pipeline metrics: otlp, prometheus/self -> memory_limiter -> resource -> transform -> batch"
                        + " -> prometheusremotewrite, debug");
    }

    @Test
    void validateNamesEveryBadKeyByItsPathAndExitsWithOne() throws Exception {
        Path config = Files.writeString(dir.resolve("bad.yaml"), """
                receivers:
                  kafka:
                    topik: x
                exporters:
                  prometheusremotewrite:
                    endpoint: ftp://x
                    retry_on_failure:
                      initial_interval: fast
                service:
                  pipelines:
                    metrics:
                      receivers: [kafka]
                      exporters: [prometheusremotewrite]
                """);
        assertThat(run("--validate", "--config", config.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("receivers.kafka.topik: unknown key (did you mean topic?)")
                .contains("exporters.prometheusremotewrite.endpoint:")
                .contains("exporters.prometheusremotewrite.retry_on_failure.initial_interval:");
    }

    @Test
    void reportsOttlErrorsWithLineAndColumnAtStartUp() throws Exception {
        Path config = Files.writeString(dir.resolve("ottl.yaml"), """
                receivers:
                  kafka: {}
                processors:
                  transform:
                    metric_statements:
                    - context: metric
                      statements:
                      - set(name, "x" where name == "y"
                exporters:
                  prometheusremotewrite:
                    endpoint: http://127.0.0.1:9090/api/v1/write
                service:
                  pipelines:
                    metrics:
                      receivers: [kafka]
                      processors: [transform]
                      exporters: [prometheusremotewrite]
                """);
        assertThat(run("--validate", "--config", config.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("processors.transform.metric_statements[0].statements[0]")
                .containsPattern("1:\\d+");
    }

    @Test
    void unknownArgumentsPrintTheUsage() throws Exception {
        assertThat(run("--confg", "x.yaml")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown argument: --confg").contains("usage:");
    }
}
