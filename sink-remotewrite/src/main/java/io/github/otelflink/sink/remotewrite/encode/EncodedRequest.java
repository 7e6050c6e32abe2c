package io.github.otelflink.sink.remotewrite.encode;

import org.apache.flink.annotation.Internal;

/**
 * A request body ready for the wire: snappy-compressed protobuf, plus the counts the sink's
 * accounting needs.
 *
 * @param body the snappy block-compressed body
 * @param uncompressedBytes the protobuf size before compression
 * @param samples float samples in the request
 * @param histograms native histogram samples in the request
 * @param exemplars exemplars in the request
 * @param metadata metadata entries in the request
 * @param maxTimestampMs the newest timestamp of any sample in the request ({@code Long.MIN_VALUE}
 *     for none), taken while encoding: after delivery the series are no longer in the cache, and
 *     walking them again for it was 40% of the HTTP client's thread (JFR)
 */
@Internal
public record EncodedRequest(
        byte[] body, int uncompressedBytes, int samples, int histograms, int exemplars, int metadata,
        long maxTimestampMs) {}
