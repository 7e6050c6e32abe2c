package io.github.otelflink.sink.remotewrite.writer;

import org.apache.flink.annotation.PublicEvolving;

/**
 * Remote write failed for good and the sink is configured to fail the job rather than drop data
 * ({@link FailurePolicy#FAIL}): the cause the job fails with. Only the sink creates it.
 */
@PublicEvolving
public final class RemoteWriteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RemoteWriteException(String message) {
        super(message);
    }
}
