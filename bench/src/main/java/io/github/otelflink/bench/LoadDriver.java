package io.github.otelflink.bench;

import io.github.otelflink.bench.LoadDriverJob.Run;
import io.github.otelflink.sink.remotewrite.PrometheusRemoteWriteSink;
import io.github.otelflink.sink.remotewrite.tls.TlsOptions;
import io.github.otelflink.testing.PrometheusServer;
import io.github.otelflink.testing.TestCertificates;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
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
 *
 * <p>The options are read by {@link LoadDriverOptions}, each job is built and run by
 * {@link LoadDriverJob}, and reported by {@link LoadDriverReport}.
 */
public final class LoadDriver {
    private final LoadDriverOptions options;
    private final int series;
    private final int samples;
    private final int parallelism;
    private final String target;
    private final boolean mtls;
    private final boolean verify;

    private LoadDriver(LoadDriverOptions options) {
        this.options = options;
        this.series = options.series;
        this.samples = options.samples;
        this.parallelism = options.parallelism;
        this.target = options.target;
        this.mtls = options.mtls;
        this.verify = options.verify;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = LoadDriverOptions.parse(args);
        LoadDriver driver = new LoadDriver(new LoadDriverOptions(options));
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
            Run result = LoadDriverJob.execute(options, miniCluster, endpoint, tls, samples, samplesPerRecord, jobName);
            long prometheusCpuAfter = prometheusProcess.map(LoadDriver::cpuTicks).orElse(-1L);
            if (warmup) {
                System.out.printf(Locale.ROOT, "%s (not measured): %d series x %d samples, %d per record, to %s%s:"
                                + " %.2f s, %.2f CPU-s, of which JIT compiler %.2f s%n",
                        jobName, series, samples, samplesPerRecord, target, mtls && prometheus != null ? "+mtls" : "",
                        result.wallSeconds(), result.cpuSeconds(), result.jitSeconds());
                return;
            }

            LoadDriverReport.print(options, jobName, samplesPerRecord, load, result, receiver, prometheus,
                    prometheusProcess, prometheusCpuBefore, prometheusCpuAfter);
        } finally {
            if (receiver != null) {
                receiver.close();
            }
            if (prometheus != null) {
                prometheus.close();
            }
        }
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
