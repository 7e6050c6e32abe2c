package io.github.otelflink.connectors.decode;

import java.io.IOException;

/**
 * An OTLP payload that cannot be decoded. The message says what was wrong and where: for JSON
 * the path of the offending field and the line and column, for example {@code
 * resourceMetrics[0].scopeMetrics[1].metrics[0].gauge.dataPoints[2].asDouble: expected a number,
 * got "abc" (line 1, column 310)}; for protobuf the parser's reason and the byte offset.
 *
 * <p>It is an {@link IOException} so that deserializers (Kafka's {@code
 * DeserializationSchema#deserialize}) can let it through unchanged.
 */
public final class MalformedOtlpException extends IOException {
    private static final long serialVersionUID = 1L;

    public MalformedOtlpException(String message) {
        super(message);
    }

    public MalformedOtlpException(String message, Throwable cause) {
        super(message, cause);
    }
}
