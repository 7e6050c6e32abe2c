package io.github.otelflink.bench;

import io.github.otelflink.sink.remotewrite.PrometheusRemoteWriteSink;
import io.github.otelflink.sink.remotewrite.PrometheusRemoteWriteSinkBuilder;
import io.github.otelflink.sink.remotewrite.encode.RemoteWriteProtocol;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import io.github.otelflink.sink.remotewrite.model.TimeSeriesTypeInfo;
import io.github.otelflink.testing.PrometheusServer;
import io.github.otelflink.testing.TestCertificates;
import io.github.otelflink.sink.remotewrite.tls.TlsOptions;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Pushes a fixed number of samples through the real {@link PrometheusRemoteWriteSink} on a local
 * Flink MiniCluster and reports throughput and cost:
 *
 * <pre>
 * java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" io.github.otelflink.bench.LoadDriver \
 *     --series 2000 --samples 500 --samples-per-record 10,1 --parallelism 2 --target null|prometheus [--mtls]
 * </pre>
 *
 * Options (defaults in brackets): {@code --series} [2000] and {@code --samples} [500] per series;
 * {@code --samples-per-record} [10,1], a list: one measured job per entry; {@code --parallelism}
 * [2] of source and sink; {@code --target} [null] the in-JVM {@link NullReceiver} or a real
 * Prometheus 2.42 ({@code /usr/bin/prometheus}, a fresh one per job); {@code --mtls} Prometheus
 * behind mutual TLS; {@code --protocol} [v1] or v2 (the null receiver speaks both; Prometheus 2.42
 * makes the sink fall back to v1); {@code --shuffle} [true]: the sink partitions by series
 * fingerprint (its default), false: {@code partitionBySeries(false)}, source and sink chained (valid
 * here because each series comes from one source subtask); {@code --max-samples-per-send} [2000];
 * {@code --checkpoint-interval-ms} [0 = off]; {@code --warmup-runs} [3] jobs of the same shape, size and
 * target (a fresh one each) per samples-per-record value first, not measured (the JIT compiler is
 * still busy for several 1M-sample jobs: its CPU is reported apart); {@code --repeat} [1]; {@code --verify} the null receiver decodes
 * every request and counts samples (costs CPU in this JVM).
 *
 * <p>Samples per second is wall clock from job submission to job end (includes deploying tasks)
 * and, "active", from the first generated record to job end. CPU is this JVM's process CPU time
 * over the same span (MiniCluster, source, sink, HTTP client, in-JVM null receiver, GC, JIT);
 * Prometheus's CPU is read from {@code /proc/<pid>/stat} and reported apart.
 */
public final class LoadDriver {
    private static final long MINUTE_MS = 60_000;

    private final int series;
    private final int samples;
    private final int parallelism;
    private final String target;
    private final boolean mtls;
    private final RemoteWriteProtocol protocol;
    private final boolean shuffle;
    private final int maxSamplesPerSend;
    private final long checkpointIntervalMs;
    private final boolean verify;

