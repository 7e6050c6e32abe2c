package io.github.otelflink.job;

import io.github.otelflink.job.config.ConfigException;
import io.github.otelflink.job.config.PipelineConfig;
import io.github.otelflink.job.config.PipelineConfigLoader;
import io.github.otelflink.job.pipeline.ConnectorReceiverSources;
import io.github.otelflink.job.pipeline.PipelineCompileException;
import io.github.otelflink.job.pipeline.PipelineGraph;
import io.github.otelflink.job.telemetry.CollectorTelemetryReporter;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The job's entry point. {@code java -jar job.jar --config pipeline.yaml} runs the pipeline on an
 * embedded MiniCluster, checkpointing into a local directory and resuming from the newest
 * checkpoint when restarted; the same jar runs unchanged on a Flink cluster ({@code flink run},
 * the Kubernetes Operator), where Flink's own configuration decides checkpointing.
 */
public final class PipelineJob {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineJob.class);

    static final String USAGE = "usage: java -jar otel-flink-job.jar --config <pipeline.yaml> [--validate]"
            + " [--state-dir <dir>] [-D<flink option>=<value> ...]";
    static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

    private PipelineJob() {}

    public static void main(String[] args) throws Exception {
        int code = run(args, System.out, System.err);
        // The MiniCluster leaves non-daemon threads behind: end the JVM explicitly.
        System.exit(code);
    }

    /** Runs the command line; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Arguments a;
        try {
            a = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        PipelineConfig config;
        try {
            config = PipelineConfigLoader.load(Path.of(a.config()));
            PipelineGraph.compileCheck(config);
        } catch (ConfigException | PipelineCompileException e) {
            err.println(a.config() + ": " + e.getMessage());
            return 1;
        }
        if (a.validate()) {
            out.println(config.describePlan());
            out.println(ConnectorReceiverSources.describeAvailability(config));
            return 0;
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (env instanceof LocalStreamEnvironment) {
            LocalState state = a.stateDir() != null ? new LocalState(Path.of(a.stateDir())) : LocalState.fromEnvironment();
            return runLocally(config, state, a.flinkOptions(), err);
        }
        if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            env.enableCheckpointing(DEFAULT_CHECKPOINT_INTERVAL.toMillis());
        }
        new PipelineGraph(config, new ConnectorReceiverSources(config)).build(env);
        env.execute("otel-flink-prometheus");
        return 0;
    }

    private static int runLocally(PipelineConfig config, LocalState state, Map<String, String> flinkOptions,
            PrintStream err) throws Exception {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, DEFAULT_CHECKPOINT_INTERVAL);
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, state.checkpoints().toUri().toString());
        conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, state.savepoints().toUri().toString());
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
        conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        if (config.service().metricsAddress() != null) {
            // service.telemetry.metrics.address: the job's own metrics with the Collector's names.
            CollectorTelemetryReporter.configure(conf, config.service().metricsAddress());
        }
        // Flink settings stay Flink's: -Dexecution.checkpointing.interval=1s and the like win.
        conf.addAll(Configuration.fromMap(flinkOptions));
        Optional<Path> restore = state.newestRestorePoint();
        restore.ifPresent(p -> {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, p.toUri().toString());
            LOG.info("Resuming from {}", p);
        });
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        new PipelineGraph(config, new ConnectorReceiverSources(config)).build(env);
        JobClient job = env.executeAsync("otel-flink-prometheus");
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

    private static volatile boolean stopping;

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

    /** The command line. */
    record Arguments(String config, boolean validate, String stateDir, Map<String, String> flinkOptions) {
        static Arguments parse(String[] args) {
            String config = null;
            boolean validate = false;
            String stateDir = null;
            Map<String, String> flinkOptions = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (args[i].startsWith("-D") && args[i].indexOf('=') > 2) {
                    int eq = args[i].indexOf('=');
                    flinkOptions.put(args[i].substring(2, eq), args[i].substring(eq + 1));
                    continue;
                }
                switch (args[i]) {
                    case "--config":
                        config = value(args, ++i, "--config");
                        break;
                    case "--validate":
                        validate = true;
                        break;
                    case "--state-dir":
                        stateDir = value(args, ++i, "--state-dir");
                        break;
                    default:
                        throw new IllegalArgumentException("unknown argument: " + args[i]);
                }
            }
            if (config == null) {
                throw new IllegalArgumentException("--config is required");
            }
            return new Arguments(config, validate, stateDir, flinkOptions);
        }

        private static String value(String[] args, int i, String flag) {
            if (i >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            return args[i];
        }
    }
}
