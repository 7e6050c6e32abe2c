package io.github.otelflink.sink.remotewrite.encode;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import io.github.otelflink.sink.remotewrite.proto.v2.WriteV2;

import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.util.List;

/**
 * Tenant routing's label is left out of what is sent, by both encoders: the request is byte for
 * byte the one the same series without that label would give.
 */
class OmittedLabelEncodingTest {
    private static final String TENANT = "__tenant_id__";

    private static byte[] raw(EncodedRequest request) throws IOException {
        return Snappy.uncompress(request.body());
    }

    private static List<TimeSeries> withTenant() {
        return List.of(
                TimeSeries.ofSample(Labels.of("A_upper", "x", "__name__", "up", TENANT, "team-a", "job", "j"), 1000, 1),
                TimeSeries.ofSample(Labels.of("__name__", "down", "job", "j"), 2000, 2),
                TimeSeries.ofSample(Labels.of("__name__", "up", TENANT, "team-a", "zone", "z"), 3000, 3));
    }

    private static List<TimeSeries> withoutTenant() {
        return List.of(
                TimeSeries.ofSample(Labels.of("A_upper", "x", "__name__", "up", "job", "j"), 1000, 1),
                TimeSeries.ofSample(Labels.of("__name__", "down", "job", "j"), 2000, 2),
                TimeSeries.ofSample(Labels.of("__name__", "up", "zone", "z"), 3000, 3));
    }

    @Test
    void remoteWrite1LeavesTheLabelOut() throws IOException {
        byte[] omitted = raw(new WriteRequestEncoder(false, TENANT).encode(withTenant()));
        byte[] plain = raw(new WriteRequestEncoder(false).encode(withoutTenant()));
        assertThat(omitted).isEqualTo(plain);
        assertThat(raw(new WriteRequestEncoder(false).encode(withTenant()))).as("sent when not omitted")
                .isNotEqualTo(plain);
    }

    @Test
    void remoteWrite2LeavesTheLabelOutOfSeriesAndSymbols() throws IOException {
        byte[] omitted = raw(new WriteRequestV2Encoder(TENANT).encode(withTenant()));
        assertThat(omitted).isEqualTo(raw(new WriteRequestV2Encoder().encode(withoutTenant())));
        assertThat(WriteV2.Request.parseFrom(omitted).getSymbolsList()).doesNotContain(TENANT, "team-a");
    }

    @Test
    void findsTheLabelFieldAndItsValueInTheEncodedBytes() {
        Labels labels = Labels.of("__name__", "up", TENANT, "team-a", "job", "j");
        long field = labels.encodedFieldRange(TENANT.getBytes());
        assertThat(field).isNotNegative();
        long value = labels.encodedValueRange(field);
        assertThat(new String(labels.encodedV1(), (int) (value >>> 32), (int) value)).isEqualTo("team-a");
        assertThat(labels.encodedFieldRange("__tenant".getBytes())).as("a prefix is not the name").isEqualTo(-1);
        assertThat(Labels.of("__name__", "up").encodedFieldRange(TENANT.getBytes())).isEqualTo(-1);
        // Sorted labels: the label after every other, and names sorting before and after it.
        assertThat(Labels.of("__name__", "up", TENANT, "t").encodedFieldRange(TENANT.getBytes())).isNotNegative();
        assertThat(Labels.of("A", "x", "__name__", "up", "_z", "y", "job", "j").encodedFieldRange(TENANT.getBytes()))
                .isEqualTo(-1);
        assertThat(Labels.of("A", "x", TENANT, "t", "job", "j").encodedFieldRange("job".getBytes())).isNotNegative();
    }
}
