package io.github.otelflink.connectors.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.github.otelflink.connectors.decode.MalformedOtlpException;
import io.github.otelflink.connectors.decode.OtlpMetricsDecoder;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.annotation.Nullable;

/** The two OTLP/HTTP encodings; answers use the encoding of the request. */
enum BodyFormat {
    PROTOBUF("application/x-protobuf"),
    JSON("application/json");

    private static final JsonFormat.Printer JSON_PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private final String contentType;

    BodyFormat(String contentType) {
        this.contentType = contentType;
    }

    String contentType() {
        return contentType;
    }

    /** The format of a {@code Content-Type} value (parameters ignored), or null if unsupported. */
    @Nullable
    static BodyFormat of(@Nullable CharSequence mimeType) {
        if (mimeType == null) {
            return null;
        }
        String type = mimeType.toString().trim().toLowerCase(Locale.ROOT);
        for (BodyFormat format : values()) {
            if (format.contentType.equals(type)) {
                return format;
            }
        }
        return null;
    }

    /** Decodes the remaining bytes of {@code body}, a heap or a direct buffer. */
    ExportMetricsServiceRequest decode(ByteBuffer body) throws MalformedOtlpException {
        if (this == PROTOBUF) {
            return OtlpMetricsDecoder.decodeProtobuf(body);
        }
        return readJson(body, OtlpMetricsDecoder::decodeJson);
    }

    /** The remaining bytes of {@code body}, OTLP/JSON, as a protobuf {@code ExportMetricsServiceRequest}. */
    byte[] toProtobuf(ByteBuffer body) throws MalformedOtlpException {
        if (this == PROTOBUF) {
            throw new IllegalStateException("a protobuf body is protobuf already");
        }
        return readJson(body, OtlpMetricsDecoder::jsonToProtobuf);
    }

    /** Reads a JSON body where it lies when it is on the heap, else from a copy. */
    private static <T> T readJson(ByteBuffer body, JsonReader<T> reader) throws MalformedOtlpException {
        if (body.hasArray()) {
            return reader.read(body.array(), body.arrayOffset() + body.position(), body.remaining());
        }
        byte[] utf8 = new byte[body.remaining()];
        body.get(utf8);
        return reader.read(utf8, 0, utf8.length);
    }

    private interface JsonReader<T> {
        T read(byte[] utf8, int offset, int length) throws MalformedOtlpException;
    }

    byte[] encode(com.google.protobuf.Message message) {
        if (this == PROTOBUF) {
            return message.toByteArray();
        }
        return printJson(message).getBytes(StandardCharsets.UTF_8);
    }

    private static String printJson(MessageOrBuilder message) {
        try {
            return JSON_PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            // Only Any fields with unknown types fail, and the answers here have none.
            throw new IllegalStateException(e);
        }
    }
}
