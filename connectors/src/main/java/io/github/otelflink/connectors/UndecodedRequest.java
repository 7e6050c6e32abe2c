package io.github.otelflink.connectors;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.UnsafeByteOperations;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequestOrBuilder;

/**
 * An export request still in its binary protobuf body, carried through the stream as an
 * {@code ExportMetricsServiceRequest} that holds the body in an internal unknown field (like
 * {@link RequestMetadata}, which may sit next to it) and no resource metrics of its own.
 *
 * <p>The OTLP ingress passes a body on this way when {@link
 * io.github.otelflink.connectors.decode.OtlpWireScan} accepted it: decoding it into protobuf-java
 * objects cost the ingress threads two thirds of their CPU and was 43% of the job's allocations,
 * and a pipeline without processors never needs the objects (the translator reads the bytes).
 * Every operator that reads a request's content must therefore call {@link #decoded} first, or
 * read {@link #body} itself; the job's processors, translator and debug exporter do.
 */
public final class UndecodedRequest {

    /** The internal field: one length-delimited body and one varint, its data point count. */
    public static final int FIELD = 536_870_001;

    private UndecodedRequest() {}

    /**
     * A request carrying {@code body} (not copied: the caller gives it up) with {@code points} data
     * points, as counted by the scan.
     */
    public static ExportMetricsServiceRequest wrap(byte[] body, long points) {
        UnknownFieldSet.Field field = UnknownFieldSet.Field.newBuilder()
                .addLengthDelimited(UnsafeByteOperations.unsafeWrap(body))
                .addVarint(points)
                .build();
        return ExportMetricsServiceRequest.newBuilder()
                .setUnknownFields(UnknownFieldSet.newBuilder().addField(FIELD, field).build())
                .build();
    }

    /** Whether {@code request} still holds its body undecoded. */
    public static boolean isUndecoded(ExportMetricsServiceRequestOrBuilder request) {
        return request.getUnknownFields().hasField(FIELD);
    }

    /** The body of an undecoded request. */
    public static ByteString body(ExportMetricsServiceRequestOrBuilder request) {
        return field(request).getLengthDelimitedList().get(0);
    }

    /** The data points of an undecoded request. */
    public static long points(ExportMetricsServiceRequestOrBuilder request) {
        return field(request).getVarintList().get(0);
    }

    /**
     * {@code request} as protobuf-java objects, with its other internal fields (the client
     * metadata) kept; the request itself when it is not undecoded.
     */
    public static ExportMetricsServiceRequest decoded(ExportMetricsServiceRequest request) {
        if (!isUndecoded(request)) {
            return request;
        }
        ExportMetricsServiceRequest parsed;
        try {
            parsed = ExportMetricsServiceRequest.parseFrom(body(request));
        } catch (InvalidProtocolBufferException e) {
            // The ingress scanned the body before wrapping it: protobuf-java accepts what it accepts.
            throw new IllegalStateException("an undecoded OTLP request does not decode: " + e.getMessage(), e);
        }
        UnknownFieldSet others = UnknownFieldSet.newBuilder(request.getUnknownFields()).clearField(FIELD).build();
        return parsed.toBuilder().setUnknownFields(others).build();
    }

    private static UnknownFieldSet.Field field(ExportMetricsServiceRequestOrBuilder request) {
        UnknownFieldSet.Field field = request.getUnknownFields().getField(FIELD);
        if (field.getLengthDelimitedList().size() != 1 || field.getVarintList().size() != 1) {
            throw new IllegalArgumentException("not an undecoded OTLP request");
        }
        return field;
    }
}
