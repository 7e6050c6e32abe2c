package io.github.otelflink.bench;

import java.io.IOException;
import java.util.Locale;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link EndToEndBenchmark}'s figures: the counters of both sides at one moment ({@link Snapshot}), and over
 * the measured interval the table and the {@code RESULT | ...} line.
 */
final class EndToEndReport {
    private EndToEndReport() {}

    /** Counters of both sides at one moment. */
    record Snapshot(long nanos, double jobCpu, double agentCpu, double generatorCpu, double benchJvmCpu,
            long jobDelivered, long jobBytes, long agentDelivered, long agentBytes, long offered, long accepted,
            long agentOffered) {
        static Snapshot take(Process job, Process agent, SampleCountingReceiver jobReceiver,
                SampleCountingReceiver agentReceiver, LoadGenerator generator, ScrapeTarget target) throws IOException {
            return new Snapshot(System.nanoTime(), ProcFs.cpuSeconds(job.pid()), ProcFs.cpuSeconds(agent.pid()),
                    generator.cpuSeconds(), ProcFs.cpuSeconds(ProcessHandle.current().pid()),
                    jobReceiver.delivered(), jobReceiver.compressedBytes.sum(),
                    agentReceiver.delivered(), agentReceiver.compressedBytes.sum(),
                    generator.offered.sum(), generator.accepted.sum(), target.offered());
        }
    }

    /**
     * The job's CPU over the measured interval by thread group, per million delivered samples, and
     * the threads of the "other" group by name: the RPC scheduler threads' idle wake-ups were found
     * there (thirteenth round in bench/README.md).
     */
    static String threadLine(Map<String, Double> before, Map<String, Double> after, long delivered) {
        double perMillion = Math.max(1e-9, delivered / 1e6);
        Map<String, Double> groups = new TreeMap<>();
        Map<String, Double> other = new HashMap<>();
        after.forEach((name, seconds) -> {
            double used = (seconds - before.getOrDefault(name, 0.0)) / perMillion;
            String group = ProcFs.threadGroup(name);
            groups.merge(group, used, Double::sum);
            if (group.equals(ProcFs.OTHER)) {
                other.merge(name, used, Double::sum);
            }
        });
        StringBuilder line = new StringBuilder("job CPU-s per million delivered samples by thread group:");
        groups.forEach((group, used) -> line.append(String.format(Locale.ROOT, " %s %.2f;", group, used)));
        line.append("\n  of which \"other\", its largest threads:");
        other.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(6)
                .forEach(e -> line.append(String.format(Locale.ROOT, " %s %.3f;", e.getKey(), e.getValue())));
        return line.toString();
    }

    /** The table (markdown) and the {@code RESULT | ...} line for the interval from {@code a} to {@code b}. */
    static void print(EndToEndOptions o, Snapshot a, Snapshot b, long rssKiB, long agentRssKiB, String heapLine,
            String loadBefore, String loadAfter, LoadGenerator generator) {
        LoadGenerator.Input input = o.input;
        boolean kafka = input == LoadGenerator.Input.KAFKA;
        boolean blueprint = o.blueprint;
        int series = o.series;
        double rate = o.rate;
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
                String.format(Locale.ROOT, "| samples offered | %,d (%,.0f/s; %s) | %,d (%,.0f/s, scraped) |",
                        b.offered - a.offered, (b.offered - a.offered) / seconds,
                        kafka ? "produced, acknowledged by the broker"
                                : String.format(Locale.ROOT, "accepted %,d", b.accepted - a.accepted),
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
                                + " in all (generator, scrape target, both receivers%s): %.1f CPU-s",
                        genCpu, genCpu / ((b.offered - a.offered) / 1e6),
                        kafka ? ", the Kafka broker: its CPU is not in the job's figure" : "", benchCpu));
        System.out.println(rows.replace("\nnull", ""));
        System.out.printf(Locale.ROOT, "RESULT | %s | %s | %s | %.0f | %.2f | %.0f | %.2f | %.2f | %.2f | %.2f | %d | %s |%n",
                input.name().toLowerCase(Locale.ROOT), blueprint ? "blueprint" : "bare",
                rate > 0 ? String.format(Locale.ROOT, "%.0f", rate) : "0", jobDelivered / seconds, jobPerM,
                agentDelivered / seconds, agentPerM, jobPerM / agentPerM,
                (b.jobBytes - a.jobBytes) / (double) Math.max(1, jobDelivered),
                (b.agentBytes - a.agentBytes) / (double) Math.max(1, agentDelivered), rssKiB / 1024, loadAfter);
    }
}
