package io.github.otelflink.connectors.otlp;

import java.io.IOException;

/** A request body, as received or once decompressed, over the size limit (HTTP 413). */
final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    BodyTooLargeException(String message) {
        super(message);
    }
}
