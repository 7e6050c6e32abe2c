package io.github.otelflink.job.deadletter;

import io.github.otelflink.sink.remotewrite.TenantRouting;
import io.github.otelflink.sink.remotewrite.deadletter.DirectoryDeadLetters;
import io.github.otelflink.sink.remotewrite.encode.RemoteWriteProtocol;
import io.github.otelflink.sink.remotewrite.encode.WriteRequestEncoder;
import io.github.otelflink.sink.remotewrite.http.RemoteWriteClient;
import io.github.otelflink.sink.remotewrite.http.RemoteWriteResponse;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import javax.annotation.Nullable;

/**
 * {@code --replay-dead-letter}: sends dead letters to a remote-write receiver again, as remote
 * write 1.0. Lines go in requests of up to {@link #MAX_POINTS_PER_REQUEST} points; a request the
 * receiver refuses is sent again line by line, so that each refused line is named. Refused lines
 * are copied, unchanged, to {@code replay-refused-<ms>.jsonl} in the folder (a name the next replay
 * does not read), and their answers are printed. The files themselves are left as they are.
 *
 * <p>With the exporter's tenant routing, each request holds one tenant's letters, carries that
 * tenant in the routing header and leaves the routing label out, as the sink sends them: a letter
 * is never replayed into another tenant.
 *
 * <p>A last line that does not parse is skipped with a note: it is one a crash cut short, and the
 * job wrote that letter again after its restart. Any other unreadable line is an error.
 */
public final class DeadLetterReplay {
    static final int MAX_POINTS_PER_REQUEST = 2000;
    private static final long ANSWER_TIMEOUT_SECONDS = 60;

    private final RemoteWriteClient client;
    private final PrintStream out;
    private final WriteRequestEncoder encoder;
    @Nullable private final TenantRouting tenants;
    private final Map<String, Long> refusals = new LinkedHashMap<>();
    private long samplesSent;
    private long histogramsSent;
    private long linesRefused;
    private long linesUnreadable;
    @Nullable private BufferedWriter refusedFile;
    @Nullable private Path refusedPath;

    public DeadLetterReplay(RemoteWriteClient client, PrintStream out) {
        this(client, out, null);
    }

    /** With {@code tenants} (the exporter's tenant routing, or null), letters go to their own tenant. */
    public DeadLetterReplay(RemoteWriteClient client, PrintStream out, @Nullable TenantRouting tenants) {
        this.client = client;
        this.out = out;
        this.tenants = tenants;
        this.encoder = new WriteRequestEncoder(false, tenants == null ? null : tenants.label());
    }

    /**
     * Replays every {@code dead-letters-*.jsonl} file of {@code path} (a folder) in name order, or
     * {@code path} itself (a file); prints what happened and returns 0 when every line was
     * accepted, 1 otherwise.
     */
    public int replay(Path path) throws IOException, InterruptedException {
        List<Path> files = files(path);
        Path folder = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
        try {
            for (Path file : files) {
                replayFile(file, folder);
            }
        } catch (ExecutionException | TimeoutException e) {
            out.println("stopped: the receiver did not answer (" + (e instanceof ExecutionException ? e.getCause() : e)
                    + "); lines after the last accepted request were not sent, replay again");
            return 1;
        } finally {
            if (refusedFile != null) {
                refusedFile.close();
            }
        }
        out.printf("replayed %d files: %d samples and %d histograms accepted, %d lines refused, %d lines unreadable%n",
                files.size(), samplesSent, histogramsSent, linesRefused, linesUnreadable);
        refusals.forEach((answer, n) -> out.printf("  refused %d lines: %s%n", n, answer));
        if (refusedPath != null) {
            out.println("  the refused lines are in " + refusedPath);
        }
        return linesRefused == 0 && linesUnreadable == 0 ? 0 : 1;
    }

    private static List<Path> files(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            if (!Files.isRegularFile(path)) {
                throw new IOException("no such file or folder: " + path);
            }
            return List.of(path);
        }
        try (Stream<Path> s = Files.list(path)) {
            return s.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith(DirectoryDeadLetters.PREFIX) && name.endsWith(DirectoryDeadLetters.SUFFIX);
            }).sorted().toList();
        }
    }

    private void replayFile(Path file, Path folder)
            throws IOException, InterruptedException, ExecutionException, TimeoutException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> batchLines = new ArrayList<>();
        List<TimeSeries> batch = new ArrayList<>();
        int points = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            TimeSeries ts;
            try {
                ts = DeadLetterReader.read(line);
            } catch (IOException e) {
                boolean last = i == lines.size() - 1;
                out.println(file + ":" + (i + 1) + ": " + (last ? "skipped, cut short by a crash? " : "unreadable: ")
                        + e.getMessage());
                if (!last) {
                    linesUnreadable++;
                }
                continue;
            }
            boolean otherTenant = !batch.isEmpty() && !tenantOf(ts).equals(tenantOf(batch.get(0)));
            if ((otherTenant || points + ts.pointCount() > MAX_POINTS_PER_REQUEST) && !batch.isEmpty()) {
                send(batch, batchLines, folder);
                batch.clear();
                batchLines.clear();
                points = 0;
            }
            batch.add(ts);
            batchLines.add(line);
            points += ts.pointCount();
        }
        if (!batch.isEmpty()) {
            send(batch, batchLines, folder);
        }
    }

    private void send(List<TimeSeries> batch, List<String> lines, Path folder)
            throws IOException, InterruptedException, ExecutionException, TimeoutException {
        RemoteWriteResponse answer = post(batch);
        if (accepted(answer)) {
            count(batch);
            return;
        }
        if (batch.size() == 1) {
            refused(lines.get(0), answer, folder);
            return;
        }
        // One bad series refuses the whole request: find out which lines it was.
        for (int i = 0; i < batch.size(); i++) {
            send(List.of(batch.get(i)), List.of(lines.get(i)), folder);
        }
    }

    private RemoteWriteResponse post(List<TimeSeries> batch)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, String> headers = tenants == null ? Map.of() : Map.of(tenants.header(), tenantOf(batch.get(0)));
        return client.send(encoder.encode(batch), RemoteWriteProtocol.V1, headers)
                .get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** The letter's tenant under tenant routing (its routing label, else the default); "" without. */
    private String tenantOf(TimeSeries ts) {
        if (tenants == null) {
            return "";
        }
        String tenant = ts.labels().get(tenants.label());
        return tenant == null || tenant.isEmpty() ? tenants.defaultTenant() : tenant;
    }

    private static boolean accepted(RemoteWriteResponse answer) {
        return answer.status() >= 200 && answer.status() < 300;
    }

    private void count(List<TimeSeries> batch) {
        for (TimeSeries ts : batch) {
            samplesSent += ts.sampleCount();
            histogramsSent += ts.histogramCount();
        }
    }

    private void refused(String line, RemoteWriteResponse answer, Path folder) throws IOException {
        linesRefused++;
        refusals.merge("HTTP " + answer.status() + ": " + answer.body().strip(), 1L, Long::sum);
        if (refusedFile == null) {
            refusedPath = folder.resolve("replay-refused-" + System.currentTimeMillis() + ".jsonl");
            refusedFile = Files.newBufferedWriter(refusedPath, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        }
        refusedFile.write(line);
        refusedFile.newLine();
    }
}
