package io.github.otelflink.sink.remotewrite.http;

import org.apache.flink.annotation.Internal;

import java.util.Map;

/**
 * What the receiver answered.
 *
 * @param status the HTTP status code
 * @param headers response headers, names in lower case
 * @param body the response body, truncated (receivers echo whole requests in errors; logging
 *     them in full would flood the log)
 */
@Internal
public record RemoteWriteResponse(int status, Map<String, String> headers, String body) {
    /** Longest body kept, like Prometheus's own sender. */
    public static final int MAX_BODY_CHARS = 1024;

    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    public static String truncate(String body) {
        if (body == null) {
            return "";
        }
        return body.length() <= MAX_BODY_CHARS ? body : body.substring(0, MAX_BODY_CHARS) + "…";
    }
}
