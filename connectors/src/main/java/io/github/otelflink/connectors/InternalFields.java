package io.github.otelflink.connectors;

import com.google.protobuf.UnknownFieldSet;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

/**
 * The unknown fields only this project's sources write into a request: the client metadata
 * ({@link RequestMetadata}) and an undecoded body ({@link UndecodedRequest}). Where requests enter
 * the job decoded from a client's bytes, a copy of any of them is removed, so that a client can
 * neither name its own tenant nor hand the translator a body no scan has checked.
 */
public final class InternalFields {
    private static final int[] FIELDS = {RequestMetadata.FIELD, UndecodedRequest.FIELD};

    private InternalFields() {}

    /** {@code request} without any internal field; itself (no copy) in the common case of none. */
    public static ExportMetricsServiceRequest stripClientWritten(ExportMetricsServiceRequest request) {
        UnknownFieldSet unknown = request.getUnknownFields();
        UnknownFieldSet.Builder kept = null;
        for (int field : FIELDS) {
            if (unknown.hasField(field)) {
                kept = kept == null ? UnknownFieldSet.newBuilder(unknown) : kept;
                kept.clearField(field);
            }
        }
        return kept == null ? request : request.toBuilder().setUnknownFields(kept.build()).build();
    }
}
