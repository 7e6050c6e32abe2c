package io.github.otelflink.connectors.kafka;

import org.slf4j.Logger;

/**
 * Logs a recurring warning at most once per interval, saying how many were suppressed in between,
 * so a topic full of bad records cannot flood the logs. Not thread-safe: one per reader.
 */
final class ThrottledLog {
    private final Logger log;
    private final long intervalNanos;
    private long nextAllowedNanos;
    private long suppressed;
    private boolean first = true;

    ThrottledLog(Logger log, long intervalMillis) {
        this.log = log;
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    /**
     * Logs {@code message} unless throttled; the first message also carries {@code cause}'s stack trace
     * when there is one.
     */
    void warn(String message, Throwable cause) {
        long now = System.nanoTime();
        if (!first && now - nextAllowedNanos < 0) {
            suppressed++;
            return;
        }
        String suffix = suppressed > 0 ? " (" + suppressed + " similar messages suppressed)" : "";
        if (first && cause != null) {
            log.warn(message + suffix, cause);
        } else {
            log.warn(message + suffix);
        }
        first = false;
        suppressed = 0;
        nextAllowedNanos = now + intervalNanos;
    }
}
