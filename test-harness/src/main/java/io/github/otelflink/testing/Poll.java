package io.github.otelflink.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition the way the tests must: polled until true, failing at a deadline. */
public final class Poll {
    /** The pause between two polls: short next to any deadline, long enough not to spin. */
    private static final long INTERVAL_NANOS = Duration.ofMillis(50).toNanos();

    private Poll() {}

    /**
     * Returns as soon as {@code condition} holds; throws {@link AssertionError} naming {@code what}
     * when it still does not after {@code timeout}.
     */
    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not reached within " + timeout + ": " + what);
            }
            pause();
        }
    }

    /**
     * The pause between two polls, for loops with their own deadline and exits (a final state that
     * fails at once); an interrupt ends the wait with an {@link AssertionError}.
     */
    public static void pause() {
        LockSupport.parkNanos(INTERVAL_NANOS);
        if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while polling");
        }
    }
}
