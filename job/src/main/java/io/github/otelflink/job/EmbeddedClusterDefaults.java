package io.github.otelflink.job;

import java.util.Properties;

/**
 * JVM-wide defaults for the embedded MiniCluster of a {@code java -jar} run, set before it starts
 * and only where the user's command line did not set them ({@code -Dkey=value} wins).
 */
final class EmbeddedClusterDefaults {
    /**
     * How often the RPC actor systems' scheduler thread wakes up. Pekko's default, 10 ms, wakes each
     * of the MiniCluster's two actor systems 100 times a second whether or not anything is due:
     * each of those two threads took 0.11–0.20 CPU-s per 18 s in bench's end-to-end run (together
     * 0.13–0.19 CPU-s per million samples at 100k samples/s), 0.02–0.03 at 100 ms. Nothing on the
     * data path uses this scheduler (task timers, checkpoint triggers and heartbeats have their own
     * threads or run at seconds); what it delays is RPC work scheduled a few milliseconds ahead, by
     * up to one tick.
     */
    static final String PEKKO_SCHEDULER_TICK = "pekko.scheduler.tick-duration";
    static final String PEKKO_SCHEDULER_TICK_DEFAULT = "100ms";

    private EmbeddedClusterDefaults() {}

    /** Sets each default that {@code props} (the system properties) does not have yet. */
    static void apply(Properties props) {
        if (props.getProperty(PEKKO_SCHEDULER_TICK) == null) {
            props.setProperty(PEKKO_SCHEDULER_TICK, PEKKO_SCHEDULER_TICK_DEFAULT);
        }
    }
}
