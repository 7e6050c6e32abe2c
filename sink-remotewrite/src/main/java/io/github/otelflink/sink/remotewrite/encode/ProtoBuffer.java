package io.github.otelflink.sink.remotewrite.encode;

import java.util.Arrays;

/**
 * A growable byte buffer with the few protobuf wire primitives the encoders need. Reused across
 * requests so the hot path allocates nothing per sample.
 */
final class ProtoBuffer {
    private byte[] buf;
    private int pos;

    ProtoBuffer(int initialCapacity) {
        this.buf = new byte[initialCapacity];
    }

    void reset(int expectedSize) {
        pos = 0;
        ensure(expectedSize);
    }

    byte[] array() {
        return buf;
    }

    int length() {
        return pos;
    }

    void ensure(int extra) {
        if (pos + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + extra));
        }
    }

    void writeByte(int b) {
        buf[pos++] = (byte) b;
    }

    void writeVarint32(int v) {
        while ((v & ~0x7f) != 0) {
            buf[pos++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    void writeVarint64(long v) {
        while ((v & ~0x7fL) != 0) {
            buf[pos++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    void writeFixed64(long v) {
        buf[pos++] = (byte) v;
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 32);
        buf[pos++] = (byte) (v >>> 40);
        buf[pos++] = (byte) (v >>> 48);
        buf[pos++] = (byte) (v >>> 56);
    }

    void writeBytes(byte[] b) {
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    void writeBytes(byte[] b, int from, int length) {
        System.arraycopy(b, from, buf, pos, length);
        pos += length;
    }

    /** A length-delimited field with the given bytes. */
    void writeLengthDelimited(int tag, byte[] b) {
        writeByte(tag);
        writeVarint32(b.length);
        writeBytes(b);
    }

    static int varint32Size(int v) {
        if ((v & (~0 << 7)) == 0) {
            return 1;
        }
        if ((v & (~0 << 14)) == 0) {
            return 2;
        }
        if ((v & (~0 << 21)) == 0) {
            return 3;
        }
        if ((v & (~0 << 28)) == 0) {
            return 4;
        }
        return 5;
    }

    static int varint64Size(long v) {
        // ceil(significant bits / 7), at least 1, without a loop: a millisecond timestamp took six
        // iterations, and this runs for every sample at least twice (size estimate, encoding).
        return (640 - 9 * Long.numberOfLeadingZeros(v)) >>> 6;
    }

    /** Size of a length-delimited field (one-byte tag) whose payload is {@code len} bytes. */
    static int lengthDelimitedSize(int len) {
        return 1 + varint32Size(len) + len;
    }

    static int zigZag32(int v) {
        return (v << 1) ^ (v >> 31);
    }

    static long zigZag64(long v) {
        return (v << 1) ^ (v >> 63);
    }
}
