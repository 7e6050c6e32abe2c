package io.github.otelflink.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the end-to-end benchmark reads about other processes from /proc (Linux only). */
final class ProcFs {
    /** USER_HZ: the unit of /proc/<pid>/stat's times; 100 on every Linux the JDK supports. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcFs() {}

    /** utime + stime of the process (all its threads, finished ones included), in seconds. */
    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        // The command name may hold spaces and parentheses: fields count from the last ')'.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
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
