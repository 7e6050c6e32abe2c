package io.github.otelflink.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.UnknownFieldSet;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestMetadataTest {

    private static final ExportMetricsServiceRequest REQUEST = ExportMetricsServiceRequest.newBuilder()
            .addResourceMetrics(ResourceMetrics.getDefaultInstance()).build();

    @Test
    void carriesValuesThroughTheWireFormatAndLooksKeysUpInAnyCase() throws Exception {
        ExportMetricsServiceRequest with = RequestMetadata.replace(REQUEST,
                Map.of("X-Scope-OrgID", List.of("team-a"), "x-multi", List.of("one", "two")));

        ExportMetricsServiceRequest reread = ExportMetricsServiceRequest.parseFrom(with.toByteArray());

        assertThat(RequestMetadata.present(reread)).isTrue();
        assertThat(RequestMetadata.get(reread, "x-scope-orgid")).containsExactly("team-a");
        assertThat(RequestMetadata.get(reread, "X-SCOPE-ORGID")).containsExactly("team-a");
        assertThat(RequestMetadata.get(reread, "X-Multi")).containsExactly("one", "two");
        assertThat(RequestMetadata.get(reread, "absent")).isEmpty();
        assertThat(RequestMetadata.joined(reread, ";")).containsEntry("x-multi", "one;two")
                .containsEntry("x-scope-orgid", "team-a");
        // The OTLP content is untouched.
        assertThat(reread.getResourceMetricsList()).isEqualTo(REQUEST.getResourceMetricsList());
    }

    @Test
    void stripRemovesOnlyTheInternalFieldAndCopiesNothingWithoutIt() {
        ExportMetricsServiceRequest forged = forged(REQUEST, "x-scope-orgid", "victim");
        assertThat(RequestMetadata.get(forged, "x-scope-orgid")).containsExactly("victim");

        ExportMetricsServiceRequest stripped = RequestMetadata.strip(forged);

        assertThat(RequestMetadata.present(stripped)).isFalse();
        assertThat(RequestMetadata.get(stripped, "x-scope-orgid")).isEmpty();
        assertThat(stripped.getUnknownFields().hasField(7)).isTrue();
        assertThat(RequestMetadata.strip(REQUEST)).isSameAs(REQUEST);
    }

    @Test
    void replaceDropsAForgedValueEvenWhenTheClientSendsNoHeader() {
        ExportMetricsServiceRequest forged = forged(REQUEST, "x-scope-orgid", "victim");

        assertThat(RequestMetadata.get(RequestMetadata.replace(forged, Map.of()), "x-scope-orgid")).isEmpty();
        assertThat(RequestMetadata.get(RequestMetadata.replace(forged, Map.of("x-scope-orgid", List.of("mine"))),
                "x-scope-orgid")).containsExactly("mine");
    }

    /** What a client would send to pick a tenant: the internal field plus another unknown field. */
    static ExportMetricsServiceRequest forged(ExportMetricsServiceRequest request, String key, String value) {
        ExportMetricsServiceRequest carrying = RequestMetadata.replace(request, Map.of(key, List.of(value)));
        return carrying.toBuilder().setUnknownFields(UnknownFieldSet.newBuilder(carrying.getUnknownFields())
                .addField(7, UnknownFieldSet.Field.newBuilder().addVarint(1).build()).build()).build();
    }
}
