package io.github.otelflink.sink.remotewrite.writer;

/** Remote write failed for good and the sink is configured to fail the job rather than drop data. */
public final class RemoteWriteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RemoteWriteException(String message) {
        super(message);
    }
}
