package io.github.otelflink.bench;

import io.github.otelflink.bench.EndToEndReport.Snapshot;
import io.github.otelflink.testing.InJvmKafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The whole job, end to end, as a user runs it ({@code java -jar otel-flink-job.jar --config ...}
 * in its own process), beside Prometheus' agent in the same run on the same number of series:
 *
 * <pre>
 * java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" io.github.otelflink.bench.EndToEndBenchmark \
 *     [--rate 100000] [--series 100000] [--duration 60] [--warmup 90] [--input http|grpc|json|kafka]
 *     [--processors bare|blueprint] [--connections 4] [--jfr job.jfr] [--heap] [--jar job/target/otel-flink-job-*.jar]
 *     [--job-jvm "-Xms2g -Xmx2g -XX:+UseParallelGC"] [--job-args "-Dkey=value ..."]
 * </pre>
 *
 * This JVM holds the OTLP load generator ({@link OtlpLoadGenerator}), the agent's scrape target
 * ({@link ScrapeTarget}) and the two remote-write receivers that count what arrives
 * ({@link SampleCountingReceiver}). Delivered samples are counted at the receivers, CPU is
 * utime+stime of the job's and the agent's processes from /proc, over the measured interval (after
 * the warm-up). Every process started here is stopped at the end, on failure too.
 *
 * <p>{@code --input kafka}: this JVM also runs a KRaft broker ({@link InJvmKafka}, log dirs in a
 * temporary folder it removes when closed) and {@link KafkaLoadGenerator} produces the same protobuf
 * requests to its topic, which the job reads with its {@code kafka} receiver. The broker's CPU is
 * this JVM's, not the job's.
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
    private final LoadGenerator.Input input;
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
        OtlpGaugeRequests requests = new OtlpGaugeRequests(series, input == LoadGenerator.Input.JSON);
        boolean kafkaInput = input == LoadGenerator.Input.KAFKA;

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
            InJvmKafka kafka = null;
            if (kafkaInput) {
                kafka = InJvmKafka.start();
                toClose.add(kafka); // after the job has stopped: its consumer must not outlive the broker
                kafka.createTopic(KafkaLoadGenerator.TOPIC, KafkaLoadGenerator.PARTITIONS);
                System.out.printf(Locale.ROOT, "Kafka broker in this JVM at %s, topic %s with %d partitions%n",
                        kafka.bootstrapServers(), KafkaLoadGenerator.TOPIC, KafkaLoadGenerator.PARTITIONS);
            }

            int httpPort = EndToEndProcesses.freePort();
            int grpcPort = EndToEndProcesses.freePort();
            Path config = dir.resolve("pipeline.yaml");
            int telemetryPort = EndToEndProcesses.freePort();
            Files.writeString(config, processes.pipelineYaml(httpPort, grpcPort, kafkaInput ? kafka.bootstrapServers() : null,
                    jobReceiver.endpoint(), telemetryPort));
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
            if (kafkaInput) {
                // No port answers when the job is up: it is once it has read a record and written its sample.
                KafkaLoadGenerator.sendProbe(kafka);
                EndToEndProcesses.waitForDelivery(job, jobReceiver, dir.resolve("job.log"));
            } else {
                EndToEndProcesses.waitForIngress(job, httpPort, dir.resolve("job.log"));
            }
            EndToEndProcesses.waitForAgent(agent, agentPort, dir.resolve("agent.log"));

            LoadGenerator generator = kafkaInput ? new KafkaLoadGenerator(requests, kafka.bootstrapServers(), rate)
                    : new OtlpLoadGenerator(requests, input, httpPort, grpcPort, rate);
            toClose.add(0, generator);
            System.out.printf(Locale.ROOT, "job pid %d, agent pid %d; load: %s, %s, %s samples/s,"
                            + " warm-up %d s, measured %d s; load average %s%n",
                    job.pid(), agent.pid(), input, kafkaInput ? "1 producer" : connections + " connections",
                    rate > 0 ? String.format(Locale.ROOT, "%,.0f", rate) : "unbounded",
                    warmupSeconds, durationSeconds, ProcFs.loadAverage());
            long deliveredBeforeLoad = jobReceiver.delivered(); // the Kafka probe's sample
            generator.start(connections);
            sleepReporting(warmupSeconds, "warm-up", jobReceiver, agentReceiver, generator);

            Map<String, Double> threadsBefore = ProcFs.threadCpuSeconds(job.pid());
            Snapshot before = Snapshot.take(job, agent, jobReceiver, agentReceiver, generator, target);
            String loadBefore = ProcFs.loadAverage();
            int checkpointsBefore = Checkpoints.read(dir.resolve("job.log")).size();
            sleepReporting(durationSeconds, "measured", jobReceiver, agentReceiver, generator);
            Snapshot after = Snapshot.take(job, agent, jobReceiver, agentReceiver, generator, target);
            Map<String, Double> threadsAfter = ProcFs.threadCpuSeconds(job.pid());
            String loadAfter = ProcFs.loadAverage();
            generator.close();
            toClose.remove(generator);
            String drainLine = drain(jobReceiver, deliveredBeforeLoad, generator.accepted.sum());

            long rssPeakKiB = ProcFs.statusKiB(job.pid(), "VmHWM");
            long agentRssPeakKiB = ProcFs.statusKiB(agent.pid(), "VmHWM");
            List<Checkpoints.Completed> checkpoints = Checkpoints.read(dir.resolve("job.log"));
            String checkpointLine = Checkpoints.summary(checkpoints.subList(Math.min(checkpointsBefore, checkpoints.size()),
                    checkpoints.size()));
            String heapLine = heap ? processes.heapPerSeries(job.pid()) : null;
            EndToEndReport.print(options, before, after, rssPeakKiB, agentRssPeakKiB, heapLine, loadBefore, loadAfter, generator);
            System.out.println(EndToEndReport.threadLine(threadsBefore, threadsAfter, after.jobDelivered() - before.jobDelivered()));
            System.out.println("job checkpoints in the measured interval: " + checkpointLine);
            System.out.println(drainLine);
            System.out.println("job dropped points (its telemetry, whole run): " + EndToEndProcesses.droppedPoints(telemetryPort));
            System.out.printf(Locale.ROOT, "job: refused requests %s, failed sends %,d; receivers: job %,d requests"
                            + " (%,d malformed), agent %,d requests (%,d malformed)%n",
                    generator.refusedRequests(), generator.failed.sum(), jobReceiver.requests.sum(), jobReceiver.malformed.sum(),
                    agentReceiver.requests.sum(), agentReceiver.malformed.sum());
        } finally {
            // The load stops first, then the job and the agent (while their receivers still answer,
            // so they shut down without retrying into closed ports), then the servers here.
            for (AutoCloseable c : toClose) {
                if (c instanceof LoadGenerator) {
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
            LoadGenerator generator) throws InterruptedException {
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
                            + " refused requests %s, load %s%n", phase, (o - lastOffered) * 1000.0 / step,
                    (j - lastJob) * 1000.0 / step, (a - lastAgent) * 1000.0 / step, generator.refusedRequests(), ProcFs.loadAverage());
            lastJob = j;
            lastAgent = a;
            lastOffered = o;
        }
    }

    /**
     * Waits until the job's receiver has counted nothing new for 3 s (at most 60 s), then compares the
     * whole run's accepted samples (Kafka: acknowledged by the broker) with what the job delivered: the
     * measured interval alone cannot tell a loss from a backlog the job was still working off.
     */
    private static String drain(SampleCountingReceiver job, long deliveredBeforeLoad, long accepted)
            throws InterruptedException {
        long start = System.nanoTime();
        long last = job.delivered();
        long lastChange = start;
        while (System.nanoTime() - lastChange < TimeUnit.SECONDS.toNanos(3)
                && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60)) {
            Thread.sleep(500);
            long now = job.delivered();
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            }
        }
        long delivered = last - deliveredBeforeLoad;
        return String.format(Locale.ROOT, "whole run, after the load stopped and %.0f s of draining: accepted %,d samples,"
                        + " job delivered %,d (%.2f%%)", (System.nanoTime() - start) / 1e9, accepted, delivered,
                100.0 * delivered / Math.max(1, accepted));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
