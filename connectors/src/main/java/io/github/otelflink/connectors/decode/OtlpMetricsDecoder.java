package io.github.otelflink.connectors.decode;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

/**
 * Decodes OTLP metrics export requests from the two OTLP encodings: binary protobuf
 * ({@code application/x-protobuf}, the Collector's {@code otlp_proto}) and JSON ({@code
 * application/json}, {@code otlp_json}).
 *
 * <pre>{@code
 * ExportMetricsServiceRequest request = OtlpMetricsDecoder.decodeJson(body);
 * }</pre>
 *
 * <p>Both methods are thread-safe and throw {@link MalformedOtlpException} with a message fit to
 * return to the client: for JSON the path of the bad field, e.g. {@code
 * resourceMetrics[0].scopeMetrics[1].metrics[0].gauge.dataPoints[2].asDouble: expected a number,
 * got "abc" (line 1, column 310)}; for protobuf the parser's reason and the byte offset. Invalid
 * UTF-8 in strings is an error in both encodings, never replaced.
 */
public final class OtlpMetricsDecoder {

    private OtlpMetricsDecoder() {}

    /** Decodes a binary protobuf {@code ExportMetricsServiceRequest}; an empty array is an empty request. */
    public static ExportMetricsServiceRequest decodeProtobuf(byte[] bytes) throws MalformedOtlpException {
        return decodeProtobuf(bytes, 0, bytes.length);
    }

    /** Decodes {@code length} bytes of {@code bytes} from {@code offset} as binary protobuf. */
    public static ExportMetricsServiceRequest decodeProtobuf(byte[] bytes, int offset, int length)
            throws MalformedOtlpException {
        CodedInputStream input = CodedInputStream.newInstance(bytes, offset, length);
        try {
            return ExportMetricsServiceRequest.parser().parseFrom(input);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedOtlpException(
                    "invalid protobuf ExportMetricsServiceRequest: " + e.getMessage() + " (at byte "
                            + input.getTotalBytesRead() + " of " + length + ")",
                    e);
        }
    }

    /**
     * Decodes the remaining bytes of {@code buffer} (direct or not) as binary protobuf, without
     * copying them to an array first: the ingress parses a body where the network put it.
     */
    public static ExportMetricsServiceRequest decodeProtobuf(java.nio.ByteBuffer buffer) throws MalformedOtlpException {
        int length = buffer.remaining();
        CodedInputStream input = CodedInputStream.newInstance(buffer);
        try {
            return ExportMetricsServiceRequest.parser().parseFrom(input);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedOtlpException(
                    "invalid protobuf ExportMetricsServiceRequest: " + e.getMessage() + " (at byte "
                            + input.getTotalBytesRead() + " of " + length + ")",
                    e);
        }
    }

    /** Decodes an OTLP/JSON {@code ExportMetricsServiceRequest} from UTF-8 bytes. */
    public static ExportMetricsServiceRequest decodeJson(byte[] utf8) throws MalformedOtlpException {
        return decodeJson(utf8, 0, utf8.length);
    }

    /**
     * Reads {@code length} UTF-8 bytes of {@code utf8} from {@code offset} as OTLP/JSON and returns
     * the request in protobuf wire format (nested lengths written as padded varints), with the
     * same errors {@link #decodeJson} reports: the OTLP ingress then treats it as a protobuf body.
     */
    public static byte[] jsonToProtobuf(byte[] utf8, int offset, int length) throws MalformedOtlpException {
        return OtlpJsonDecoder.toWire(utf8, offset, length, ExportMetricsServiceRequest.getDescriptor());
    }

    /** Decodes {@code length} UTF-8 bytes of {@code utf8} from {@code offset} as OTLP/JSON. */
    public static ExportMetricsServiceRequest decodeJson(byte[] utf8, int offset, int length)
            throws MalformedOtlpException {
        ExportMetricsServiceRequest.Builder request = ExportMetricsServiceRequest.newBuilder();
        OtlpJsonDecoder.decode(utf8, offset, length, request);
        return request.build();
    }
}
