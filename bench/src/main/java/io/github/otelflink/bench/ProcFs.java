package io.github.otelflink.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.util.Map;
import java.util.TreeMap;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the end-to-end benchmark reads about other processes from /proc (Linux only). */
final class ProcFs {
    /** USER_HZ: the unit of /proc/<pid>/stat's times; 100 on every Linux the JDK supports. */
    private static final double TICKS_PER_SECOND = 100.0;

    /** The group of every thread {@link #threadGroup} does not name. */
    static final String OTHER = "other";

    private ProcFs() {}

    /** utime + stime of the process (all its threads, finished ones included), in seconds. */
    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        // The command name may hold spaces and parentheses: fields count from the last ')'.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    }

    /**
     * CPU seconds (utime + stime) of the process's live threads, summed by thread name (the 15
     * characters the kernel keeps). Threads that ended are not counted: compare two readings of
     * long-lived threads.
     */
    static Map<String, Double> threadCpuSeconds(long pid) throws IOException {
        Map<String, Double> byName = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException e) {
                    continue; // the thread ended meanwhile
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                double seconds = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
                byName.merge(name, seconds, Double::sum);
            }
        }
        return byName;
    }

    /**
     * The job's thread groups, from the 15 characters of a thread's name the kernel keeps: Flink
     * task threads are named for their chain's first operator.
     */
    static String threadGroup(String name) {
        if (name.startsWith("Source: ")) {
            return "source+translate";
        }
        if (name.startsWith("metrics/")) {
            return "keyed step+sink";
        }
        if (name.startsWith("otlp-ingress")) {
            return "ingress I/O";
        }
        if (name.startsWith("httpclient") || name.startsWith("remote-write")) {
            return "sink HTTP";
        }
        if (name.startsWith("GC Thread") || name.equals("VM Thread") || name.startsWith("G1 ")) {
            return "GC";
        }
        if (name.startsWith("C2 Compiler") || name.startsWith("C1 Compiler")) {
            return "JIT";
        }
        return OTHER;
    }

    /** A line's value in kB from /proc/<pid>/status, e.g. VmHWM (peak RSS), or -1. */
    static long statusKiB(long pid, String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.substring(key.length() + 1).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    /** The 1-, 5- and 15-minute load averages. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
