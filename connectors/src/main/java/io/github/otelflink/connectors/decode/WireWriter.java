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
