package io.github.otelflink.bench;

import io.github.otelflink.bench.EndToEndReport.Snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The whole job, end to end, as a user runs it ({@code java -jar otel-flink-job.jar --config ...}
 * in its own process), beside Prometheus' agent in the same run on the same number of series:
 *
 * <pre>
 * java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" io.github.otelflink.bench.EndToEndBenchmark \
 *     [--rate 100000] [--series 100000] [--duration 60] [--warmup 20] [--input http|grpc|json]
 *     [--processors bare|blueprint] [--connections 4] [--jfr job.jfr] [--heap] [--jar job/target/otel-flink-job-*.jar]
 *     [--job-jvm "-Xmx2g -XX:+UseParallelGC"]
 * </pre>
 *
 * This JVM holds the OTLP load generator ({@link OtlpLoadGenerator}), the agent's scrape target
 * ({@link ScrapeTarget}) and the two remote-write receivers that count what arrives
 * ({@link SampleCountingReceiver}). Delivered samples are counted at the receivers, CPU is
 * utime+stime of the job's and the agent's processes from /proc, over the measured interval (after
 * the warm-up). Every process started here is stopped at the end, on failure too.
 *
 * <p>The command line is read by {@link EndToEndOptions}, the job and the agent are configured, started
 * and stopped by {@link EndToEndProcesses}, the table and the RESULT line are {@link EndToEndReport}'s.
 */
public final class EndToEndBenchmark {
    private final EndToEndOptions options;
    private final EndToEndProcesses processes;
    private final int series;
    private final double rate;
    private final int durationSeconds;
    private final int warmupSeconds;
    private final int connections;
    private final OtlpLoadGenerator.Input input;
    private final Path jfr;
    private final boolean heap;

    private EndToEndBenchmark(EndToEndOptions options) {
        this.options = options;
        processes = new EndToEndProcesses(options);
        series = options.series;
        rate = options.rate;
        durationSeconds = options.durationSeconds;
        warmupSeconds = options.warmupSeconds;
        connections = options.connections;
        input = options.input;
        jfr = options.jfr;
        heap = options.heap;
    }

    public static void main(String[] args) throws Exception {
        int exit = 0;
        try {
            new EndToEndBenchmark(EndToEndOptions.parse(args)).run();
        } catch (Exception e) {
            e.printStackTrace();
            exit = 1;
        }
        // gRPC and the JDK HTTP servers leave non-daemon threads behind.
        System.exit(exit);
    }

