package io.github.otelflink.connectors.decode;

/**
 * A reader of the protobuf wire format over a byte range: tags, varints, fixed 64-bit values and
 * the bounds of length-delimited fields, with no objects made per field. The OTLP ingress scans
 * request bodies with it ({@link OtlpWireScan}) and the translator reads them again; both walk a
 * message as {@code while (c.pos < end) { int tag = c.tag(end); ... }} and enter a nested message
 * with {@code int inner = c.lengthDelimited(end)}, which leaves {@code pos} at its first byte.
 *
 * <p>Hand-written rather than protobuf-java's {@code CodedInputStream}: the callers need the
 * positions of strings (to compare a key's bytes with the last one's, to check UTF-8 without
 * making a string) and bounds they can come back to, which {@code CodedInputStream} hides.
 * Malformed input throws {@link MalformedWireException}, which has no stack trace.
 */
public final class WireCursor {
    /** Wire types. */
    public static final int VARINT = 0;
    public static final int FIXED64 = 1;
    public static final int LENGTH_DELIMITED = 2;
    public static final int FIXED32 = 5;

    private final byte[] buf;
    /** The next byte to read. */
    public int pos;

    public WireCursor(byte[] buf, int pos) {
        this.buf = buf;
        this.pos = pos;
    }

    public byte[] buffer() {
        return buf;
    }

    /** The field number of a tag. */
    public static int field(int tag) {
        return tag >>> 3;
    }

    /** The wire type of a tag. */
    public static int wireType(int tag) {
        return tag & 7;
    }

    /** Reads a tag; field number 0 is malformed. */
    public int tag(int end) {
        long tag = varint(end);
        if (tag >>> 32 != 0 || (tag >>> 3) == 0) {
            throw MalformedWireException.INSTANCE;
        }
        return (int) tag;
    }

    /** Reads a varint of at most ten bytes that ends before {@code end}. */
    public long varint(int end) {
        int p = pos;
        if (p < end) {
            byte b = buf[p];
            if (b >= 0) {
                pos = p + 1;
                return b;
            }
        }
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (p >= end) {
                throw MalformedWireException.INSTANCE;
            }
            byte b = buf[p++];
            result |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                pos = p;
                return result;
            }
        }
        throw MalformedWireException.INSTANCE;
    }

    /** Reads a little-endian 64-bit value. */
    public long fixed64(int end) {
        int p = pos;
        if (end - p < 8) {
            throw MalformedWireException.INSTANCE;
        }
        pos = p + 8;
        return (buf[p] & 0xffL) | (buf[p + 1] & 0xffL) << 8 | (buf[p + 2] & 0xffL) << 16
                | (buf[p + 3] & 0xffL) << 24 | (buf[p + 4] & 0xffL) << 32 | (buf[p + 5] & 0xffL) << 40
                | (buf[p + 6] & 0xffL) << 48 | (buf[p + 7] & 0xffL) << 56;
    }

    /**
     * Reads the length of a length-delimited field and returns where it ends; {@code pos} is then
     * at its first byte.
     */
    public int lengthDelimited(int end) {
        long length = varint(end);
        if (length < 0 || length > end - pos) {
            throw MalformedWireException.INSTANCE;
        }
        return pos + (int) length;
    }

    /** Skips the value of a field of {@code tag}; groups (deprecated, never in OTLP) are malformed here. */
    public void skip(int tag, int end) {
        switch (wireType(tag)) {
            case VARINT:
                varint(end);
                return;
            case FIXED64:
                skipBytes(8, end);
                return;
            case LENGTH_DELIMITED:
                pos = lengthDelimited(end);
                return;
            case FIXED32:
                skipBytes(4, end);
                return;
            default:
                throw MalformedWireException.INSTANCE;
        }
    }

    private void skipBytes(int n, int end) {
        if (end - pos < n) {
            throw MalformedWireException.INSTANCE;
        }
        pos += n;
    }

    /** Thrown on malformed input; a shared instance without a stack trace (callers fall back, they do not report it). */
    public static final class MalformedWireException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final MalformedWireException INSTANCE = new MalformedWireException();

        private MalformedWireException() {
            super("malformed protobuf", null, false, false);
        }
    }
}
