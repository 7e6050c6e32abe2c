package io.github.otelflink.job;

import io.github.otelflink.job.config.ConfigException;
import io.github.otelflink.job.config.PipelineConfig;
import io.github.otelflink.job.config.PipelineConfigLoader;
import io.github.otelflink.job.extension.healthcheck.HealthCheckExtensionConfig;
import io.github.otelflink.job.pipeline.PipelineCompileException;
import io.github.otelflink.job.pipeline.PipelineGraph;
import io.github.otelflink.job.receiver.ConnectorReceiverSources;
import io.github.otelflink.job.receiver.ReceiverSources;
import io.github.otelflink.job.series.SeriesSharding;
import io.github.otelflink.job.series.ShardLayout;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * The job's entry point. {@code java -jar job.jar --config pipeline.yaml} runs the pipeline on an
 * embedded MiniCluster, checkpointing into a local directory and resuming from the newest
 * checkpoint when restarted; the same jar runs unchanged on a Flink cluster ({@code flink run},
 * the Kubernetes Operator), where Flink's own configuration decides checkpointing.
 */
public final class PipelineJob {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineJob.class);

    static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

    /**
     * Fixed for local and cluster runs (unless {@code -Dpipeline.max-parallelism} says otherwise):
     * keyed state is split into this many key groups once and for all, so a restart with another
     * parallelism redistributes it instead of failing. The keyed step's shards are spread over
     * these key groups ({@link ShardLayout#spread}); a job started afresh has at most this many.
     * It is also what Flink picked by default for a parallelism up to 85, so state written before
     * this was fixed still restores, and it matches the 128 shards of such state.
     */
    static final int MAX_PARALLELISM = SeriesSharding.LEGACY_SHARDS;

    private PipelineJob() {}

    public static void main(String[] args) throws Exception {
        main(args, System.out, System.err, System::exit);
    }

    /**
     * Exit codes belong to the local run only. {@code java -jar} runs {@code main} in a JVM of
     * its own, where the MiniCluster leaves non-daemon threads behind, so the JVM is ended
     * explicitly with the code. On a cluster, {@code main} runs inside a process that is not the
     * job's to end: the JobManager (REST {@code /jars/<id>/run}, application mode, the Kubernetes
     * Operator) or the {@code flink run} client. There {@code main} returns normally once the job
     * is submitted, and a pipeline that cannot start is an exception carrying what was printed,
     * which Flink reports as the submission's failure.
     */
    static void main(String[] args, PrintStream out, PrintStream err, IntConsumer exit) throws Exception {
        if (isLocalRun()) {
            exit.accept(run(args, out, err));
            return;
        }
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        PrintStream tee = new PrintStream(new TeeOutputStream(err, errors), true, StandardCharsets.UTF_8);
        int code = run(args, out, tee);
        tee.flush();
        if (code != 0) {
            throw new PipelineStartException(code, errors.toString(StandardCharsets.UTF_8).strip());
        }
    }

    /**
     * True when no Flink client or cluster installed its context environment, i.e. the jar was
     * started with {@code java -jar} (or from a test without a context environment).
     */
    static boolean isLocalRun() {
        return StreamExecutionEnvironment.getExecutionEnvironment() instanceof LocalStreamEnvironment;
    }

    /** The pipeline could not be started on a cluster; the message is what the local run prints. */
    static final class PipelineStartException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int exitCode;

        PipelineStartException(int exitCode, String printed) {
            super(printed.isEmpty() ? "the pipeline could not be started (exit code " + exitCode + ")" : printed);
            this.exitCode = exitCode;
        }

        /** The code {@code java -jar} would have exited with. */
        int exitCode() {
            return exitCode;
        }
    }

    /** Writes to two streams: the cluster's log and the text of the start-up error. */
    private static final class TeeOutputStream extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        TeeOutputStream(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            first.flush();
            second.flush();
        }
    }

    /** Runs the command line; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        CommandLine a;
        try {
            a = CommandLine.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(CommandLine.USAGE);
            return 2;
        }
        if (a.help()) {
            out.println(CommandLine.USAGE);
            return 0;
        }
        PipelineConfig config;
        try {
            config = PipelineConfigLoader.load(Path.of(a.config()));
        } catch (ConfigException e) {
            err.println(a.config() + ": " + e.getMessage());
            return 1;
        }
        if (a.replayDeadLetter() != null) {
            return ReplayCommand.run(config, a.exporter(), Path.of(a.replayDeadLetter()), out, err);
        }
        try {
            // --validate and the run make the same checks: the run builds this very graph again.
            // A plain environment, never executed: createLocalEnvironment is refused inside a
            // Flink client or cluster ("The LocalStreamEnvironment cannot be used when submitting
            // a program through a client"), which failed every flink run and REST submission.
            buildStreamGraph(config, new StreamExecutionEnvironment(flinkConfiguration(a.flinkOptions())));
        } catch (PipelineBuildException e) {
            err.println(a.config() + ": " + e.getMessage());
            return 1;
        }
        if (a.validate()) {
            out.println(config.describePlan());
            return 0;
        }
        config.service().extensions().stream().filter(config.extensions()::containsKey).findFirst()
                .filter(id -> !config.servesHealthCheck())
                .ifPresent(id -> LOG.warn("extension {}: {}", id, HealthCheckExtensionConfig.NOT_SERVED));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (env instanceof LocalStreamEnvironment) {
            LocalState state = a.stateDir() != null ? new LocalState(Path.of(a.stateDir())) : LocalState.fromEnvironment();
            return LocalRun.run(config, Path.of(a.config()), state, a.freshState(), a.flinkOptions(), out, err);
        }
        if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            env.enableCheckpointing(DEFAULT_CHECKPOINT_INTERVAL.toMillis());
        }
        if (env.getMaxParallelism() <= 0) {
            env.setMaxParallelism(MAX_PARALLELISM);
        }
        StreamGraph graph;
        try {
            graph = buildUncheckedStreamGraph(config, env);
        } catch (PipelineBuildException e) {
            err.println(a.config() + ": " + e.getMessage());
            return 1;
        }
        env.execute(graph);
        return 0;
    }

    /** A pipeline that cannot be built, with a message naming the config key. */
    static final class PipelineBuildException extends Exception {
        private static final long serialVersionUID = 1L;

        PipelineBuildException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The one code path from a loaded config to a Flink graph, for {@code --validate} (into a
     * throwaway environment) and for the run: sources, operators and sinks are constructed (not
     * started) and serialised into the job graph, so whatever a run would refuse at start-up is
     * refused here, as a message with the key path.
     */
    static StreamGraph buildStreamGraph(PipelineConfig config, StreamExecutionEnvironment env) throws PipelineBuildException {
        StreamGraph graph = buildUncheckedStreamGraph(config, env);
        try {
            graph.getJobGraph(); // serialises every operator: a config that cannot ship fails here
            return graph;
        } catch (RuntimeException e) {
            throw new PipelineBuildException("the pipeline cannot be built: " + e, e);
        }
    }

    /**
     * The graph a cluster run submits. Not turned into a JobGraph here: Flink 2.2's client submits
     * the StreamGraph itself, and one that already produced a JobGraph reaches the JobManager with
     * live user objects (the key selector) that the JobManager's class loader cannot load
     * ("Failed to deserialize ExecutionPlan", ClassNotFoundException). The same graph was already
     * checked by {@link #buildStreamGraph} in a throwaway environment before.
     */
    static StreamGraph buildUncheckedStreamGraph(PipelineConfig config, StreamExecutionEnvironment env)
            throws PipelineBuildException {
        try {
            new PipelineGraph(config, keyPathErrors(new ConnectorReceiverSources(config))).build(env);
            StreamGraph graph = env.getStreamGraph(false);
            graph.setJobName("otel-flink-prometheus");
            return graph;
        } catch (ConfigException | PipelineCompileException e) {
            throw new PipelineBuildException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new PipelineBuildException("the pipeline cannot be built: " + e, e);
        }
    }

    /** Errors a receiver's source throws while being constructed, with the receiver's key path. */
    private static ReceiverSources keyPathErrors(ReceiverSources sources) {
        return (env, receiver) -> {
            try {
                return sources.create(env, receiver);
            } catch (PipelineCompileException e) {
                throw e;
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new PipelineCompileException(List.of(receiverKeyPath(receiver.id().toString(), e.getMessage())));
            }
        };
    }

    /**
     * {@code receivers.<id>.<key>: what} when the connector's message starts with a config key
     * ({@code tls.ca_file: cannot read ...}), else {@code receivers.<id>: message}.
     */
    static String receiverKeyPath(String receiverId, String message) {
        String m = String.valueOf(message);
        if (m.matches("(?s)[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*: .*")) {
            return "receivers." + receiverId + "." + m;
        }
        return "receivers." + receiverId + ": " + m;
    }

    /** The Flink configuration of the run before the local-run settings: the fixed max parallelism, then -D. */
    static Configuration flinkConfiguration(Map<String, String> flinkOptions) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.MAX_PARALLELISM, MAX_PARALLELISM);
        conf.addAll(Configuration.fromMap(flinkOptions));
        return conf;
    }
}
