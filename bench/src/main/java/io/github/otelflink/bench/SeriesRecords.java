package io.github.otelflink.bench;

import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Generates the load driver's records: {@code seriesCount} series × {@code samplesPerSeries}
 * samples, {@code samplesPerRecord} consecutive samples of one series per record.
 *
 * <p>Source subtask {@code k} of {@code p} owns the series {@code s ≡ k (mod p)} and walks them
 * round-robin, one record per series per round, like a scrape loop; it ignores the global index
 * that {@link org.apache.flink.connector.datagen.source.DataGeneratorSource} hands it and counts
 * on its own. So every series comes from exactly one subtask, in timestamp order, whatever the
 * partitioning after the source, and a subtask's Labels instances live as long as the job (their
 * fingerprint and encoding are computed once, as for a long-lived series upstream).
 */
final class SeriesRecords implements GeneratorFunction<Long, TimeSeries> {
    private static final long serialVersionUID = 1L;

    /** Nanotime of the first record of the current job, in this JVM (0 before it). */
    static final AtomicLong FIRST_RECORD_NANOS = new AtomicLong();
    /** This JVM's process CPU time (ns) when the first record of the current job was generated. */
    static final AtomicLong FIRST_RECORD_CPU_NANOS = new AtomicLong();

    private final int seriesCount;
    private final int samplesPerSeries;
    private final int samplesPerRecord;
    private final long baseMs;
    private final long stepMs;

    private transient Labels[] labels;
    private transient int[] seriesIds;
    private transient long produced;

    SeriesRecords(int seriesCount, int samplesPerSeries, int samplesPerRecord, long baseMs, long stepMs) {
        this.seriesCount = seriesCount;
        this.samplesPerSeries = samplesPerSeries;
        this.samplesPerRecord = samplesPerRecord;
        this.baseMs = baseMs;
        this.stepMs = stepMs;
    }

    /** Records for the whole run (the source's count). */
    static long recordCount(int seriesCount, int samplesPerSeries, int samplesPerRecord) {
        return (long) seriesCount * ((samplesPerSeries + samplesPerRecord - 1) / samplesPerRecord);
    }

    @Override
    public void open(SourceReaderContext context) {
        int subtask = context.getIndexOfSubtask();
        int parallelism = context.currentParallelism();
        int owned = 0;
        for (int s = subtask; s < seriesCount; s += parallelism) {
            owned++;
        }
        labels = new Labels[owned];
        seriesIds = new int[owned];
        for (int j = 0, s = subtask; s < seriesCount; j++, s += parallelism) {
            seriesIds[j] = s;
            labels[j] = BenchSeries.labels(s);
        }
    }

    @Override
    public TimeSeries map(Long ignoredIndex) {
        if (produced == 0) {
            if (FIRST_RECORD_NANOS.compareAndSet(0, System.nanoTime())) {
                FIRST_RECORD_CPU_NANOS.set(((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime());
            }
        }
        int j = (int) (produced % labels.length);
        long round = produced / labels.length;
        produced++;
        int s = seriesIds[j];
        long firstSample = round * samplesPerRecord;
        // The last round may be short when samplesPerSeries is not a multiple of samplesPerRecord.
        int n = (int) Math.max(1, Math.min(samplesPerRecord, samplesPerSeries - firstSample));
        long[] timestamps = new long[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            long k = firstSample + i;
            timestamps[i] = BenchSeries.timestamp(s, k, baseMs, stepMs);
            values[i] = BenchSeries.value(s, k);
        }
        return new TimeSeries(labels[j], timestamps, values, null, null, null);
    }
}
