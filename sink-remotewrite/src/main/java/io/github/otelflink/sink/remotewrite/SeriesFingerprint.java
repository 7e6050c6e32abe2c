package io.github.otelflink.sink.remotewrite;

import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * The routing key of a series: its label fingerprint, independent of label order. Jobs that
 * partition upstream by this key (and then set {@code partitionBySeries(false)}) keep the same
 * series-to-subtask mapping as the sink.
 */
@PublicEvolving
public final class SeriesFingerprint implements KeySelector<TimeSeries, Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public Long getKey(TimeSeries series) {
        return series.labels().fingerprint();
    }

    /**
     * The sender lane of a series inside one sink subtask ({@code maxConcurrentRequests}): a
     * function of the fingerprint alone, so a series always uses the same lane. The fingerprint is
     * re-mixed first: the subtask was chosen by {@code fingerprint mod parallelism}, and lanes chosen
     * by {@code fingerprint mod lanes} would put every series of a subtask into one lane whenever
     * the two numbers share a factor (4 subtasks and 4 lanes: one lane used).
     */
    @Internal
    public static int lane(long fingerprint, int lanes) {
        long h = fingerprint;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) Long.remainderUnsigned(h, lanes);
    }

    /** Spreads fingerprints over the subtasks: {@code fingerprint mod n}, unsigned. */
    public static final class Partitioner implements org.apache.flink.api.common.functions.Partitioner<Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public int partition(Long fingerprint, int numPartitions) {
            return (int) Long.remainderUnsigned(fingerprint, numPartitions);
        }
    }
}
