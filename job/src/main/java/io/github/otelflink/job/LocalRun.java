package io.github.otelflink.job;

import io.github.otelflink.job.config.PipelineConfig;
import io.github.otelflink.job.telemetry.CollectorTelemetryReporter;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A run with {@code java -jar}, on an embedded MiniCluster: checkpoints and savepoints go to the
 * {@link LocalState} folder, a restart resumes from its newest restore point (refused when the
 * folder holds another pipeline's state), and SIGTERM stops the job with a savepoint.
 */
final class LocalRun {
    private static final Logger LOG = LoggerFactory.getLogger(LocalRun.class);

    private static volatile boolean stopping;

    private LocalRun() {}

    /** Runs the pipeline until it fails or the process is stopped; returns the exit code. */
    static int run(PipelineConfig config, Path configFile, LocalState state, boolean freshState,
            Map<String, String> flinkOptions, PrintStream out, PrintStream err) throws Exception {
        if (freshState && state.exists()) {
            Path aside = state.moveAside(Instant.now());
            out.println("--fresh-state: moved the previous state " + state.root() + " to " + aside);
        }
        Optional<Path> restore = state.newestRestorePoint();
        PipelineIdentity identity = PipelineIdentity.of(configFile, config);
        if (restore.isPresent()) {
            Optional<PipelineIdentity> owner = PipelineIdentity.read(state.root());
            if (owner.isPresent() && !identity.isSamePipelineAs(owner.get())) {
                err.println(anotherPipelinesState(state, owner.get(), identity));
                return 1;
            }
        }
        identity.write(state.root());

        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, PipelineJob.DEFAULT_CHECKPOINT_INTERVAL);
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, state.checkpoints().toUri().toString());
        conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, state.savepoints().toUri().toString());
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
        conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        if (config.service().metricsAddress() != null) {
            // service.telemetry.metrics.address: the job's own metrics with the Collector's names.
            CollectorTelemetryReporter.configure(conf, config.service().metricsAddress());
        }
        restore.ifPresent(p -> {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, p.toUri().toString());
            // A pipeline edit (a receiver or exporter removed or renamed) leaves state no operator
            // claims: it is dropped, and said so below, rather than refusing to start.
            conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true);
            LOG.info("Resuming from {}", p);
        });
        // Flink settings stay Flink's: -Dexecution.checkpointing.interval=1s and the like win.
        conf.addAll(PipelineJob.flinkConfiguration(flinkOptions));
        // Read by the MiniCluster's actor systems when they start, in executeAsync below.
        EmbeddedClusterDefaults.apply(System.getProperties());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        StreamGraph graph;
        try {
            graph = PipelineJob.buildStreamGraph(config, env);
        } catch (PipelineJob.PipelineBuildException e) {
            err.println(configFile + ": " + e.getMessage());
            return 1;
        }
        if (restore.isPresent()) {
            logDroppedState(restore.get(), graph);
        }
        JobClient job = env.executeAsync(graph);
        LOG.info("Pipeline running locally (job {}), state in {}", job.getJobID(), state.root());

        Thread stopper = new Thread(() -> stopWithSavepoint(job, state), "stop-on-sigterm");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            job.getJobExecutionResult().get();
            Runtime.getRuntime().removeShutdownHook(stopper);
            return 0;
        } catch (Exception e) {
            if (stopping) {
                return 0;
            }
            err.println("the pipeline failed: " + e.getMessage());
            Runtime.getRuntime().removeShutdownHook(stopper);
            return 1;
        }
    }

    static String anotherPipelinesState(LocalState state, PipelineIdentity owner, PipelineIdentity identity) {
        return state.root() + " holds the state of another pipeline, " + owner.describe() + "; to run "
                + identity.config() + " with empty state, add --fresh-state (the old state is moved to "
                + state.root().getFileName() + ".old-<timestamp>, not deleted), or give it its own --state-dir";
    }

    private static void logDroppedState(Path restore, StreamGraph graph) {
        try {
            List<String> dropped = DroppedState.of(restore, graph.getJobGraph());
            if (!dropped.isEmpty()) {
                LOG.warn("State dropped: {} of {} no longer in the pipeline: {}", dropped.size() == 1
                        ? "the state of 1 operator" : "the state of " + dropped.size() + " operators",
                        restore, String.join(", ", dropped));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not tell which state of {} is dropped, if any: {}", restore, e.toString());
        }
    }

    /**
     * On SIGTERM: a savepoint (every buffered sample is in it, or was flushed), then stop, then
     * exit 0 — the next start resumes from it.
     */
    private static void stopWithSavepoint(JobClient job, LocalState state) {
        stopping = true;
        try {
            String savepoint = job.stopWithSavepoint(false, state.savepoints().toUri().toString(),
                    SavepointFormatType.CANONICAL).get(60, TimeUnit.SECONDS);
            LOG.info("Stopped with savepoint {}", savepoint);
            Runtime.getRuntime().halt(0);
        } catch (Exception e) {
            LOG.error("Could not stop with a savepoint; the next start resumes from the newest checkpoint", e);
            Runtime.getRuntime().halt(0);
        }
    }
}
