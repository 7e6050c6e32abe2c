package io.github.otelflink.bench;

import io.github.otelflink.bench.LoadDriverJob.Run;
import io.github.otelflink.sink.remotewrite.encode.RemoteWriteProtocol;
import io.github.otelflink.testing.PrometheusServer;

import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@link LoadDriver}'s report of one measured job: throughput, the driver's and Prometheus's CPU per
 * million samples, the sink's counters and bytes, what the receiver saw, CPU by thread, and the
 * {@code RESULT | ...} line.
 */
final class LoadDriverReport {
    private LoadDriverReport() {}

    /**
     * Prints the report; {@code receiver} or {@code prometheus} is null (the other target),
     * {@code prometheusCpuBefore}/{@code After} are clock ticks, -1 when unknown.
     */
    static void print(LoadDriverOptions o, String jobName, int samplesPerRecord, String load, Run result,
            NullReceiver receiver, PrometheusServer prometheus, Optional<ProcessHandle> prometheusProcess,
            long prometheusCpuBefore, long prometheusCpuAfter) throws Exception {
        int series = o.series;
        int samples = o.samples;
        int parallelism = o.parallelism;
        String target = o.target;
        boolean mtls = o.mtls;
        RemoteWriteProtocol protocol = o.protocol;
        boolean shuffle = o.shuffle;
        int maxSamplesPerSend = o.maxSamplesPerSend;
        long checkpointIntervalMs = o.checkpointIntervalMs;
        boolean verify = o.verify;
        long total = (long) series * samples;
        double millions = total / 1e6;
        Map<String, Long> counters = result.counters();
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
                result.wallSeconds(), total / result.wallSeconds()));
        out.append(String.format(Locale.ROOT, "active (first record -> end): %7.3f s  %,12.0f samples/s%n",
                result.activeSeconds(), total / result.activeSeconds()));
        out.append(String.format(Locale.ROOT, "driver JVM CPU (submit -> end): %.2f s = %.2f CPU-s per million samples"
                        + " (GC: %d collections, %.2f s pause)%n",
                result.cpuSeconds(), result.cpuSeconds() / millions, result.gcCount(), result.gcSeconds()));
        out.append(String.format(Locale.ROOT, "driver JVM CPU (first record -> end): %.2f s = %.2f CPU-s per million"
                        + " samples%n",
                result.activeCpuSeconds(), result.activeCpuSeconds() / millions));
        out.append(String.format(Locale.ROOT, "driver JVM CPU without the JIT compiler (submit -> end): %.2f s = %.2f"
                        + " CPU-s per million samples (JIT: %.2f s)%n",
                result.cpuSeconds() - result.jitSeconds(), (result.cpuSeconds() - result.jitSeconds()) / millions,
                result.jitSeconds()));
        if (prometheus != null) {
            if (prometheusCpuBefore >= 0 && prometheusCpuAfter >= 0) {
                double promCpu = (prometheusCpuAfter - prometheusCpuBefore) / (double) clockTicksPerSecond();
                out.append(String.format(Locale.ROOT, "Prometheus CPU: %.2f s = %.2f CPU-s per million samples"
                                + " (pid %d); total with driver: %.2f CPU-s per million%n",
                        promCpu, promCpu / millions, prometheusProcess.get().pid(),
                        (result.cpuSeconds() + promCpu) / millions));
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
                result.cpuSeconds() - result.threadCpu().values().stream().mapToDouble(Double::doubleValue).sum()));
        result.threadCpu().entrySet().stream().limit(10).forEach(e -> out.append(String.format(Locale.ROOT,
                "  %6.2f s  %4.0f%% of active time  %s%n", e.getValue(),
                100 * e.getValue() / result.activeSeconds(), e.getKey())));
        out.append(String.format(Locale.ROOT,
                "RESULT | %s | %s%s | %s | %d | %,d x %,d | %d | %s | %,.0f | %,.0f | %.2f | %.2f | %.2f | %s | %.2f | %s |%n",
                Instant.now().toString().substring(0, 10), target, mtls && prometheus != null ? "+mtls" : "",
                protocol.name().toLowerCase(Locale.ROOT), samplesPerRecord, series, samples, parallelism, shuffle,
                total / result.wallSeconds(), total / result.activeSeconds(), result.cpuSeconds() / millions,
                result.activeCpuSeconds() / millions, (result.cpuSeconds() - result.jitSeconds()) / millions,
                prometheus == null ? "-" : prometheusCpuBefore >= 0
                        ? String.format(Locale.ROOT, "%.2f", (prometheusCpuAfter - prometheusCpuBefore)
                                / (double) clockTicksPerSecond() / millions)
                        : "excluded",
                compressed / (double) Math.max(1, sent), load.substring(0, load.indexOf(' '))));
        System.out.print(out);
        System.out.flush();
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
}
