package io.github.otelflink.sink.remotewrite.deadletter;

import org.apache.flink.annotation.PublicEvolving;

import java.io.IOException;
import java.io.Serializable;

/**
 * Where dead letters go, as configured on the sink; each sink subtask opens its own {@link
 * DeadLetterOutput}, so that no two subtasks write to one file.
 *
 * <pre>{@code
 * PrometheusRemoteWriteSink.builder()
 *         .endpoint("https://prometheus:9090/api/v1/write")
 *         .deadLetters(DeadLetterTarget.directory("/var/lib/otel-flink/dead-letters", 100L << 20))
 *         .build();
 * }</pre>
 */
@PublicEvolving
public interface DeadLetterTarget extends Serializable {
    /**
     * Opens the output of one sink subtask.
     *
     * @param subtaskIndex the sink subtask's index
     * @param attemptNumber the subtask's attempt (0 at first, higher after each restart)
     */
    DeadLetterOutput open(int subtaskIndex, int attemptNumber) throws IOException;

    /**
     * JSON lines ({@link DeadLetterJson}) in files of at most about {@code maxFileBytes} in {@code
     * directory}, created if missing; a new set of files for each subtask and attempt.
     */
    static DeadLetterTarget directory(String directory, long maxFileBytes) {
        return new DirectoryTarget(directory, maxFileBytes);
    }
}
