package io.github.otelflink.bench;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The whole job, end to end, as a user runs it ({@code java -jar otel-flink-job.jar --config ...}
 * in its own process), beside Prometheus' agent in the same run on the same number of series:
 *
 * <pre>
 * java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" io.github.otelflink.bench.EndToEndBenchmark \
 *     [--rate 100000] [--series 100000] [--duration 60] [--warmup 20] [--input http|grpc|json]
 *     [--processors bare|blueprint] [--connections 4] [--jfr job.jfr] [--heap] [--jar job/target/otel-flink-job-*.jar]
 *     [--job-jvm "-Xmx2g -XX:+UseG1GC"]
 * </pre>
 *
 * This JVM holds the OTLP load generator ({@link OtlpLoadGenerator}), the agent's scrape target
 * ({@link ScrapeTarget}) and the two remote-write receivers that count what arrives
 * ({@link SampleCountingReceiver}). Delivered samples are counted at the receivers, CPU is
 * utime+stime of the job's and the agent's processes from /proc, over the measured interval (after
 * the warm-up). Every process started here is stopped at the end, on failure too.
 */
public final class EndToEndBenchmark {
    private final Map<String, String> options;
    private final int series;
    private final double rate;
    private final int durationSeconds;
    private final int warmupSeconds;
    private final int connections;
    private final OtlpLoadGenerator.Input input;
    private final boolean blueprint;
    private final Path jfr;
    private final boolean heap;

    private EndToEndBenchmark(Map<String, String> options) {
        this.options = options;
        series = Integer.parseInt(options.getOrDefault("series", "100000"));
        rate = Double.parseDouble(options.getOrDefault("rate", "100000"));
        durationSeconds = Integer.parseInt(options.getOrDefault("duration", "60"));
        warmupSeconds = Integer.parseInt(options.getOrDefault("warmup", "20"));
        connections = Integer.parseInt(options.getOrDefault("connections", "4"));
        input = OtlpLoadGenerator.Input.valueOf(options.getOrDefault("input", "http").toUpperCase(Locale.ROOT));
        String processors = options.getOrDefault("processors", "bare");
        if (!processors.equals("bare") && !processors.equals("blueprint")) {
            throw new IllegalArgumentException("--processors: bare or blueprint, got " + processors);
        }
        blueprint = processors.equals("blueprint");
        String jfrOption = options.get("jfr");
        jfr = jfrOption == null ? null : Path.of(jfrOption.equals("true") ? "job.jfr" : jfrOption).toAbsolutePath();
        heap = options.containsKey("heap");
    }

    public static void main(String[] args) throws Exception {
        int exit = 0;
        try {
            new EndToEndBenchmark(parse(args)).run();
        } catch (Exception e) {
            e.printStackTrace();
            exit = 1;
        }
        // gRPC and the JDK HTTP servers leave non-daemon threads behind.
        System.exit(exit);
    }

