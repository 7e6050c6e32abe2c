package io.github.otelflink.connectors;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequestOrBuilder;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The client metadata of an export request (the Collector's {@code client.Info.Metadata}: the
 * request's HTTP headers or gRPC metadata) as it travels with the request from the OTLP ingress
 * to the processors and the translator. It is carried inside the request itself, as an unknown
 * field of {@code ExportMetricsServiceRequest} with an internal field number ({@link #FIELD}), so
 * the stream's element type and its wire-format serializer stay as they are.
 *
 * <p>Only the ingress may set it: every source removes the field from what a client sent
 * ({@link #strip}) before it attaches what it captured, so a client cannot name its own tenant
 * by writing the field into its protobuf body. Keys are stored in lower case (HTTP header names
 * and gRPC metadata keys are case-insensitive) and looked up case-insensitively; a key sent
 * several times keeps every value, in order.
 */
public final class RequestMetadata {

    /**
     * The internal field number: far above anything OTLP uses, never sent to or accepted from a
     * client. Each occurrence holds one {@code KeyValue} (key, string value).
     */
    public static final int FIELD = 536_870_000;

    private RequestMetadata() {}

    /** {@code request} without a client-sent metadata field; itself (no copy) in the common case of none. */
    public static ExportMetricsServiceRequest strip(ExportMetricsServiceRequest request) {
        if (!request.getUnknownFields().hasField(FIELD)) {
            return request;
        }
        return request.toBuilder()
                .setUnknownFields(UnknownFieldSet.newBuilder(request.getUnknownFields()).clearField(FIELD).build())
                .build();
    }

    /**
     * {@code request} without a client-sent metadata field and with {@code metadata} (name to
     * values) in its place; no copy when both are empty.
     */
    public static ExportMetricsServiceRequest replace(ExportMetricsServiceRequest request,
            Map<String, ? extends Collection<String>> metadata) {
        if (metadata.isEmpty()) {
            return strip(request);
        }
        UnknownFieldSet.Field.Builder field = UnknownFieldSet.Field.newBuilder();
        for (Map.Entry<String, ? extends Collection<String>> entry : metadata.entrySet()) {
            String key = entry.getKey().toLowerCase(Locale.ROOT);
            for (String value : entry.getValue()) {
                field.addLengthDelimited(KeyValue.newBuilder().setKey(key)
                        .setValue(AnyValue.newBuilder().setStringValue(value)).build().toByteString());
            }
        }
        UnknownFieldSet fields = UnknownFieldSet.newBuilder(request.getUnknownFields())
                .clearField(FIELD).addField(FIELD, field.build()).build();
        return request.toBuilder().setUnknownFields(fields).build();
    }

    /** Whether {@code request} carries any metadata. */
    public static boolean present(ExportMetricsServiceRequestOrBuilder request) {
        return request.getUnknownFields().hasField(FIELD);
    }

    /** The values of {@code key} (any case) in the order they were sent; empty when absent. */
    public static List<String> get(ExportMetricsServiceRequestOrBuilder request, String key) {
        UnknownFieldSet fields = request.getUnknownFields();
        if (!fields.hasField(FIELD)) {
            return List.of();
        }
        List<String> values = new ArrayList<>(1);
        for (ByteString entry : fields.getField(FIELD).getLengthDelimitedList()) {
            KeyValue kv = parse(entry);
            if (kv != null && kv.getKey().equalsIgnoreCase(key)) {
                values.add(kv.getValue().getStringValue());
            }
        }
        return values;
    }

    /** Every key (lower case) with its values joined by {@code separator}, for processors that read several keys. */
    public static Map<String, String> joined(ExportMetricsServiceRequestOrBuilder request, String separator) {
        UnknownFieldSet fields = request.getUnknownFields();
        if (!fields.hasField(FIELD)) {
            return Map.of();
        }
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (ByteString entry : fields.getField(FIELD).getLengthDelimitedList()) {
            KeyValue kv = parse(entry);
            if (kv != null) {
                out.merge(kv.getKey(), kv.getValue().getStringValue(), (a, b) -> a + separator + b);
            }
        }
        return out;
    }

    private static KeyValue parse(ByteString entry) {
        try {
            return KeyValue.parseFrom(entry);
        } catch (InvalidProtocolBufferException e) {
            // Only the ingress writes the field (a client's is stripped), so this does not happen.
            return null;
        }
    }
}
