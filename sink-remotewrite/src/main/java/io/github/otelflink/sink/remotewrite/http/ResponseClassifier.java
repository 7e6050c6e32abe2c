package io.github.otelflink.sink.remotewrite.http;

import io.github.otelflink.sink.remotewrite.encode.RemoteWriteProtocol;

import org.apache.flink.annotation.Internal;

import java.util.Locale;

/**
 * The one place that decides what a receiver's answer means (see {@link ResponseClass}). The
 * remote-write spec: retry 5xx and 429, never other 4xx. Receiver error texts are matched as
 * Prometheus, Mimir, Cortex and Thanos word them.
 */
@Internal
public final class ResponseClassifier {
    /** Header a remote write 2.0 receiver sets on success. */
    public static final String SAMPLES_WRITTEN = "X-Prometheus-Remote-Write-Samples-Written";

    private ResponseClassifier() {}

    public static ResponseClass classify(RemoteWriteResponse response, RemoteWriteProtocol protocol) {
        int status = response.status();
        if (status >= 200 && status < 300) {
            // Prometheus before 2.54 answers 204 to a 2.0 request and stores nothing: a 2.0
            // receiver always reports what it wrote.
            if (protocol == RemoteWriteProtocol.V2 && response.header(SAMPLES_WRITTEN) == null) {
                return ResponseClass.UNSUPPORTED_PROTOCOL;
            }
            return ResponseClass.DELIVERED;
        }
        if (status == 415 && protocol == RemoteWriteProtocol.V2) {
            return ResponseClass.UNSUPPORTED_PROTOCOL;
        }
        if (status == 500) {
            // Prometheus answers 500 to some errors that no retry can fix; retrying them would
            // only hold the batch until max_elapsed_time (measured on 2.42).
            String body = response.body().toLowerCase(Locale.ROOT);
            if (body.contains("too old sample")) {
                return ResponseClass.SAMPLE_TOO_OLD;
            }
            if (body.contains("native histograms are disabled") || body.contains("is not unique: invalid sample")) {
                return ResponseClass.PERMANENT;
            }
        }
        if (status == 429 || status >= 500) {
            return ResponseClass.RETRYABLE;
        }
        if (status == 400 || status == 409) {
            String body = response.body().toLowerCase(Locale.ROOT);
            if (body.contains("out of order sample")
                    || body.contains("duplicate sample for timestamp")
                    || body.contains("out-of-order sample")
                    || body.contains("sample with repeated timestamp")) {
                return ResponseClass.SAMPLE_CONFLICT;
            }
            if (body.contains("out of bounds") || body.contains("too old") || body.contains("too far in the past")) {
                return ResponseClass.SAMPLE_TOO_OLD;
            }
        }
        return ResponseClass.PERMANENT;
    }
}
