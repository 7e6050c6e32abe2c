package io.github.otelflink.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the driver JVM's CPU goes, by thread: samples every live thread's CPU time every 100 ms
 * while a job runs and keeps each thread's last value. A thread that ends between two samples
 * loses at most 100 ms of CPU. The JVM's own GC, JIT compiler and VM threads are not Java threads;
 * their CPU is read from /proc/self/task at start and stop (a compiler thread that the JVM retires
 * in between is lost).
 */
final class ThreadCpuSampler implements AutoCloseable {
    static final String JIT_GROUP = "JVM: JIT compiler threads (from /proc)";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> startCpu = new HashMap<>();
    private final Map<Long, Long> lastCpu = new HashMap<>();
    private final Map<Long, String> names = new HashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;
    private final Map<String, Long> jvmThreadsBefore;

    ThreadCpuSampler() {
        jvmThreadsBefore = jvmInternalThreadTicks();
        threads.setThreadCpuTimeEnabled(true);
        for (long id : threads.getAllThreadIds()) {
            long cpu = threads.getThreadCpuTime(id);
            if (cpu >= 0) {
                startCpu.put(id, cpu);
            }
        }
        sampler = new Thread(this::loop, "thread-cpu-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void loop() {
        while (running) {
            sample();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void sample() {
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            long cpu = threads.getThreadCpuTime(ids[i]);
            if (cpu >= 0 && infos[i] != null) {
                lastCpu.put(ids[i], cpu);
                names.putIfAbsent(ids[i], infos[i].getThreadName());
            }
        }
    }

    /** Stops sampling; returns CPU seconds per thread group (subtask suffixes folded), largest first. */
    synchronized Map<String, Double> stop() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join();
        sample();
        Map<String, Double> byGroup = new HashMap<>();
        for (Map.Entry<Long, Long> e : lastCpu.entrySet()) {
            long used = e.getValue() - startCpu.getOrDefault(e.getKey(), 0L);
            if (used <= 0) {
                continue;
            }
            byGroup.merge(group(names.get(e.getKey())), used / 1e9, Double::sum);
        }
        Map<String, Long> jvmThreadsAfter = jvmInternalThreadTicks();
        double secondsPerTick = 1.0 / 100; // USER_HZ, 100 on Linux
        for (Map.Entry<String, Long> e : jvmThreadsAfter.entrySet()) {
            long used = e.getValue() - jvmThreadsBefore.getOrDefault(e.getKey(), 0L);
            if (used > 0) {
                byGroup.merge(jvmGroup(e.getKey().substring(e.getKey().indexOf(' ') + 1)),
                        used * secondsPerTick, Double::sum);
            }
        }
        List<Map.Entry<String, Double>> sorted = new ArrayList<>(byGroup.entrySet());
        sorted.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        Map<String, Double> result = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : sorted) {
            result.put(e.getKey(), e.getValue());
        }
        return result;
    }

    /**
     * CPU ticks of the JVM's own native threads (GC, JIT compilers, VM thread), which the thread
     * MXBean does not see, from /proc/self/task: "tid name" to utime + stime.
     */
    private static Map<String, Long> jvmInternalThreadTicks() {
        Map<String, Long> ticks = new HashMap<>();
        java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
        if (tasks == null) {
            return ticks;
        }
        for (java.io.File task : tasks) {
            try {
                String stat = java.nio.file.Files.readString(task.toPath().resolve("stat"));
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String name = stat.substring(open + 1, close);
                if (jvmGroup(name) == null) {
                    continue;
                }
                String[] f = stat.substring(close + 2).split(" ");
                ticks.put(task.getName() + " " + name, Long.parseLong(f[11]) + Long.parseLong(f[12]));
            } catch (java.io.IOException | RuntimeException e) {
                // The thread ended meanwhile.
            }
        }
        return ticks;
    }

    /** The group of a JVM-internal native thread, or null for other (Java) threads. */
    private static String jvmGroup(String name) {
        if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
            return "JVM: GC threads (from /proc)";
        }
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return JIT_GROUP;
        }
        if (name.equals("VM Thread")) {
            return "JVM: VM thread (from /proc)";
        }
        return null;
    }

    /** "Sink: Writer (2/2)#0" → "Sink: Writer (n/2)"; numbered pool threads folded likewise. */
    static String group(String name) {
        return name.replaceAll("\\((\\d+)/(\\d+)\\)#\\d+", "(n/$2)").replaceAll("-\\d+$", "-n").replaceAll("-\\d+-", "-n-");
    }

    @Override
    public void close() throws InterruptedException {
        if (running) {
            stop();
        }
    }
}
