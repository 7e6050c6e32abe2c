package io.github.otelflink.sink.remotewrite.http;

import org.apache.flink.annotation.Internal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A password or token kept in a file that may be rotated while the job runs: its content is read
 * again at most once per {@link #REREAD_INTERVAL}, on the request path, never for every request.
 *
 * <p>Why a timed re-read and not a {@code WatchService} or a modification-time check: a watch needs
 * a thread per client and, for Kubernetes secrets (a {@code ..data} symlink swapped atomically in the
 * mounted directory), must watch the directory rather than the file to see a rotation at all; the
 * modification time has the kernel's coarse timestamp granularity (a few milliseconds), so a
 * same-size rewrite within it would go unnoticed. Reading a file of a few bytes once a second costs
 * nothing measurable, catches every kind of rotation, and bounds the use of an old secret to a second.
 *
 * <p>When a re-read fails (the file is briefly missing during a rotation), the last value read is
 * kept and the failure logged; when the file could never be read, {@link #value()} throws, which
 * fails the request like a network error (retried).
 */
@Internal
final class SecretFile {
    /** How long a value read from the file is used before the file is read again. */
    static final Duration REREAD_INTERVAL = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(SecretFile.class);

    private final Path path;
    private final boolean firstLineOnly;
    private final LongSupplier nanoTime;
    private String value;
    private long readAtNanos;

    /**
     * @param path the file
     * @param firstLineOnly use the first line (as the Collector's bearertokenauth does with a file of
     *     several tokens) instead of the whole content; either is trimmed
     * @param nanoTime the clock ({@link System#nanoTime} outside tests)
     */
    SecretFile(Path path, boolean firstLineOnly, LongSupplier nanoTime) {
        this.path = path;
        this.firstLineOnly = firstLineOnly;
        this.nanoTime = nanoTime;
    }

    /** The secret, read again when the last read is {@link #REREAD_INTERVAL} old. */
    synchronized String value() {
        long now = nanoTime.getAsLong();
        if (value != null && now - readAtNanos < REREAD_INTERVAL.toNanos()) {
            return value;
        }
        try {
            String content = Files.readString(path, StandardCharsets.UTF_8);
            int newline = content.indexOf('\n');
            value = (firstLineOnly && newline >= 0 ? content.substring(0, newline) : content).trim();
        } catch (IOException e) {
            if (value == null) {
                throw new UncheckedIOException("cannot read credentials file " + path, e);
            }
            LOG.warn("Cannot read credentials file {} again ({}); still using the value read before", path, e.toString());
        }
        // Also after a failure: the next attempt waits the interval, so a missing file is not retried per request.
        readAtNanos = now;
        return value;
    }
}
