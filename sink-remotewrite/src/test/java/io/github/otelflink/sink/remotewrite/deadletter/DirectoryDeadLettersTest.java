package io.github.otelflink.sink.remotewrite.deadletter;

import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import io.github.otelflink.sink.remotewrite.validate.DropReason;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class DirectoryDeadLettersTest {
    @TempDir Path dir;

    private static DeadLetter letter(long t) {
        return new DeadLetter(TimeSeries.ofSample(Labels.of("__name__", "up"), t, 1), DropReason.TOO_OLD, 400,
                "out of bounds", 0);
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void beginsNoFileUntilTheFirstLetter() throws IOException {
        try (DirectoryDeadLetters out = new DirectoryDeadLetters(dir.resolve("new"), 0, 1000, () -> 5)) {
            out.flush();
            assertThat(dir.resolve("new")).isEmptyDirectory();
        }
    }

    @Test
    void rotatesBySizeAndKeepsEveryLetterInOrder() throws IOException {
        int lineBytes = (DeadLetterJson.encode(letter(0)) + "\n").length();
        try (DirectoryDeadLetters out = new DirectoryDeadLetters(dir, 3, 2L * lineBytes, () -> 5)) {
            for (int t = 0; t < 5; t++) {
                out.write(letter(t));
            }
        }
        assertThat(files()).extracting(p -> p.getFileName().toString())
                .containsExactly("dead-letters-3-5-0.jsonl", "dead-letters-3-5-1.jsonl", "dead-letters-3-5-2.jsonl");
        List<String> lines = new ArrayList<>();
        for (Path f : files()) {
            lines.addAll(Files.readAllLines(f));
        }
        assertThat(lines).containsExactly(DeadLetterJson.encode(letter(0)), DeadLetterJson.encode(letter(1)),
                DeadLetterJson.encode(letter(2)), DeadLetterJson.encode(letter(3)), DeadLetterJson.encode(letter(4)));
    }

    /** A job cancel interrupts the task thread, which then flushes and closes its output. */
    @Test
    void anInterruptedTaskThreadStillFlushesAndClosesEveryLetter() throws IOException {
        try (DirectoryDeadLetters out = new DirectoryDeadLetters(dir, 0, 1 << 20, () -> 5)) {
            out.write(letter(1));
            Thread.currentThread().interrupt();
            try {
                out.flush();
                out.write(letter(2));
                out.close();
            } finally {
                assertThat(Thread.interrupted()).as("the interrupt is left for the task to see").isTrue();
            }
        }
        assertThat(Files.readAllLines(files().get(0)))
                .containsExactly(DeadLetterJson.encode(letter(1)), DeadLetterJson.encode(letter(2)));
    }

    @Test
    void flushMakesTheLettersVisibleInTheFile() throws IOException {
        try (DirectoryDeadLetters out = new DirectoryDeadLetters(dir, 0, 1 << 20, () -> 5)) {
            out.write(letter(1));
            out.flush();
            assertThat(Files.readAllLines(files().get(0))).containsExactly(DeadLetterJson.encode(letter(1)));
        }
    }

    @Test
    void neverWritesIntoAFileThatExists() throws IOException {
        Files.writeString(dir.resolve("dead-letters-0-5-0.jsonl"), "someone else's\n");
        try (DirectoryDeadLetters out = new DirectoryDeadLetters(dir, 0, 1 << 20, () -> 5)) {
            out.write(letter(1));
        }
        assertThat(Files.readString(dir.resolve("dead-letters-0-5-0.jsonl"))).isEqualTo("someone else's\n");
        assertThat(Files.readAllLines(dir.resolve("dead-letters-0-5-1.jsonl")))
                .containsExactly(DeadLetterJson.encode(letter(1)));
    }

    @Test
    void subtasksWriteSeparateFiles() throws IOException {
        try (DirectoryDeadLetters a = new DirectoryDeadLetters(dir, 0, 1 << 20, () -> 5);
                DirectoryDeadLetters b = new DirectoryDeadLetters(dir, 1, 1 << 20, () -> 5)) {
            a.write(letter(1));
            b.write(letter(2));
        }
        assertThat(files()).extracting(p -> p.getFileName().toString())
                .containsExactly("dead-letters-0-5-0.jsonl", "dead-letters-1-5-0.jsonl");
    }
}
