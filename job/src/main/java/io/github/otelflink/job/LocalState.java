package io.github.otelflink.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where a local run keeps its checkpoints and savepoints, and which one a restarted process
 * resumes from: the newest complete one (a {@code _metadata} file marks it complete).
 */
public final class LocalState {
    private final Path root;

    public LocalState(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** {@code $OTEL_FLINK_STATE_DIR}, or {@code ./otel-flink-state}. */
    public static LocalState fromEnvironment() {
        String dir = System.getenv("OTEL_FLINK_STATE_DIR");
        return new LocalState(Path.of(dir == null || dir.isBlank() ? "otel-flink-state" : dir));
    }

    public Path root() {
        return root;
    }

    public Path checkpoints() {
        return root.resolve("checkpoints");
    }

    public Path savepoints() {
        return root.resolve("savepoints");
    }

    /** Whether the folder exists and holds anything. */
    public boolean exists() throws IOException {
        if (!Files.isDirectory(root)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.findAny().isPresent();
        }
    }

    /**
     * Moves the whole folder aside to {@code <root>.old-<UTC timestamp>} (nothing is deleted), so
     * the next start begins with empty state; returns where it went.
     */
    public Path moveAside(Instant now) throws IOException {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(now);
        Path target = root.resolveSibling(root.getFileName() + ".old-" + stamp);
        for (int i = 2; Files.exists(target); i++) {
            target = root.resolveSibling(root.getFileName() + ".old-" + stamp + "-" + i);
        }
        Files.move(root, target);
        return target;
    }

    /** The newest complete checkpoint or savepoint directory, if any. */
    public Optional<Path> newestRestorePoint() throws IOException {
        Optional<Path> checkpoint = newestWithMetadata(checkpoints(), 3);
        Optional<Path> savepoint = newestWithMetadata(savepoints(), 2);
        if (checkpoint.isEmpty()) {
            return savepoint;
        }
        if (savepoint.isEmpty()) {
            return checkpoint;
        }
        return Optional.of(modified(checkpoint.get()).compareTo(modified(savepoint.get())) >= 0
                ? checkpoint.get() : savepoint.get());
    }

    private static Optional<Path> newestWithMetadata(Path dir, int depth) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.find(dir, depth, (p, attrs) -> p.getFileName().toString().equals("_metadata"))) {
            return files.max(Comparator.comparing(LocalState::modified)).map(Path::getParent);
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p.getFileName().toString().equals("_metadata") ? p : p.resolve("_metadata"));
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