    private void run() throws Exception {
        Path jar = EndToEndProcesses.jobJar(options.get("jar"));
        Path dir = Files.createTempDirectory("e2e-bench");
        System.out.printf(Locale.ROOT, "work folder %s; job jar %s%n", dir, jar);
        System.out.printf(Locale.ROOT, "building %,d series in %d-point requests (%s)%n", series,
                OtlpGaugeRequests.POINTS_PER_REQUEST, input);
        OtlpGaugeRequests requests = new OtlpGaugeRequests(series, input == OtlpLoadGenerator.Input.JSON);

        List<AutoCloseable> toClose = new ArrayList<>();
        Process job = null;
        Process agent = null;
        Thread stopOnExit = null;
        try {
            SampleCountingReceiver jobReceiver = new SampleCountingReceiver("job-receiver");
            toClose.add(jobReceiver);
            SampleCountingReceiver agentReceiver = new SampleCountingReceiver("agent-receiver");
            toClose.add(agentReceiver);
            ScrapeTarget target = new ScrapeTarget(series);
            toClose.add(target);

            int httpPort = EndToEndProcesses.freePort();
            int grpcPort = EndToEndProcesses.freePort();
            Path config = dir.resolve("pipeline.yaml");
            int telemetryPort = EndToEndProcesses.freePort();
            Files.writeString(config, processes.pipelineYaml(httpPort, grpcPort, jobReceiver.endpoint(), telemetryPort));
            job = processes.startJob(jar, config, dir);
            Process jobProcess = job;
            int agentPort = EndToEndProcesses.freePort();
            agent = processes.startAgent(dir, target.address(), agentReceiver.endpoint(), agentPort);
            Process agentProcess = agent;
            // Ctrl-C: the children must not outlive the benchmark.
            stopOnExit = new Thread(() -> {
                EndToEndProcesses.stop(jobProcess);
                EndToEndProcesses.stop(agentProcess);
            });
            Runtime.getRuntime().addShutdownHook(stopOnExit);
            EndToEndProcesses.waitForIngress(job, httpPort, dir.resolve("job.log"));
            EndToEndProcesses.waitForAgent(agent, agentPort, dir.resolve("agent.log"));

            OtlpLoadGenerator generator = new OtlpLoadGenerator(requests, input, httpPort, grpcPort, rate);
            toClose.add(0, generator);
            System.out.printf(Locale.ROOT, "job pid %d, agent pid %d; load: %s, %d connections, %s samples/s,"
                            + " warm-up %d s, measured %d s; load average %s%n",
                    job.pid(), agent.pid(), input, connections, rate > 0 ? String.format(Locale.ROOT, "%,.0f", rate) : "unbounded",
                    warmupSeconds, durationSeconds, ProcFs.loadAverage());
            generator.start(connections);
            sleepReporting(warmupSeconds, "warm-up", jobReceiver, agentReceiver, generator);

            Snapshot before = Snapshot.take(job, agent, jobReceiver, agentReceiver, generator, target);
            String loadBefore = ProcFs.loadAverage();
            int checkpointsBefore = Checkpoints.read(dir.resolve("job.log")).size();
            sleepReporting(durationSeconds, "measured", jobReceiver, agentReceiver, generator);
            Snapshot after = Snapshot.take(job, agent, jobReceiver, agentReceiver, generator, target);
            String loadAfter = ProcFs.loadAverage();
            generator.close();
            toClose.remove(generator);

            long rssPeakKiB = ProcFs.statusKiB(job.pid(), "VmHWM");
            long agentRssPeakKiB = ProcFs.statusKiB(agent.pid(), "VmHWM");
            List<Checkpoints.Completed> checkpoints = Checkpoints.read(dir.resolve("job.log"));
            String checkpointLine = Checkpoints.summary(checkpoints.subList(Math.min(checkpointsBefore, checkpoints.size()),
                    checkpoints.size()));
            String heapLine = heap ? processes.heapPerSeries(job.pid()) : null;
            EndToEndReport.print(options, before, after, rssPeakKiB, agentRssPeakKiB, heapLine, loadBefore, loadAfter, generator);
            System.out.println("job checkpoints in the measured interval: " + checkpointLine);
            System.out.println("job dropped points (its telemetry, whole run): " + EndToEndProcesses.droppedPoints(telemetryPort));
            System.out.printf(Locale.ROOT, "job: refused requests %,d, failed sends %,d; receivers: job %,d requests"
                            + " (%,d malformed), agent %,d requests (%,d malformed)%n",
                    generator.refused.sum(), generator.failed.sum(), jobReceiver.requests.sum(), jobReceiver.malformed.sum(),
                    agentReceiver.requests.sum(), agentReceiver.malformed.sum());
        } finally {
            // The load stops first, then the job and the agent (while their receivers still answer,
            // so they shut down without retrying into closed ports), then the servers here.
            for (AutoCloseable c : toClose) {
                if (c instanceof OtlpLoadGenerator) {
                    closeQuietly(c);
                }
            }
            EndToEndProcesses.stop(agent);
            EndToEndProcesses.stop(job);
            for (AutoCloseable c : toClose) {
                closeQuietly(c);
            }
            if (stopOnExit != null) {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            }
            if (jfr != null && Files.exists(jfr)) {
                System.out.println("JFR recording of the job: " + jfr);
            }
            if (options.has("keep")) {
                System.out.println("kept " + dir);
            } else {
                deleteRecursively(dir);
            }
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            System.err.println("closing " + c + ": " + e);
        }
    }

    private static void sleepReporting(int seconds, String phase, SampleCountingReceiver job, SampleCountingReceiver agent,
            OtlpLoadGenerator generator) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long lastJob = job.delivered();
        long lastAgent = agent.delivered();
        long lastOffered = generator.offered.sum();
        while (System.nanoTime() < end) {
            long step = Math.min(10_000, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()) + 1);
            Thread.sleep(step);
            long j = job.delivered();
            long a = agent.delivered();
            long o = generator.offered.sum();
            System.out.printf(Locale.ROOT, "  %s: offered %,.0f/s, job delivered %,.0f/s, agent delivered %,.0f/s,"
                            + " refused requests %,d, load %s%n", phase, (o - lastOffered) * 1000.0 / step,
                    (j - lastJob) * 1000.0 / step, (a - lastAgent) * 1000.0 / step, generator.refused.sum(), ProcFs.loadAverage());
            lastJob = j;
            lastAgent = a;
            lastOffered = o;
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
