package io.github.otelflink.sink.remotewrite.deadletter;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Closeable;
import java.io.IOException;

/**
 * Where one sink subtask writes its dead letters. Called from the task thread (the validator) and
 * from the threads that complete requests (several lanes at once): implementations are
 * thread-safe. A write that throws fails the job, which then replays from its last checkpoint, so
 * that a dead letter is never lost silently.
 */
@PublicEvolving
public interface DeadLetterOutput extends Closeable {
    /** Writes one dead letter; it may stay buffered until {@link #flush()}. */
    void write(DeadLetter letter) throws IOException;

    /**
     * Makes every letter written so far durable. The sink calls it before each checkpoint, after
     * every request in flight is complete: a job restored from that checkpoint has every dead
     * letter of the data before it.
     */
    void flush() throws IOException;
}
