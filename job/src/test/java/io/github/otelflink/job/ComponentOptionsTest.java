package io.github.otelflink.job;

import io.github.otelflink.job.config.PipelineConfig;
import io.github.otelflink.job.config.PipelineConfigLoader;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --validate} and the run check the same things: every option of every component, set in
 * the configs of {@code config/components/valid/} (one per component, every key set), passes
 * {@code --validate} and builds the Flink job graph the run builds; each config of
 * {@code config/components/invalid/} fails both {@code --validate} and the run with the same
 * message (its first line, {@code # expect: ...}) and exit code 1, before anything starts.
 */
class ComponentOptionsTest {
    private static final Path CONFIGS = Path.of("src/test/resources/config/components");

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> everyValidConfigPassesValidateAndBuildsTheRunsGraph() throws IOException {
        return configs("valid").map(config -> DynamicTest.dynamicTest(config.getFileName().toString(), () -> {
            Outcome validate = run("--validate", "--config", config.toString());
            assertThat(validate.code).as("--validate of %s: %s", config, validate.err).isZero();
            assertThat(validate.err).isEmpty();
            assertThat(validate.out).contains("pipeline metrics:");

            PipelineConfig loaded = PipelineConfigLoader.load(config);
            StreamGraph graph = PipelineJob.buildStreamGraph(loaded,
                    StreamExecutionEnvironment.createLocalEnvironment(PipelineJob.flinkConfiguration(Map.of())));
            List<String> sources = graph.getSourceIDs().stream()
                    .map(id -> graph.getStreamNode(id).getOperatorName()).toList();
            assertThat(sources).as("one source per receiver").hasSize(loaded.receivers().size());
            assertThat(graph.getJobGraph().getMaximumParallelism()).isPositive();
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyInvalidConfigFailsValidateAndTheRunAlike() throws IOException {
        return configs("invalid").map(config -> DynamicTest.dynamicTest(config.getFileName().toString(), () -> {
            String expected = Files.readAllLines(config).get(0).replaceFirst("^# expect: ", "");
            Outcome validate = run("--validate", "--config", config.toString());
            assertThat(validate.code).as("--validate exit code").isEqualTo(1);
            assertThat(validate.err).contains(expected).doesNotContain("\tat ");

            Path state = dir.resolve(config.getFileName() + "-state");
            Outcome start = run("--config", config.toString(), "--state-dir", state.toString());
            assertThat(start.code).as("run exit code").isEqualTo(1);
            assertThat(start.err).as("the run says what --validate says").isEqualTo(validate.err);
            assertThat(state).as("nothing started").doesNotExist();
        }));
    }

    private static Stream<Path> configs(String kind) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(CONFIGS.resolve(kind))) {
            files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        return files.stream();
    }

    private record Outcome(int code, String out, String err) {}

    private static Outcome run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = PipelineJob.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
