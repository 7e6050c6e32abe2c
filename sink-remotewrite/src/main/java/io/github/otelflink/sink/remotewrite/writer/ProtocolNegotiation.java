package io.github.otelflink.sink.remotewrite.writer;

import io.github.otelflink.sink.remotewrite.encode.RemoteWriteProtocol;
import io.github.otelflink.sink.remotewrite.encode.RequestEncoder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

/**
 * The protocol a writer currently speaks. It starts at the configured version; a receiver that
 * does not understand remote write 2.0 moves it to 1.0 for good (logged once).
 */
final class ProtocolNegotiation {
    private static final Logger LOG = LoggerFactory.getLogger(ProtocolNegotiation.class);

    private final boolean sendMetadata;
    @Nullable private final String routingLabel;
    private volatile RequestEncoder encoder;

    ProtocolNegotiation(RemoteWriteProtocol initial, boolean sendMetadata) {
        this(initial, sendMetadata, null);
    }

    /** {@code routingLabel}: a label the encoders leave out of every request (tenant routing), or null. */
    ProtocolNegotiation(RemoteWriteProtocol initial, boolean sendMetadata, @Nullable String routingLabel) {
        this.sendMetadata = sendMetadata;
        this.routingLabel = routingLabel;
        this.encoder = RequestEncoder.create(initial, sendMetadata, routingLabel);
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
        encoder = RequestEncoder.create(RemoteWriteProtocol.V1, sendMetadata, routingLabel);
        return true;
    }
}
