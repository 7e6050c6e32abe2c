package io.github.otelflink.job;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** When a state folder belongs to the pipeline being started, and how it is moved aside. */
class PipelineIdentityTest {
    @TempDir
    Path dir;

    private static PipelineIdentity identity(String config, List<String> receivers, List<String> exporters) {
        return new PipelineIdentity(config, List.of("metrics"), receivers, exporters);
    }

    @Test
    void theSameFileIsTheSamePipelineWhateverWasEdited() {
        PipelineIdentity before = identity("/etc/otel/pipeline.yaml", List.of("otlp", "prometheus/self"), List.of("prw"));
        PipelineIdentity after = identity("/etc/otel/pipeline.yaml", List.of("otlp"), List.of("prw/other"));
        assertThat(after.isSamePipelineAs(before)).isTrue();
        assertThat(after.hash()).isNotEqualTo(before.hash());
    }

    @Test
    void aMovedFileWithTheSameStructureIsTheSamePipeline() {
        PipelineIdentity before = identity("/old/pipeline.yaml", List.of("otlp"), List.of("prw"));
        PipelineIdentity after = identity("/new/pipeline.yaml", List.of("otlp"), List.of("prw"));
        assertThat(after.isSamePipelineAs(before)).isTrue();
    }

    @Test
    void anotherFileWithAnotherStructureIsAnotherPipeline() {
        PipelineIdentity first = identity("/a.yaml", List.of("otlp"), List.of("prw"));
        PipelineIdentity second = identity("/b.yaml", List.of("otlp"), List.of("prw", "debug"));
        assertThat(second.isSamePipelineAs(first)).isFalse();
    }

    @Test
    void survivesTheFile() throws Exception {
        PipelineIdentity id = identity(dir.resolve("with space/p.yaml").toString(), List.of("otlp", "kafka/eu"),
                List.of("prometheusremotewrite"));
        id.write(dir.resolve("state"));
        assertThat(PipelineIdentity.read(dir.resolve("state"))).contains(
                identity(id.config(), List.of("kafka/eu", "otlp"), List.of("prometheusremotewrite")));
        assertThat(Files.readString(dir.resolve("state/pipeline.id"))).contains("hash=sha256:");
        assertThat(PipelineIdentity.read(dir.resolve("nothing"))).isEmpty();
    }

    @Test
    void freshStateMovesTheFolderAsideWithoutDeletingIt() throws Exception {
        LocalState state = new LocalState(dir.resolve("otel-flink-state"));
        assertThat(state.exists()).isFalse();
        Files.createDirectories(state.checkpoints().resolve("job/chk-1"));
        Files.writeString(state.checkpoints().resolve("job/chk-1/_metadata"), "x");
        assertThat(state.exists()).isTrue();

        Path aside = state.moveAside(Instant.parse("2025-01-02T03:04:05Z"));
        assertThat(aside).isEqualTo(dir.resolve("otel-flink-state.old-20250102T030405Z"));
        assertThat(aside.resolve("checkpoints/job/chk-1/_metadata")).exists();
        assertThat(state.exists()).isFalse();
        assertThat(state.newestRestorePoint()).isEmpty();

        Files.createDirectories(state.root());
        Files.writeString(state.root().resolve("x"), "y");
        assertThat(state.moveAside(Instant.parse("2025-01-02T03:04:05Z")))
                .isEqualTo(dir.resolve("otel-flink-state.old-20250102T030405Z-2"));
    }
}
