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
    void helpPrintsEveryFlagToStdoutAndExitsZero() throws Exception {
        for (String flag : new String[] {"--help", "-h"}) {
            out.reset();
            assertThat(run(flag)).as(flag).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .startsWith("usage: java -jar otel-flink-job.jar --config <pipeline.yaml>")
                    .contains("\n  --config <file> ", "\n  --validate ", "\n  --state-dir <dir> ",
                            "\n  --fresh-state ", "\n  -D<key>=<value> ", "\n  -h, --help ");
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(run("--config", "missing.yaml", "--help")).as("--help wins over the rest").isZero();
    }

    @Test
    void otlpTlsMinVersionBelowTwelveFailsValidateAndTheRunWithItsKeyPath() throws Exception {
        Path config = Files.writeString(dir.resolve("tls.yaml"), """
                receivers:
                  otlp:
                    protocols:
                      grpc:
                        endpoint: 127.0.0.1:0
                        tls:
                          cert_file: /etc/tls.crt
                          key_file: /etc/tls.key
                          min_version: "1.0"
                exporters:
                  debug: {}
                service:
                  pipelines:
                    metrics:
                      receivers: [otlp]
                      exporters: [debug]
                """);
        assertThat(run("--validate", "--config", config.toString())).isEqualTo(1);
        String validate = err.toString(StandardCharsets.UTF_8);
        assertThat(validate).contains("receivers.otlp.protocols.grpc.tls.min_version: expected \"1.2\" or \"1.3\"");
        err.reset();
        assertThat(run("--config", config.toString(), "--state-dir", dir.resolve("state").toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(validate).doesNotContain("Exception");
    }

    @Test
    void validatePrintsAuthenticatorsWithoutTheirSecrets() throws Exception {
        Path config = Files.writeString(dir.resolve("auth.yaml"), """
                receivers:
                  kafka: {}
                exporters:
                  prometheusremotewrite/a:
                    endpoint: https://localhost:9090/api/v1/write
                    auth:
                      authenticator: basicauth/prometheus
                  prometheusremotewrite/b:
                    endpoint: https://localhost:9091/api/v1/write
                    auth:
                      authenticator: bearertokenauth
                extensions:
                  basicauth/prometheus:
                    client_auth:
                      username: alice
                      password: pa55-SECRET-word
                  bearertokenauth:
                    token: t0ken-SECRET-value
                service:
                  extensions: [basicauth/prometheus, bearertokenauth]
                  pipelines:
                    metrics:
                      receivers: [kafka]
                      exporters: [prometheusremotewrite/a, prometheusremotewrite/b]
                """);
        assertThat(run("--validate", "--config", config.toString())).isZero();
        String printed = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertThat(printed)
                .contains("extension basicauth/prometheus: basic auth for user alice\n")
                .contains("extension bearertokenauth: bearer token\n")
                .doesNotContain("SECRET", "no health check", "not used");
    }

    @Test
    void aHealthCheckWithoutAnOtlpReceiverIsReportedAsNotServed() throws Exception {
        Path config = Files.writeString(dir.resolve("kafka-only.yaml"), """
                receivers:
                  kafka: {}
                exporters:
                  debug: {}
                extensions:
                  health_check:
                    path: /healthz
                service:
                  extensions: [health_check]
                  pipelines:
                    metrics:
                      receivers: [kafka]
                      exporters: [debug]
                """);
        assertThat(run("--validate", "--config", config.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("extension health_check: no health check: it is served with the OTLP ingress, and no"
                        + " pipeline has an otlp receiver\n")
                .doesNotContain("health on");
    }

    @Test
    void stateOfAnotherPipelineIsRefusedInOneLineWithoutStartingFlink() throws Exception {
        Path config = Files.writeString(dir.resolve("second.yaml"), """
                receivers:
                  kafka: {}
                exporters:
                  debug: {}
                service:
                  pipelines:
                    metrics/second:
                      receivers: [kafka]
                      exporters: [debug]
                """);
        Path state = dir.resolve("state");
        Path checkpoint = Files.createDirectories(state.resolve("checkpoints/0123/chk-7"));
        Files.writeString(checkpoint.resolve("_metadata"), "not read: the identity check comes first");
        new PipelineIdentity(dir.resolve("first.yaml").toString(), java.util.List.of("metrics"),
                java.util.List.of("otlp"), java.util.List.of("prometheusremotewrite")).write(state);

        assertThat(run("--config", config.toString(), "--state-dir", state.toString())).isEqualTo(1);
        String message = err.toString(StandardCharsets.UTF_8);
        assertThat(message.lines()).hasSize(1);
        assertThat(message).contains(state + " holds the state of another pipeline, " + dir.resolve("first.yaml"))
                .contains("add --fresh-state").contains("state.old-<timestamp>").contains("--state-dir");
        assertThat(PipelineIdentity.read(state).orElseThrow().config())
                .as("the folder still belongs to the first pipeline").isEqualTo(dir.resolve("first.yaml").toString());
    }

    @Test
    void unknownArgumentsPrintTheUsage() throws Exception {
        assertThat(run("--confg", "x.yaml")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown argument: --confg").contains("usage:");
    }
}
