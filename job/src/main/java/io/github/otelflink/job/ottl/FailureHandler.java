package io.github.otelflink.job.ottl;

import io.github.otelflink.job.processor.ErrorMode;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies an {@link ErrorMode} to run-time failures and counts them. With
 * {@link ErrorMode#IGNORE} a failure is logged at most once a minute (with the number
 * suppressed since): a statement that fails on every data point would otherwise log a million
 * lines a second. Not thread-safe.
 */
final class FailureHandler {

    private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);
    private static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final ErrorMode mode;
    private final Consumer<String> log;
    private final LongSupplier nanoClock;
    private long failures;
    private long suppressed;
    private long lastLogNanos;
    private boolean logged;

    FailureHandler(ErrorMode mode) {
        this(mode, message -> LOG.warn("{}", message), System::nanoTime);
    }

    FailureHandler(ErrorMode mode, Consumer<String> log, LongSupplier nanoClock) {
        this.mode = mode;
        this.log = log;
        this.nanoClock = nanoClock;
    }

    ErrorMode mode() {
        return mode;
    }

    /** Number of failures seen, whatever the mode. */
    long failures() {
        return failures;
    }

    /**
     * Handles the failure of a statement or condition ({@code what}) on one item.
     *
     * @throws OttlEvaluationException in {@link ErrorMode#PROPAGATE}
     */
    void failed(String what, String source, OttlEvaluationException failure) {
        failures++;
        switch (mode) {
            case PROPAGATE:
                throw new OttlEvaluationException("failed to execute " + what + ": " + source + ": " + failure.getMessage(), failure);
            case IGNORE:
                long now = nanoClock.getAsLong();
                if (logged && now - lastLogNanos < LOG_INTERVAL_NANOS) {
                    suppressed++;
                    return;
                }
                String message = "failed to execute " + what + ": " + source + ": " + failure.getMessage();
                if (suppressed > 0) {
                    message += " (" + suppressed + " more failures not logged in the last minute)";
                }
                log.accept(message);
                logged = true;
                lastLogNanos = now;
                suppressed = 0;
                return;
            default:
                // SILENT: counted only.
        }
    }
}
