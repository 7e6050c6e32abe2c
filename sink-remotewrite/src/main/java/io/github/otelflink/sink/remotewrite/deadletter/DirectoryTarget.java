package io.github.otelflink.sink.remotewrite.deadletter;

import org.apache.flink.annotation.Internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * {@link DeadLetterTarget#directory}: one {@link DirectoryDeadLetters} per subtask.
 *
 * @param directory where the files go
 * @param maxFileBytes the size after which a file is closed and the next one begun
 */
@Internal
public record DirectoryTarget(String directory, long maxFileBytes) implements DeadLetterTarget {
    private static final long serialVersionUID = 1L;

    public DirectoryTarget {
        Objects.requireNonNull(directory, "directory");
        if (maxFileBytes < 1) {
            throw new IllegalArgumentException("maxFileBytes must be positive, got " + maxFileBytes);
        }
    }

    @Override
    public DeadLetterOutput open(int subtaskIndex, int attemptNumber) throws IOException {
        return new DirectoryDeadLetters(Path.of(directory), subtaskIndex, maxFileBytes, System::currentTimeMillis);
    }
}
