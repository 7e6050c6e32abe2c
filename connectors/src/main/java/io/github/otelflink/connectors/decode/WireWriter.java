package io.github.otelflink.connectors.decode;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes protobuf wire format into a growing array, field by field, for a decoder that reads
 * another format (OTLP/JSON, {@link OtlpJsonDecoder}) without building protobuf-java messages:
 * their generic setters go through reflection ({@code Method.invoke}), which was a fifth of the
 * ingress threads on JSON input (bench README, ninth round). The bytes then parse with the
 * generated parser, or pass the ingress's wire scan like a protobuf body.
 *
 * <p>A nested message's length is written as a five-byte varint, filled in when the message
 * ends, so no message is copied into its parent. Protobuf parsers accept such padded varints
 * (every one of them does: a varint is read to its last byte, however many zero groups it has).
 */
final class WireWriter {
    private static final int LENGTH_BYTES = 5;

    private byte[] buf = new byte[256];
    private int pos;
    private int[] open = new int[16];
    private int depth;

    /** Starts the message field {@code number}; {@link #endMessage} ends it. */
    void beginMessage(int number) {
        tag(number, 2);
        ensure(LENGTH_BYTES);
        if (depth == open.length) {
            open = Arrays.copyOf(open, depth * 2);
        }
        open[depth++] = pos;
        pos += LENGTH_BYTES;
    }

    void endMessage() {
        int start = open[--depth];
        int length = pos - start - LENGTH_BYTES;
        for (int i = 0; i < LENGTH_BYTES - 1; i++) {
            buf[start + i] = (byte) ((length & 0x7f) | 0x80);
            length >>>= 7;
        }
        buf[start + LENGTH_BYTES - 1] = (byte) length;
    }

    /** Writes {@code value}, as {@link OtlpJsonScalarReader#read} returns it, as field {@code field}. */
    void scalar(FieldDescriptor field, Object value) {
        int number = field.getNumber();
        switch (field.getType()) {
            case DOUBLE -> fixed64(number, Double.doubleToRawLongBits((Double) value));
            case FLOAT -> fixed32(number, Float.floatToRawIntBits((Float) value));
            case INT64, UINT64 -> varint(number, (Long) value);
            case SINT64 -> varint(number, zigZag((Long) value));
            case FIXED64, SFIXED64 -> fixed64(number, (Long) value);
            case INT32 -> varint(number, (Integer) value); // negative: ten bytes, sign-extended, as protobuf writes it
            case UINT32 -> varint(number, ((Integer) value) & 0xffffffffL);
            case SINT32 -> varint(number, zigZag((Integer) value) & 0xffffffffL);
            case FIXED32, SFIXED32 -> fixed32(number, (Integer) value);
            case BOOL -> varint(number, ((Boolean) value) ? 1 : 0);
            case ENUM -> varint(number, ((EnumValueDescriptor) value).getNumber());
            case STRING -> bytes(number, ((String) value).getBytes(StandardCharsets.UTF_8));
            case BYTES -> bytes(number, ((ByteString) value).toByteArray());
            default -> throw new IllegalArgumentException("unsupported field type " + field.getType());
        }
    }

    /**
     * Writes the characters {@code [from, to)} of {@code chars}, a string without unpaired
     * surrogates, as the UTF-8 string field {@code number}: straight from the JSON parser's buffer,
     * with no string made and encoded again.
     */
    void string(int number, char[] chars, int from, int to) {
        int length = 0;
        for (int i = from; i < to; i++) {
            char c = chars[i];
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c)) {
                length += 4;
                i++; // its low surrogate, checked by the caller
            } else {
                length += 3;
            }
        }
        tag(number, 2);
        rawVarint(length);
        ensure(length);
        for (int i = from; i < to; i++) {
            char c = chars[i];
            if (c < 0x80) {
                buf[pos++] = (byte) c;
            } else if (c < 0x800) {
                buf[pos++] = (byte) (0xc0 | (c >>> 6));
                buf[pos++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c)) {
                int cp = Character.toCodePoint(c, chars[++i]);
                buf[pos++] = (byte) (0xf0 | (cp >>> 18));
                buf[pos++] = (byte) (0x80 | ((cp >>> 12) & 0x3f));
                buf[pos++] = (byte) (0x80 | ((cp >>> 6) & 0x3f));
                buf[pos++] = (byte) (0x80 | (cp & 0x3f));
            } else {
                buf[pos++] = (byte) (0xe0 | (c >>> 12));
                buf[pos++] = (byte) (0x80 | ((c >>> 6) & 0x3f));
                buf[pos++] = (byte) (0x80 | (c & 0x3f));
            }
        }
    }

    /** The bytes written so far (every message ended). */
    byte[] toByteArray() {
        if (depth != 0) {
            throw new IllegalStateException(depth + " messages not ended");
        }
        return Arrays.copyOf(buf, pos);
    }

    private static long zigZag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static int zigZag(int v) {
        return (v << 1) ^ (v >> 31);
    }

    private void tag(int number, int wireType) {
        rawVarint(((long) number << 3) | wireType);
    }

    private void varint(int number, long value) {
        tag(number, 0);
        rawVarint(value);
    }

    private void fixed64(int number, long value) {
        tag(number, 1);
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[pos++] = (byte) (value >>> (8 * i));
        }
    }

    private void fixed32(int number, int value) {
        tag(number, 5);
        ensure(4);
        for (int i = 0; i < 4; i++) {
            buf[pos++] = (byte) (value >>> (8 * i));
        }
    }

    private void bytes(int number, byte[] value) {
        tag(number, 2);
        rawVarint(value.length);
        ensure(value.length);
        System.arraycopy(value, 0, buf, pos, value.length);
        pos += value.length;
    }

    private void rawVarint(long v) {
        ensure(10);
        while ((v & ~0x7fL) != 0) {
            buf[pos++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }
}
