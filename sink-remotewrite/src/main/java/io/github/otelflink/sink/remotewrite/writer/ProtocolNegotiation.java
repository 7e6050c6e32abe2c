package io.github.otelflink.sink.remotewrite.writer;

import io.github.otelflink.sink.remotewrite.encode.RemoteWriteProtocol;
import io.github.otelflink.sink.remotewrite.encode.RequestEncoder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol a writer currently speaks. It starts at the configured version; a receiver that
 * does not understand remote write 2.0 moves it to 1.0 for good (logged once).
 */
final class ProtocolNegotiation {
    private static final Logger LOG = LoggerFactory.getLogger(ProtocolNegotiation.class);

    private final boolean sendMetadata;
    private volatile RequestEncoder encoder;

    ProtocolNegotiation(RemoteWriteProtocol initial, boolean sendMetadata) {
        this.sendMetadata = sendMetadata;
        this.encoder = RequestEncoder.create(initial, sendMetadata);
    }

    RequestEncoder encoder() {
        return encoder;
    }

    /** Switches to 1.0; returns false when already there (nothing to fall back to). */
    boolean fallBackToV1(int status) {
        if (encoder.protocol() == RemoteWriteProtocol.V1) {
            return false;
        }
        LOG.warn(
                "The receiver does not support remote write 2.0 (answered {} without {}); "
                        + "falling back to remote write 1.0 for the rest of this run",
                status,
                "X-Prometheus-Remote-Write-Samples-Written");
        encoder = RequestEncoder.create(RemoteWriteProtocol.V1, sendMetadata);
        return true;
    }
}
