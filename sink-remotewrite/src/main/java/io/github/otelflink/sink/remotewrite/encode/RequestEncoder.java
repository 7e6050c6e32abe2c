package io.github.otelflink.sink.remotewrite.encode;

import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import org.apache.flink.annotation.Internal;
import org.xerial.snappy.Snappy;

import javax.annotation.Nullable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes a batch of series into one remote-write request body. Implementations write protobuf
 * bytes directly and reuse their buffers, so one instance belongs to one sink writer (not
 * thread-safe).
 */
@Internal
public abstract class RequestEncoder {
    private byte[] compressed = new byte[64 * 1024];

    /** The protocol this encoder speaks. */
    public abstract RemoteWriteProtocol protocol();

    /**
     * Encodes and snappy-compresses the series, in the given order; records of the same series
     * become one {@code TimeSeries} message with their points in order.
     */
    public abstract EncodedRequest encode(List<TimeSeries> series);

    /** Snappy block format (never the framed format), as the remote-write spec requires. */
    protected final byte[] compress(byte[] raw, int length) {
        int max = Snappy.maxCompressedLength(length);
        if (compressed.length < max) {
            compressed = new byte[Math.max(max, compressed.length * 2)];
        }
        try {
            int n = Snappy.compress(raw, 0, length, compressed, 0);
            return Arrays.copyOf(compressed, n);
        } catch (IOException e) {
            throw new UncheckedIOException("snappy compression failed", e);
        }
    }

    /** An encoder for the given protocol. */
    public static RequestEncoder create(RemoteWriteProtocol protocol, boolean sendMetadata) {
        return create(protocol, sendMetadata, null);
    }

    /** An encoder for the given protocol that leaves {@code omittedLabel} (if not null) out of every series. */
    public static RequestEncoder create(RemoteWriteProtocol protocol, boolean sendMetadata,
            @Nullable String omittedLabel) {
        return protocol == RemoteWriteProtocol.V2
                ? new WriteRequestV2Encoder(omittedLabel)
                : new WriteRequestEncoder(sendMetadata, omittedLabel);
    }
}
