package io.github.otelflink.job.series;

import io.github.otelflink.sink.remotewrite.model.Labels;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;

/**
 * Writes the keyed step's checkpoints that {@link SeriesStateRestoreTest} restores, one per state
 * backend. Not a test: it is run once, against the job classes of the release whose checkpoints
 * must keep loading, before that layout changes, e.g. for the classes of main before
 * {@link SeriesState} gained {@code histogramTotal}:
 *
 * <pre>{@code
 * mvn -o -q -pl job dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp ~/.m2/repository/io/github/otelflink/job/0.1.0-SNAPSHOT/job-0.1.0-SNAPSHOT.jar:job/target/test-classes:$(cat /tmp/cp.txt) \
 *     io.github.otelflink.job.series.SeriesStateCheckpointWriter job/src/test/resources/series <name>
 * }</pre>
 * (the old job jar first on the class path, so its classes win over the new ones).
 */
public final class SeriesStateCheckpointWriter {
    static final Labels DELTA = Labels.of("__name__", "requests_total", "method", "GET");
    static final long WINDOW = 200;

    private SeriesStateCheckpointWriter() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        for (String backend : new String[] {"hashmap", "rocksdb"}) {
            var h = SeriesStateTesting.harness(backend, WINDOW);
            try {
                h.open();
                h.processElement(batch(100, 1000, 1), 100);
                h.processElement(batch(100, 2000, 2), 100);
                h.processWatermark(1000); // the total is 3 at t=2000
                h.processElement(batch(1100, 3000, 3), 1100); // held when the checkpoint is taken
                OperatorSubtaskState snapshot = h.snapshot(1, 1100);
                OperatorSnapshotUtil.writeStateHandle(snapshot, dir.resolve(args[1] + "-" + backend + ".snapshot").toString());
            } finally {
                h.close();
            }
        }
    }

    /** A batch with one delta sample of {@link #DELTA}. */
    static SeriesBatch batch(long arrival, long t, double v) {
        return SeriesStateTesting.batch(arrival, DELTA, true, t, v);
    }
}