    private LoadDriver(Map<String, String> options) {
        this.series = Integer.parseInt(options.getOrDefault("series", "2000"));
        this.samples = Integer.parseInt(options.getOrDefault("samples", "500"));
        this.parallelism = Integer.parseInt(options.getOrDefault("parallelism", "2"));
        this.target = options.getOrDefault("target", "null");
        this.mtls = Boolean.parseBoolean(options.getOrDefault("mtls", "false"));
        this.protocol = RemoteWriteProtocol.valueOf(options.getOrDefault("protocol", "v1").toUpperCase(Locale.ROOT));
        this.shuffle = Boolean.parseBoolean(options.getOrDefault("shuffle", "true"));
        this.maxSamplesPerSend = Integer.parseInt(options.getOrDefault("max-samples-per-send", "2000"));
        this.checkpointIntervalMs = Long.parseLong(options.getOrDefault("checkpoint-interval-ms", "0"));
        this.verify = Boolean.parseBoolean(options.getOrDefault("verify", "false"));
        if (!target.equals("null") && !target.equals("prometheus")) {
            throw new IllegalArgumentException("--target: expected null or prometheus, got " + target);
        }
        if (series % parallelism != 0) {
            throw new IllegalArgumentException("--series must be a multiple of --parallelism (each source subtask owns"
                    + " series/parallelism series)");
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        LoadDriver driver = new LoadDriver(options);
        List<Integer> perRecord = new ArrayList<>();
        for (String s : options.getOrDefault("samples-per-record", "10,1").split(",")) {
            perRecord.add(Integer.parseInt(s.trim()));
        }
        int repeat = Integer.parseInt(options.getOrDefault("repeat", "1"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup-runs", "3"));
        System.out.println("RESULT columns: | date | target | protocol | samples/record | series x samples | parallelism"
                + " | shuffle | samples/s wall | samples/s active | driver CPU-s/M (submit->end)"
                + " | driver CPU-s/M (first record->end) | driver CPU-s/M without JIT (submit->end)"
                + " | Prometheus CPU-s/M | compressed B/sample | load1 |");
        driver.run(perRecord, repeat, warmup);
        // Flink and the HTTP client leave non-daemon threads behind.
        System.exit(0);
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String key = args[i].substring(2);
            int eq = key.indexOf('=');
            if (eq >= 0) {
                options.put(key.substring(0, eq), key.substring(eq + 1));
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                options.put(key, args[++i]);
            } else {
                options.put(key, "true");
            }
        }
        return options;
    }

    private void run(List<Integer> perRecord, int repeat, int warmupRuns) throws Exception {
        Configuration conf = SinkCounters.addTo(new Configuration());
        MiniClusterConfiguration cluster = new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(parallelism)
                .withRandomPorts()
                .build();
        Path workDir = Files.createTempDirectory("loaddriver");
        try (MiniCluster miniCluster = new MiniCluster(cluster)) {
            miniCluster.start();
            for (int w = 1; w <= warmupRuns; w++) {
                for (int k : perRecord) {
                    String name = "warmup-" + w + "-" + k;
                    measure(miniCluster, workDir.resolve(name), k, name, true);
                }
            }
            int run = 0;
            for (int r = 0; r < repeat; r++) {
                for (int k : perRecord) {
                    run++;
                    measure(miniCluster, workDir.resolve("run-" + run), k, "run-" + run, false);
                }
            }
        } finally {
            deleteRecursively(workDir);
        }
    }

    /** One job into a fresh target; a warm-up prints one line, a measured run the full report. */
    private void measure(MiniCluster miniCluster, Path dir, int samplesPerRecord, String jobName, boolean warmup)
            throws Exception {
        NullReceiver receiver = null;
        PrometheusServer prometheus = null;
        TlsOptions tls = null;
        URI endpoint;
        try {
            if (target.equals("null")) {
                receiver = NullReceiver.start(verify);
                endpoint = receiver.endpoint();
            } else {
                TestCertificates certs = mtls ? TestCertificates.generate(dir.resolve("certs")) : null;
                prometheus = PrometheusServer.start(dir.resolve("prometheus"), certs);
                endpoint = prometheus.remoteWriteUri();
                if (certs != null) {
                    tls = TlsOptions.defaults()
                            .withCaFile(certs.caCert().toString())
                            .withClientCertificate(certs.clientCert().toString(), certs.clientKey().toString());
                }
            }
            Optional<ProcessHandle> prometheusProcess = prometheus == null ? Optional.empty() : findPrometheus(prometheus.port());

            String load = loadAverage();
            long prometheusCpuBefore = prometheusProcess.map(LoadDriver::cpuTicks).orElse(-1L);
            Run result = execute(miniCluster, endpoint, tls, samples, samplesPerRecord, jobName);
            long prometheusCpuAfter = prometheusProcess.map(LoadDriver::cpuTicks).orElse(-1L);
            if (warmup) {
                System.out.printf(Locale.ROOT, "%s (not measured): %d series x %d samples, %d per record, to %s%s:"
                                + " %.2f s, %.2f CPU-s, of which JIT compiler %.2f s%n",
                        jobName, series, samples, samplesPerRecord, target, mtls && prometheus != null ? "+mtls" : "",
                        result.wallSeconds, result.cpuSeconds, result.jitSeconds());
                return;
            }

            long total = (long) series * samples;
            double millions = total / 1e6;
            Map<String, Long> counters = result.counters;
            long dropped = counters.entrySet().stream()
                    .filter(e -> e.getKey().endsWith("samples_dropped_total"))
                    .mapToLong(Map.Entry::getValue).sum();
            long sent = counters.getOrDefault("samples_sent_total", 0L);
            long compressed = counters.getOrDefault("sent_bytes_total", 0L);
            long uncompressed = counters.getOrDefault("sent_bytes_uncompressed_total", 0L);

            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT,
                    "%n=== %s: target=%s%s protocol=%s series=%d samples/series=%d samples/record=%d parallelism=%d"
                            + " shuffle=%s max-samples-per-send=%d checkpoints=%s%n",
                    jobName, target, mtls && prometheus != null ? "+mtls" : "", protocol.name().toLowerCase(Locale.ROOT),
                    series, samples, samplesPerRecord, parallelism, shuffle, maxSamplesPerSend,
                    checkpointIntervalMs > 0 ? checkpointIntervalMs + "ms" : "off"));
            out.append(String.format(Locale.ROOT, "load average before the job: %s%n", load));
            out.append(String.format(Locale.ROOT, "samples: %,d in %,d records%n",
                    total, SeriesRecords.recordCount(series, samples, samplesPerRecord)));
            out.append(String.format(Locale.ROOT, "wall (submit -> end):         %7.3f s  %,12.0f samples/s%n",
                    result.wallSeconds, total / result.wallSeconds));
            out.append(String.format(Locale.ROOT, "active (first record -> end): %7.3f s  %,12.0f samples/s%n",
                    result.activeSeconds, total / result.activeSeconds));
            out.append(String.format(Locale.ROOT, "driver JVM CPU (submit -> end): %.2f s = %.2f CPU-s per million samples"
                            + " (GC: %d collections, %.2f s pause)%n",
                    result.cpuSeconds, result.cpuSeconds / millions, result.gcCount, result.gcSeconds));
            out.append(String.format(Locale.ROOT, "driver JVM CPU (first record -> end): %.2f s = %.2f CPU-s per million"
                            + " samples%n",
                    result.activeCpuSeconds, result.activeCpuSeconds / millions));
            out.append(String.format(Locale.ROOT, "driver JVM CPU without the JIT compiler (submit -> end): %.2f s = %.2f"
                            + " CPU-s per million samples (JIT: %.2f s)%n",
                    result.cpuSeconds - result.jitSeconds(), (result.cpuSeconds - result.jitSeconds()) / millions,
                    result.jitSeconds()));
            if (prometheus != null) {
                if (prometheusCpuBefore >= 0 && prometheusCpuAfter >= 0) {
                    double promCpu = (prometheusCpuAfter - prometheusCpuBefore) / (double) clockTicksPerSecond();
                    out.append(String.format(Locale.ROOT, "Prometheus CPU: %.2f s = %.2f CPU-s per million samples"
                                    + " (pid %d); total with driver: %.2f CPU-s per million%n",
                            promCpu, promCpu / millions, prometheusProcess.get().pid(),
                            (result.cpuSeconds + promCpu) / millions));
                } else {
                    out.append("Prometheus CPU: excluded (its pid was not found)\n");
                }
            }
            out.append(String.format(Locale.ROOT, "sink: samples_sent_total=%,d dropped=%,d already_delivered=%,d"
                            + " retried=%,d requests=%,d failed_requests=%,d%n",
                    sent, dropped, counters.getOrDefault("samples_already_delivered_total", 0L),
                    counters.getOrDefault("samples_retried_total", 0L), counters.getOrDefault("requests_total", 0L),
                    counters.getOrDefault("requests_failed_total", 0L)));
            out.append(String.format(Locale.ROOT, "sink bytes: %,d compressed (%.2f B/sample), %,d uncompressed"
                            + " (%.2f B/sample), %.1f samples/request%n",
                    compressed, compressed / (double) Math.max(1, sent), uncompressed,
                    uncompressed / (double) Math.max(1, sent),
                    sent / (double) Math.max(1, counters.getOrDefault("requests_total", 0L))));
            if (receiver != null) {
                out.append(String.format(Locale.ROOT, "null receiver: %,d requests, %,d bytes (%.2f B/sample)%s%n",
                        receiver.requests(), receiver.bytes(), receiver.bytes() / (double) total,
                        verify || protocol == RemoteWriteProtocol.V2
                                ? String.format(Locale.ROOT, ", %,d samples decoded, %d undecodable",
                                        receiver.samples(), receiver.errors())
                                        + (receiver.entries() == 0 ? "" : String.format(Locale.ROOT,
                                                "; %,d TimeSeries entries for %,d distinct series per request"
                                                        + " (summed over requests)",
                                                receiver.entries(), receiver.distinctSeries()))
                                : ""));
            }
            if (prometheus != null) {
                double stored = 0;
                for (String metric : BenchSeries.METRIC_NAMES) {
                    double n = prometheus.scalar("sum(count_over_time(" + metric + "[3h]))");
                    stored += Double.isNaN(n) ? 0 : n;
                }
                out.append(String.format(Locale.ROOT, "Prometheus holds %,.0f samples%s%n", stored,
                        stored == total ? " (all of them)" : " (EXPECTED " + total + ")"));
            }
            out.append(String.format(Locale.ROOT, "driver threads by CPU-s, summed over subtasks/pool threads"
                    + " (Java threads sampled every 100 ms; %.2f s of the process CPU is not attributed):%n",
                    result.cpuSeconds - result.threadCpu.values().stream().mapToDouble(Double::doubleValue).sum()));
            result.threadCpu.entrySet().stream().limit(10).forEach(e -> out.append(String.format(Locale.ROOT,
                    "  %6.2f s  %4.0f%% of active time  %s%n", e.getValue(),
                    100 * e.getValue() / result.activeSeconds, e.getKey())));
            out.append(String.format(Locale.ROOT,
                    "RESULT | %s | %s%s | %s | %d | %,d x %,d | %d | %s | %,.0f | %,.0f | %.2f | %.2f | %.2f | %s | %.2f | %s |%n",
                    Instant.now().toString().substring(0, 10), target, mtls && prometheus != null ? "+mtls" : "",
                    protocol.name().toLowerCase(Locale.ROOT), samplesPerRecord, series, samples, parallelism, shuffle,
                    total / result.wallSeconds, total / result.activeSeconds, result.cpuSeconds / millions,
                    result.activeCpuSeconds / millions, (result.cpuSeconds - result.jitSeconds()) / millions,
                    prometheus == null ? "-" : prometheusCpuBefore >= 0
                            ? String.format(Locale.ROOT, "%.2f", (prometheusCpuAfter - prometheusCpuBefore)
                                    / (double) clockTicksPerSecond() / millions)
                            : "excluded",
                    compressed / (double) Math.max(1, sent), load.substring(0, load.indexOf(' '))));
            System.out.print(out);
            System.out.flush();
        } finally {
            if (receiver != null) {
                receiver.close();
            }
            if (prometheus != null) {
                prometheus.close();
            }
        }
    }

