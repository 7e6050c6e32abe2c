package io.github.otelflink.job;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code main} ends the JVM only on the local run. Inside a Flink client or cluster (a context
 * environment is installed, as {@code flink run}, REST {@code /jars/<id>/run} and application
 * mode do) it never exits: it returns, or throws with the message the local run would print.
 */
class PipelineJobExitTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<Integer> exits = new ArrayList<>();

    @AfterEach
    void removeContextEnvironment() {
        ClusterContext.remove();
    }

    private void main(String... args) throws Exception {
        PipelineJob.main(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), exits::add);
    }

    @Test
    void theLocalRunExitsWithItsCode() throws Exception {
        assertThat(PipelineJob.isLocalRun()).isTrue();
        main("--help");
        main("--no-such-flag");
        assertThat(exits).containsExactly(0, 2);
    }

    @Test
    void onAClusterMainNeverExits() throws Exception {
        ClusterContext.install();
        assertThat(PipelineJob.isLocalRun()).isFalse();
        main("--help");
        assertThat(exits).isEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage:");
    }

    @Test
    void onAClusterABadConfigIsAnExceptionWithTheMessageNotAnExit() throws Exception {
        Path config = Files.writeString(dir.resolve("bad.yaml"), """
                receivers:
                  kafka:
                    topik: x
                exporters:
                  prometheusremotewrite:
                    endpoint: http://127.0.0.1:9/api/v1/write
                service:
                  pipelines:
                    metrics:
                      receivers: [kafka]
                      exporters: [prometheusremotewrite]
                """);
        ClusterContext.install();
        assertThatThrownBy(() -> main("--config", config.toString()))
                .isInstanceOf(PipelineJob.PipelineStartException.class)
                .hasMessageContaining("receivers.kafka.topik: unknown key")
                .satisfies(e -> assertThat(((PipelineJob.PipelineStartException) e).exitCode()).isEqualTo(1));
        assertThat(exits).isEmpty();
        // Still printed, for the cluster's log.
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("receivers.kafka.topik: unknown key");
    }

    @Test
    void onAClusterBadArgumentsAreAnExceptionNotAnExit() {
        ClusterContext.install();
        assertThatThrownBy(() -> main("--no-such-flag"))
                .isInstanceOf(PipelineJob.PipelineStartException.class)
                .hasMessageContaining("unknown argument: --no-such-flag");
        assertThat(exits).isEmpty();
    }

    @Test
    void onAClusterAGoodConfigIsBuiltWithoutALocalEnvironment() throws Exception {
        // Flink's client refuses createLocalEnvironment while a context environment is installed;
        // the check before the run must not use one. Only --validate, so nothing is executed.
        ClusterContext.install();
        main("--validate", "--config", "src/test/resources/config/blueprint.yaml");
        assertThat(exits).isEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("pipeline metrics:");
    }

    /** Installs a context environment the way Flink's client and cluster do (not a local one). */
    private static final class ClusterContext extends StreamExecutionEnvironment {
        ClusterContext(Configuration conf) {
            super(conf);
        }

        static void install() {
            initializeContextEnvironment(conf -> new ClusterContext(new Configuration(conf)));
        }

        static void remove() {
            resetContextEnvironment();
        }
    }
}