    private void run() throws Exception {
        Path jar = jobJar(options.get("jar"));
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

            int httpPort = freePort();
            int grpcPort = freePort();
            Path config = dir.resolve("pipeline.yaml");
            Files.writeString(config, pipelineYaml(httpPort, grpcPort, jobReceiver.endpoint()));
            job = startJob(jar, config, dir);
            Process jobProcess = job;
            int agentPort = freePort();
            agent = startAgent(dir, target.address(), agentReceiver.endpoint(), agentPort);
            Process agentProcess = agent;
            // Ctrl-C: the children must not outlive the benchmark.
            stopOnExit = new Thread(() -> {
                stop(jobProcess);
                stop(agentProcess);
            });
            Runtime.getRuntime().addShutdownHook(stopOnExit);
            waitForIngress(job, httpPort, dir.resolve("job.log"));
            waitForAgent(agent, agentPort, dir.resolve("agent.log"));

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
            String heapLine = heap ? heapPerSeries(job.pid()) : null;
            report(before, after, rssPeakKiB, agentRssPeakKiB, heapLine, loadBefore, loadAfter, generator);
            System.out.println("job checkpoints in the measured interval: " + checkpointLine);
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
            stop(agent);
            stop(job);
            for (AutoCloseable c : toClose) {
                closeQuietly(c);
            }
            if (stopOnExit != null) {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            }
            if (jfr != null && Files.exists(jfr)) {
                System.out.println("JFR recording of the job: " + jfr);
            }
            if (options.containsKey("keep")) {
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

    /** Counters of both sides at one moment. */
    private record Snapshot(long nanos, double jobCpu, double agentCpu, double generatorCpu, double benchJvmCpu,
            long jobDelivered, long jobBytes, long agentDelivered, long agentBytes, long offered, long accepted,
            long agentOffered) {
        static Snapshot take(Process job, Process agent, SampleCountingReceiver jobReceiver,
                SampleCountingReceiver agentReceiver, OtlpLoadGenerator generator, ScrapeTarget target) throws IOException {
            return new Snapshot(System.nanoTime(), ProcFs.cpuSeconds(job.pid()), ProcFs.cpuSeconds(agent.pid()),
                    generator.cpuSeconds(), ProcFs.cpuSeconds(ProcessHandle.current().pid()),
                    jobReceiver.delivered(), jobReceiver.compressedBytes.sum(),
                    agentReceiver.delivered(), agentReceiver.compressedBytes.sum(),
                    generator.offered.sum(), generator.accepted.sum(), target.offered());
        }
    }

    private void report(Snapshot a, Snapshot b, long rssKiB, long agentRssKiB, String heapLine, String loadBefore,
            String loadAfter, OtlpLoadGenerator generator) {
        double seconds = (b.nanos - a.nanos) / 1e9;
        long jobDelivered = b.jobDelivered - a.jobDelivered;
        long agentDelivered = b.agentDelivered - a.agentDelivered;
        double jobCpu = b.jobCpu - a.jobCpu;
        double agentCpu = b.agentCpu - a.agentCpu;
        double genCpu = b.generatorCpu - a.generatorCpu;
        double benchCpu = b.benchJvmCpu - a.benchJvmCpu;
        double jobPerM = jobCpu / (jobDelivered / 1e6);
        double agentPerM = agentCpu / (agentDelivered / 1e6);
        String rows = String.join("\n",
                "",
                String.format(Locale.ROOT, "=== end to end: %s input, %s pipeline, %,d series, offered rate %s, %.1f s measured",
                        input.name().toLowerCase(Locale.ROOT), blueprint ? "blueprint" : "bare", series,
                        rate > 0 ? String.format(Locale.ROOT, "%,.0f/s", rate) : "unbounded", seconds),
                String.format(Locale.ROOT, "load average at start %s, at end %s", loadBefore, loadAfter),
                "| | job | Prometheus agent, same run |",
                "|---|---|---|",
                String.format(Locale.ROOT, "| samples offered | %,d (%,.0f/s; accepted %,d) | %,d (%,.0f/s, scraped) |",
                        b.offered - a.offered, (b.offered - a.offered) / seconds, b.accepted - a.accepted,
                        b.agentOffered - a.agentOffered, (b.agentOffered - a.agentOffered) / seconds),
                String.format(Locale.ROOT, "| samples delivered (counted at the receiver) | %,d | %,d |", jobDelivered, agentDelivered),
                String.format(Locale.ROOT, "| delivered rate | **%,.0f samples/s** | %,.0f samples/s |",
                        jobDelivered / seconds, agentDelivered / seconds),
                String.format(Locale.ROOT, "| process CPU (utime+stime) | %.1f CPU-s (%.2f cores) | %.1f CPU-s (%.2f cores) |",
                        jobCpu, jobCpu / seconds, agentCpu, agentCpu / seconds),
                String.format(Locale.ROOT, "| CPU-s per million delivered samples | **%.2f** | **%.2f** |", jobPerM, agentPerM),
                String.format(Locale.ROOT, "| compressed bytes per sample at the receiver | %.2f | %.2f |",
                        (b.jobBytes - a.jobBytes) / (double) Math.max(1, jobDelivered),
                        (b.agentBytes - a.agentBytes) / (double) Math.max(1, agentDelivered)),
                String.format(Locale.ROOT, "| peak RSS (VmHWM) | %,d MiB | %,d MiB |", rssKiB / 1024, agentRssKiB / 1024),
                heapLine == null ? null : "| heap after full GC | " + heapLine + " | |",
                String.format(Locale.ROOT, "| **ratio job / agent, CPU per sample** | **%.2f** | |", jobPerM / agentPerM),
                String.format(Locale.ROOT, "load generator: %.1f CPU-s = %.2f CPU-s per million offered samples; benchmark JVM"
                                + " in all (generator, scrape target, both receivers): %.1f CPU-s",
                        genCpu, genCpu / ((b.offered - a.offered) / 1e6), benchCpu));
        System.out.println(rows.replace("\nnull", ""));
        System.out.printf(Locale.ROOT, "RESULT | %s | %s | %s | %.0f | %.2f | %.0f | %.2f | %.2f | %.2f | %.2f | %d | %s |%n",
                input.name().toLowerCase(Locale.ROOT), blueprint ? "blueprint" : "bare",
                rate > 0 ? String.format(Locale.ROOT, "%.0f", rate) : "0", jobDelivered / seconds, jobPerM,
                agentDelivered / seconds, agentPerM, jobPerM / agentPerM,
                (b.jobBytes - a.jobBytes) / (double) Math.max(1, jobDelivered),
                (b.agentBytes - a.agentBytes) / (double) Math.max(1, agentDelivered), rssKiB / 1024, loadAfter);
    }

    private String pipelineYaml(int httpPort, int grpcPort, String endpoint) {
        StringBuilder y = new StringBuilder();
        y.append("receivers:\n  otlp:\n    protocols:\n")
                .append("      http: {endpoint: 127.0.0.1:").append(httpPort).append("}\n")
                .append("      grpc: {endpoint: 127.0.0.1:").append(grpcPort).append("}\n");
        y.append("processors:\n  batch: {}\n");
        if (blueprint) {
            // The blueprint's resource and transform processors, as in job/src/test/resources/config/blueprint.yaml.
            y.append("""
                      resource:
                        attributes:
                        - {key: cluster.name, value: "prometheus-demo-cluster", action: upsert}
                        - {key: exporter.type, value: "prometheus-remote-write", action: upsert}
                      transform:
                        metric_statements:
                        - context: metric
                          statements:
                          - set(name, "otel_" + name) where name matches "^(http_requests|cpu_usage|memory_usage).*"
                        - context: datapoint
                          statements:
                          - set(attributes["source"], "opentelemetry")
                          - set(attributes["environment"], "demo")
                    """);
        }
        y.append("exporters:\n  prometheusremotewrite:\n    endpoint: ").append(endpoint).append('\n');
        if (blueprint) {
            y.append("""
                        resource_to_telemetry_conversion: {enabled: true}
                        target_info: {enabled: true}
                        metric_relabels:
                        - source_labels: [__name__]
                          target_label: original_name
                        - source_labels: [cluster.name]
                          target_label: cluster
                    """);
        }
        y.append("service:\n  pipelines:\n    metrics:\n      receivers: [otlp]\n      processors: [")
                .append(blueprint ? "resource, transform, batch" : "batch").append("]\n")
                .append("      exporters: [prometheusremotewrite]\n");
        return y.toString();
    }

    private Process startJob(Path jar, Path config, Path dir) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBin("java"));
        cmd.addAll(List.of(options.getOrDefault("job-jvm", "-Xmx2g -XX:+UseG1GC").trim().split("\\s+")));
        // The job's own logging (WARN for Flink) plus the checkpoint coordinator's INFO lines,
        // which say how long each checkpoint took (read by Checkpoints).
        Path log4j = dir.resolve("log4j2.properties");
        Files.writeString(log4j, """
                rootLogger.level = WARN
                rootLogger.appenderRef.console.ref = console
                appender.console.type = Console
                appender.console.name = console
                appender.console.layout.type = PatternLayout
                appender.console.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} - %m%n
                logger.job.name = io.github.otelflink
                logger.job.level = INFO
                logger.checkpoints.name = org.apache.flink.runtime.checkpoint.CheckpointCoordinator
                logger.checkpoints.level = INFO
                """);
        cmd.add("-Dlog4j2.configurationFile=" + log4j);
        if (jfr != null) {
            cmd.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
        }
        cmd.addAll(List.of("-jar", jar.toString(), "--config", config.toString(),
                "--state-dir", dir.resolve("state").toString(), "-Dparallelism.default=2"));
        System.out.println("job: " + String.join(" ", cmd));
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("job.log").toFile()).start();
    }

    private Process startAgent(Path dir, String target, String endpoint, int port) throws IOException {
        Path config = dir.resolve("agent.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                + "scrape_configs:\n- job_name: bench\n  static_configs:\n  - targets: ['" + target + "']\n"
                + "remote_write:\n- url: " + endpoint + "\n");
        List<String> cmd = List.of(options.getOrDefault("prometheus", "/usr/bin/prometheus"), "--enable-feature=agent",
                "--config.file=" + config, "--storage.agent.path=" + dir.resolve("agent-data"),
                "--web.listen-address=127.0.0.1:" + port);
        System.out.println("agent: " + String.join(" ", cmd));
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("agent.log").toFile()).start();
    }

    /** Until the OTLP/HTTP ingress answers 200 to an empty export request (the job runs). */
    private static void waitForIngress(Process job, int port, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        try (HttpPostConnection probe = new HttpPostConnection(port, "/v1/metrics", "application/x-protobuf")) {
            while (System.nanoTime() < deadline) {
                if (!job.isAlive()) {
                    throw new IllegalStateException("the job exited with " + job.exitValue() + "; its log:\n" + tail(log));
                }
                try {
                    if (probe.post(new byte[0], 0).status() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    probe.close();
                }
                Thread.sleep(500);
            }
        }
        throw new IllegalStateException("the job's ingress did not answer within 180 s; its log:\n" + tail(log));
    }

    private static void waitForAgent(Process agent, int port, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!agent.isAlive()) {
                throw new IllegalStateException("the agent exited; its log:\n" + tail(log));
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/-/ready").toURL().openConnection();
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the agent was not ready within 60 s; its log:\n" + tail(log));
    }

    /** {@code jcmd GC.run}, then the heap in use after it, per series. */
    private String heapPerSeries(long pid) throws Exception {
        Thread.sleep(5000); // let the job drain what is in flight
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        // One "total ...K, used ...K" line per generation: one for G1, young and old for Parallel.
        Matcher m = Pattern.compile("total \\d+K, used (\\d+)K").matcher(info);
        long usedKiB = 0;
        boolean any = false;
        while (m.find()) {
            usedKiB += Long.parseLong(m.group(1));
            any = true;
        }
        if (!any) {
            return "? (" + info.trim() + ")";
        }
        return String.format(Locale.ROOT, "%,d MiB = %,.0f bytes per active series (%,d series)",
                usedKiB / 1024, usedKiB * 1024.0 / series, series);
    }

    private static String jcmd(long pid, String command) throws Exception {
        Process p = new ProcessBuilder(javaBin("jcmd"), Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
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

    /** SIGTERM (the job then stops with a savepoint, and JFR writes its recording), then SIGKILL after 60 s. */
    private static void stop(Process p) {
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static Path jobJar(String given) throws IOException {
        if (given != null) {
            return Path.of(given).toAbsolutePath();
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("job/target"), "otel-flink-job-*.jar")) {
            for (Path p : jars) {
                return p.toAbsolutePath();
            }
        }
        throw new IllegalStateException("no job/target/otel-flink-job-*.jar: build it (see bench/README.md) or pass --jar");
    }

    private static String javaBin(String tool) {
        return Path.of(System.getProperty("java.home"), "bin", tool).toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String key = args[i].substring(2);
            if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                options.put(key, args[++i]);
            } else {
                options.put(key, "true");
            }
        }
        return options;
    }
}
