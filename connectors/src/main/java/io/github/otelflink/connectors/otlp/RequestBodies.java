package io.github.otelflink.connectors.otlp;

import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.buffer.ByteBufInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import javax.annotation.Nullable;

/**
 * Turns a received HTTP body into the bytes to decode, undoing its {@code Content-Encoding}.
 * Decompression stops as soon as the output passes the body limit, so a small gzip bomb can
 * neither exhaust memory nor slip past the limit (CVE-2024-36129 in the Collector).
 */
final class RequestBodies {

    /** The encodings understood; others are answered with 415. */
    static final String SUPPORTED_ENCODINGS = "gzip, deflate, identity";

    private RequestBodies() {}

    /** True for an encoding {@link #decode} understands; null and empty mean none. */
    static boolean isSupported(@Nullable String encoding) {
        if (encoding == null || encoding.isBlank() || encoding.trim().equalsIgnoreCase("identity")) {
            return true;
        }
        return normalize(encoding) != null;
    }

    /**
     * The decoded body.
     *
     * @throws BodyTooLargeException when it is over {@code maxBytes} once decompressed
     * @throws IOException when the compressed data is corrupt
     */
    static ByteBuffer decode(ByteBuf body, @Nullable String encoding, int maxBytes) throws IOException {
        String normalized = normalize(encoding);
        if (normalized == null) {
            // A view of the bytes where the network put them, valid until the body is released:
            // copying each body to an array was 6% of the job's allocations (EndToEndBenchmark, JFR).
            return body.nioBuffer();
        }
        return ByteBuffer.wrap(decompress(body, normalized, maxBytes));
    }

    /**
     * The decoded body as an array of its own, for a body that goes on as bytes: copied once from
     * where the network put it (through {@link #decode}'s buffer it was copied twice when the body
     * came in several chunks, 13% of the job's allocations; JFR, EndToEndBenchmark).
     *
     * @throws BodyTooLargeException when it is over {@code maxBytes} once decompressed
     * @throws IOException when the compressed data is corrupt
     */
    static byte[] decodeToArray(ByteBuf body, @Nullable String encoding, int maxBytes) throws IOException {
        String normalized = normalize(encoding);
        if (normalized == null) {
            byte[] bytes = new byte[body.readableBytes()];
            body.getBytes(body.readerIndex(), bytes);
            return bytes;
        }
        return decompress(body, normalized, maxBytes);
    }

    /** The body decompressed ({@code gzip} or {@code deflate}), its exact length, at most {@code maxBytes}. */
    private static byte[] decompress(ByteBuf body, String normalized, int maxBytes) throws IOException {
        try (InputStream in = normalized.equals("gzip")
                ? new GZIPInputStream(new ByteBufInputStream(body.duplicate()), 8192)
                : new InflaterInputStream(new ByteBufInputStream(body.duplicate()))) {
            return readAtMost(in, maxBytes, normalized);
        }
    }

    private static byte[] readAtMost(InputStream in, int maxBytes, String encoding) throws IOException {
        byte[] out = new byte[Math.min(maxBytes + 1, 64 * 1024)];
        int length = 0;
        while (true) {
            if (length == out.length) {
                if (length > maxBytes) {
                    throw new BodyTooLargeException("the " + encoding + " body decompresses to more than " + maxBytes
                            + " bytes, the limit");
                }
                out = Arrays.copyOf(out, (int) Math.min((long) maxBytes + 1, 2L * out.length));
            }
            int read = in.read(out, length, out.length - length);
            if (read < 0) {
                return length == out.length ? out : Arrays.copyOf(out, length);
            }
            length += read;
            if (length > maxBytes) {
                throw new BodyTooLargeException("the " + encoding + " body decompresses to more than " + maxBytes
                        + " bytes, the limit");
            }
        }
    }

    @Nullable
    private static String normalize(@Nullable String encoding) {
        if (encoding == null) {
            return null;
        }
        String value = encoding.trim().toLowerCase(Locale.ROOT);
        if (value.equals("gzip") || value.equals("x-gzip")) {
            return "gzip";
        }
        if (value.equals("deflate")) {
            return "deflate";
        }
        return null;
    }
}