    /** What one job cost. */
    private record Run(double wallSeconds, double activeSeconds, double cpuSeconds, double activeCpuSeconds,
            long gcCount, double gcSeconds,
            Map<String, Long> counters, Map<String, Double> threadCpu) {
        double jitSeconds() {
            return threadCpu.getOrDefault(ThreadCpuSampler.JIT_GROUP, 0.0);
        }
    }

    private Run execute(MiniCluster miniCluster, URI endpoint, TlsOptions tls, int samplesPerSeries,
            int samplesPerRecord, String jobName) throws Exception {
        // Recent enough for Prometheus's head (it accepts about the last hour): samples span at most
        // 40 minutes, ending 10 minutes ago. Strictly increasing per series.
        long stepMs = Math.max(1, Math.min(15_000, 40 * MINUTE_MS / samplesPerSeries));
        long baseMs = (System.currentTimeMillis() - 50 * MINUTE_MS) / 1000 * 1000;
        long records = SeriesRecords.recordCount(series, samplesPerSeries, samplesPerRecord);

        PrometheusRemoteWriteSinkBuilder sink = PrometheusRemoteWriteSink.builder()
                .endpoint(endpoint)
                .protocol(protocol)
                .maxSamplesPerSend(maxSamplesPerSend)
                .partitionBySeries(shuffle);
        if (tls != null) {
            sink.tls(tls);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        if (checkpointIntervalMs > 0) {
            env.enableCheckpointing(checkpointIntervalMs);
        }
        env.fromSource(
                        new DataGeneratorSource<>(
                                new SeriesRecords(series, samplesPerSeries, samplesPerRecord, baseMs, stepMs),
                                records,
                                TimeSeriesTypeInfo.INSTANCE),
                        WatermarkStrategy.noWatermarks(),
                        "series-generator")
                .sinkTo(sink.build())
                .name("remote-write");
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(jobName);
        JobGraph job = graph.getJobGraph();

        SinkCounters.clear();
        SeriesRecords.FIRST_RECORD_NANOS.set(0);
        SeriesRecords.FIRST_RECORD_CPU_NANOS.set(0);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long gcCountBefore = gcCount();
        long gcMillisBefore = gcMillis();
        ThreadCpuSampler sampler = new ThreadCpuSampler();
        long cpuBefore = os.getProcessCpuTime();
        long start = System.nanoTime();
        miniCluster.executeJobBlocking(job);
        long end = System.nanoTime();
        long cpuAfter = os.getProcessCpuTime();
        Map<String, Double> threadCpu = sampler.stop();
        long first = SeriesRecords.FIRST_RECORD_NANOS.get();
        long firstCpu = SeriesRecords.FIRST_RECORD_CPU_NANOS.get();
        return new Run(
                (end - start) / 1e9,
                (end - (first == 0 ? start : first)) / 1e9,
                (cpuAfter - cpuBefore) / 1e9,
                (cpuAfter - (firstCpu == 0 ? cpuBefore : firstCpu)) / 1e9,
                gcCount() - gcCountBefore,
                (gcMillis() - gcMillisBefore) / 1e3,
                SinkCounters.totals(),
                threadCpu);
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }

    /** The Prometheus child process listening on the given port. */
    private static Optional<ProcessHandle> findPrometheus(int port) {
        String listen = "--web.listen-address=127.0.0.1:" + port;
        return ProcessHandle.current().children()
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains(listen)).orElse(false))
                .findFirst();
    }

    /** utime + stime of a process, in clock ticks, from /proc/<pid>/stat. */
    private static long cpuTicks(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After "pid (comm) ": state is field 3 of proc(5); utime 14 and stime 15.
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long clockTicksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2] + " (1/5/15 min, 2 cores)";
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
