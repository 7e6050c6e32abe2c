package io.github.otelflink.bench;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two processes {@link EndToEndBenchmark} compares: their configuration files in the work folder
 * ({@code pipeline.yaml} and {@code log4j2.properties} for the job, {@code agent.yml} for the Prometheus
 * agent), starting them, waiting until they are ready, the job's heap after a full GC ({@code jcmd}),
 * and stopping them.
 */
final class EndToEndProcesses {
    private final EndToEndOptions options;
    private final boolean blueprint;
    private final Path jfr;
    private final int series;

    EndToEndProcesses(EndToEndOptions options) {
        this.options = options;
        this.blueprint = options.blueprint;
        this.jfr = options.jfr;
        this.series = options.series;
    }

    /**
     * The job's pipeline: the OTLP receiver on {@code httpPort} and {@code grpcPort}, or with
     * {@code kafkaBrokers} (not null) the kafka receiver on {@link KafkaLoadGenerator#TOPIC} instead.
     */
    String pipelineYaml(int httpPort, int grpcPort, String kafkaBrokers, String endpoint, int telemetryPort) {
        StringBuilder y = new StringBuilder();
        if (kafkaBrokers == null) {
            y.append("receivers:\n  otlp:\n    protocols:\n")
                    .append("      http: {endpoint: 127.0.0.1:").append(httpPort).append("}\n")
                    .append("      grpc: {endpoint: 127.0.0.1:").append(grpcPort).append("}\n");
        } else {
            // earliest: the topic is new and the group has no offsets; the job must not skip what
            // was produced before its source started (the readiness probe, at least).
            y.append("receivers:\n  kafka:\n    brokers: [\"").append(kafkaBrokers).append("\"]\n")
                    .append("    topic: ").append(KafkaLoadGenerator.TOPIC).append('\n')
                    .append("    encoding: otlp_proto\n    initial_offset: earliest\n");
        }
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
        y.append("service:\n  pipelines:\n    metrics:\n      receivers: [").append(kafkaBrokers == null ? "otlp" : "kafka")
                .append("]\n      processors: [")
                .append(blueprint ? "resource, transform, batch" : "batch").append("]\n")
                .append("      exporters: [prometheusremotewrite]\n")
                .append("  telemetry:\n    metrics:\n      address: 127.0.0.1:").append(telemetryPort).append('\n');
        return y.toString();
    }

    Process startJob(Path jar, Path config, Path dir) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBin("java"));
        cmd.addAll(List.of(options.getOrDefault("job-jvm", "-Xms2g -Xmx2g -XX:+UseParallelGC").trim().split("\\s+")));
        // The job's own logging, from its jar, plus the checkpoint coordinator's INFO lines, which
        // say how long each checkpoint took (read by Checkpoints).
        Path log4j = dir.resolve("log4j2.properties");
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
            java.util.zip.ZipEntry entry = zip.getEntry("log4j2.properties");
            if (entry == null) {
                throw new IOException(jar + " has no log4j2.properties");
            }
            String own = new String(zip.getInputStream(entry).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            Files.writeString(log4j, own + "\nlogger.checkpoints.name = org.apache.flink.runtime.checkpoint.CheckpointCoordinator"
                    + "\nlogger.checkpoints.level = INFO\n");
        }
        cmd.add("-Dlog4j2.configurationFile=" + log4j);
        // The embedded cluster unpacks a 21 MB RPC jar into the temporary directory and does not
        // always delete it on the way out: every run used to leave one in /tmp.
        cmd.add("-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("tmp")));
        if (jfr != null) {
            cmd.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
        }
        cmd.addAll(List.of("-jar", jar.toString(), "--config", config.toString(),
                "--state-dir", dir.resolve("state").toString(), "-Dparallelism.default=2"));
        String jobArgs = options.get("job-args"); // more of the job's own options, e.g. -D Flink options
        if (jobArgs != null) {
            cmd.addAll(List.of(jobArgs.trim().split("\\s+")));
        }
        System.out.println("job: " + String.join(" ", cmd));
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("job.log").toFile()).start();
    }

    Process startAgent(Path dir, String target, String endpoint, int port) throws IOException {
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
    static void waitForIngress(Process job, int port, Path log) throws Exception {
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

    /** Until the job's receiver has counted a sample: the job reads its input (the Kafka probe) and writes. */
    static void waitForDelivery(Process job, SampleCountingReceiver receiver, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!job.isAlive()) {
                throw new IllegalStateException("the job exited with " + job.exitValue() + "; its log:\n" + tail(log));
            }
            if (receiver.delivered() > 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the job delivered nothing within 180 s; its log:\n" + tail(log));
    }

    static void waitForAgent(Process agent, int port, Path log) throws Exception {
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
    String heapPerSeries(long pid) throws Exception {
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

    /** SIGTERM (the job then stops with a savepoint, and JFR writes its recording), then SIGKILL after 60 s. */
    static void stop(Process p) {
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

    static Path jobJar(String given) throws IOException {
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

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /**
     * The job's counters of points it dropped, by name and reason, from its telemetry endpoint:
     * every line whose name says "dropped" with a value above 0, or "none".
     */
    static String droppedPoints(int telemetryPort) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + telemetryPort + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            StringBuilder out = new StringBuilder();
            for (String line : response.body().split("\n")) {
                if (!line.startsWith("#") && line.contains("dropped")) {
                    String value = line.substring(line.lastIndexOf(' ') + 1);
                    if (Double.parseDouble(value) > 0) {
                        out.append(out.length() == 0 ? "" : "; ").append(line);
                    }
                }
            }
            return out.length() == 0 ? "none" : out.toString();
        } catch (IOException | RuntimeException e) {
            return "unknown (" + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown (interrupted)";
        }
    }
}
