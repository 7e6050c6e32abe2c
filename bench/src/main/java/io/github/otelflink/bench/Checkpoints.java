package io.github.otelflink.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The job's completed checkpoints, read from its log: Flink's {@code CheckpointCoordinator} logs
 * "Completed checkpoint N for job J (B bytes, checkpointDuration=D ms, finalizationTime=F ms)." at
 * INFO for each one, which the local run's log keeps.
 */
final class Checkpoints {
    private static final Pattern COMPLETED =
            Pattern.compile("Completed checkpoint (\\d+) for job \\S+ \\((\\d+) bytes, checkpointDuration=(\\d+) ms");

    /** One completed checkpoint: its id, its state size and how long it took from trigger to completion. */
    record Completed(long id, long bytes, long durationMs) {}

    private Checkpoints() {}

    static List<Completed> read(Path log) throws IOException {
        List<Completed> out = new ArrayList<>();
        if (!Files.exists(log)) {
            return out;
        }
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            Matcher m = COMPLETED.matcher(line);
            if (m.find()) {
                out.add(new Completed(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))));
            }
        }
        return out;
    }

    /** "n completed, duration max / median, size of the last": one line for the report. */
    static String summary(List<Completed> checkpoints) {
        if (checkpoints.isEmpty()) {
            return "none completed";
        }
        long[] durations = checkpoints.stream().mapToLong(Completed::durationMs).sorted().toArray();
        Completed last = checkpoints.get(checkpoints.size() - 1);
        return String.format(Locale.ROOT, "%d completed, duration median %,d ms, max %,d ms; state size of the last %,.1f MiB",
                checkpoints.size(), durations[durations.length / 2], durations[durations.length - 1],
                last.bytes() / (1024.0 * 1024.0));
    }
}
