package io.github.otelflink.bench;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * CPU time per operation, next to JMH's wall-clock score. On a shared, overloaded machine the
 * wall-clock score counts the time the benchmark thread waited for a core; CPU time does not.
 *
 * <ul>
 *   <li>{@code ·cpu.worker}: CPU time of the JMH worker threads per operation (includes
 *       {@code Level.Invocation} setup, which runs on the worker: subtract {@code coldSetupOnly});
 *   <li>{@code ·cpu.process}: the forked JVM's CPU time per operation (adds GC, JIT and JMH's own
 *       threads);
 *   <li>{@code ·cpu.share}: worker CPU time / wall time of the iteration; about 1.0 when the
 *       benchmark had a core to itself, lower when it waited for one.
 * </ul>
 *
 * Enabled by {@link Benchmarks}; with JMH's own runner use {@code -prof io.github.otelflink.bench.CpuTimeProfiler}.
 */
public final class CpuTimeProfiler implements InternalProfiler {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private Map<Long, Long> workerCpuBefore;
    private long processCpuBefore;
    private long wallBefore;

    @Override
    public String getDescription() {
        return "CPU time per operation (worker threads and whole process)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        workerCpuBefore = workerCpu();
        processCpuBefore = os.getProcessCpuTime();
        wallBefore = System.nanoTime();
    }

    @Override
    public List<Result> afterIteration(
            BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
        long wall = System.nanoTime() - wallBefore;
        long process = os.getProcessCpuTime() - processCpuBefore;
        long worker = 0;
        for (Map.Entry<Long, Long> e : workerCpu().entrySet()) {
            worker += e.getValue() - workerCpuBefore.getOrDefault(e.getKey(), 0L);
        }
        long ops = result.getMetadata().getMeasuredOps();
        if (ops <= 0) {
            return List.of();
        }
        TimeUnit unit = benchmarkParams.getTimeUnit();
        double perUnit = unit.toNanos(1);
        String label = "ns".equals(shortName(unit)) ? "ns/op" : shortName(unit) + "/op";
        return List.of(
                new ScalarResult("cpu.worker", worker / perUnit / ops, label, AggregationPolicy.AVG),
                new ScalarResult("cpu.process", process / perUnit / ops, label, AggregationPolicy.AVG),
                new ScalarResult("cpu.share", worker / (double) wall, "cpu/wall", AggregationPolicy.AVG));
    }

    private Map<Long, Long> workerCpu() {
        Map<Long, Long> cpu = new HashMap<>();
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] != null && infos[i].getThreadName().contains("jmh-worker")) {
                long t = threads.getThreadCpuTime(ids[i]);
                if (t >= 0) {
                    cpu.put(ids[i], t);
                }
            }
        }
        return cpu;
    }

    private static String shortName(TimeUnit unit) {
        switch (unit) {
            case NANOSECONDS:
                return "ns";
            case MICROSECONDS:
                return "us";
            case MILLISECONDS:
                return "ms";
            default:
                return "s";
        }
    }
}
