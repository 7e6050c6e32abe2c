package io.github.otelflink.sink.remotewrite.validate;

import org.apache.flink.annotation.Internal;

/** Receives every point the sink drops, with the reason, so that each one is counted. */
@Internal
@FunctionalInterface
public interface DropListener {
    /**
     * @param reason why the points were dropped
     * @param samples float samples dropped
     * @param histograms histogram samples dropped
     */
    void dropped(DropReason reason, int samples, int histograms);
}
