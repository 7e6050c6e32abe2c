package io.github.otelflink.sink.remotewrite.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.sink.remotewrite.encode.RemoteWriteProtocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

class ResponseClassifierTest {

    private static final String WRITTEN = "x-prometheus-remote-write-samples-written";

    private static ResponseClass classify(int status, String body, RemoteWriteProtocol protocol) {
        return ResponseClassifier.classify(new RemoteWriteResponse(status, Map.of(), body), protocol);
    }

    private static ResponseClass classify(int status, Map<String, String> headers, RemoteWriteProtocol protocol) {
        return ResponseClassifier.classify(new RemoteWriteResponse(status, headers, ""), protocol);
    }

    @ParameterizedTest(name = "{0} {1} \"{2}\" -> {3}")
    @CsvSource({
        // success
        "200, V1, '', DELIVERED",
        "204, V1, '', DELIVERED",
        "201, V1, '', DELIVERED",
        // retryable
        "429, V1, '', RETRYABLE",
        "429, V2, '', RETRYABLE",
        "500, V1, '', RETRYABLE",
        "502, V1, '', RETRYABLE",
        "503, V1, '', RETRYABLE",
        "504, V2, '', RETRYABLE",
        // 5xx wins over a conflict text: only 4xx bodies are inspected
        "500, V1, 'out of order sample', RETRYABLE",
        // receiver already has newer data
        "400, V1, 'out of order sample', SAMPLE_CONFLICT",
        "400, V1, 'duplicate sample for timestamp', SAMPLE_CONFLICT",
        "400, V1, 'Out Of Order Sample', SAMPLE_CONFLICT",
        "400, V2, 'err-mimir-sample-out-of-order: out-of-order sample', SAMPLE_CONFLICT",
        "400, V1, 'sample with repeated timestamp but different value', SAMPLE_CONFLICT",
        "409, V1, 'out of order sample', SAMPLE_CONFLICT",
        "400, V1, 'failed to append: out of order sample. series={__name__=\"up\"}', SAMPLE_CONFLICT",
        // too old
        "400, V1, 'out of bounds', SAMPLE_TOO_OLD",
        "400, V1, 'too old sample', SAMPLE_TOO_OLD",
        "400, V1, 'sample timestamp too far in the past', SAMPLE_TOO_OLD",
        // permanent
        "400, V1, 'snappy: corrupt input', PERMANENT",
        "400, V1, '', PERMANENT",
        "401, V1, '', PERMANENT",
        "403, V1, '', PERMANENT",
        "404, V1, '', PERMANENT",
        "413, V1, '', PERMANENT",
        "415, V1, '', PERMANENT",
        "401, V1, 'out of order sample', PERMANENT",
        "301, V1, '', PERMANENT",
        "100, V1, '', PERMANENT",
        // protocol negotiation
        "415, V2, '', UNSUPPORTED_PROTOCOL"
    })
    void table(int status, RemoteWriteProtocol protocol, String body, ResponseClass expected) {
        assertThat(classify(status, body, protocol)).isEqualTo(expected);
    }

    @Test
    void v2SuccessWithoutWrittenHeaderMeansTheReceiverDidNotUnderstand() {
        assertThat(classify(204, Map.of(), RemoteWriteProtocol.V2)).isEqualTo(ResponseClass.UNSUPPORTED_PROTOCOL);
        assertThat(classify(200, Map.of(), RemoteWriteProtocol.V2)).isEqualTo(ResponseClass.UNSUPPORTED_PROTOCOL);
    }

    @Test
    void v2SuccessWithWrittenHeaderIsDelivered() {
        assertThat(classify(204, Map.of(WRITTEN, "12"), RemoteWriteProtocol.V2)).isEqualTo(ResponseClass.DELIVERED);
        assertThat(classify(204, Map.of(WRITTEN, "0"), RemoteWriteProtocol.V2)).isEqualTo(ResponseClass.DELIVERED);
    }

    @Test
    void onlyTheSamplesWrittenHeaderCountsForV2() {
        Map<String, String> other = Map.of("x-prometheus-remote-write-histograms-written", "3");

        assertThat(classify(204, other, RemoteWriteProtocol.V2)).isEqualTo(ResponseClass.UNSUPPORTED_PROTOCOL);
    }

    @Test
    void v1SuccessIgnoresTheWrittenHeader() {
        assertThat(classify(204, Map.of(), RemoteWriteProtocol.V1)).isEqualTo(ResponseClass.DELIVERED);
        assertThat(classify(204, Map.of(WRITTEN, "5"), RemoteWriteProtocol.V1)).isEqualTo(ResponseClass.DELIVERED);
    }

    @Test
    void headerLookupIsCaseInsensitiveOnTheName() {
        RemoteWriteResponse response = new RemoteWriteResponse(204, Map.of(WRITTEN, "7"), "");

        assertThat(response.header(ResponseClassifier.SAMPLES_WRITTEN)).isEqualTo("7");
        assertThat(response.header("X-PROMETHEUS-REMOTE-WRITE-SAMPLES-WRITTEN")).isEqualTo("7");
    }

    @Test
    void truncateKeepsShortBodiesAndCutsLongOnes() {
        assertThat(RemoteWriteResponse.truncate(null)).isEmpty();
        assertThat(RemoteWriteResponse.truncate("short")).isEqualTo("short");
        String longBody = "x".repeat(RemoteWriteResponse.MAX_BODY_CHARS + 500);
        assertThat(RemoteWriteResponse.truncate(longBody))
                .hasSize(RemoteWriteResponse.MAX_BODY_CHARS + 1)
                .startsWith("x".repeat(RemoteWriteResponse.MAX_BODY_CHARS));
    }

    /** Bodies as Prometheus 2.42 sends them (Go's http.Error adds a newline). */
    @Test
    void prometheus500sThatNoRetryCanFixAreNotRetried() {
        assertThat(classify500("too old sample\n")).isEqualTo(ResponseClass.SAMPLE_TOO_OLD);
        assertThat(classify500("native histograms are disabled\n")).isEqualTo(ResponseClass.PERMANENT);
        assertThat(classify500("label name \"a\" is not unique: invalid sample\n")).isEqualTo(ResponseClass.PERMANENT);
        assertThat(classify500("some transient failure\n")).isEqualTo(ResponseClass.RETRYABLE);
    }

    private static ResponseClass classify500(String body) {
        return ResponseClassifier.classify(new RemoteWriteResponse(500, java.util.Map.of(), body),
                io.github.otelflink.sink.remotewrite.encode.RemoteWriteProtocol.V1);
    }
}
