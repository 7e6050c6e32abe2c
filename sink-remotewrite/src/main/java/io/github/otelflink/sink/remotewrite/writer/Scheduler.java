package io.github.otelflink.sink.remotewrite.writer;

/** Runs a task after a delay; injected so retry tests observe the delays instead of sleeping. */
@FunctionalInterface
interface Scheduler {
    void schedule(Runnable task, long delayNanos);
}
