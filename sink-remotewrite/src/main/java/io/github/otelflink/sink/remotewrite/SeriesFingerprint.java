package io.github.otelflink.sink.remotewrite;

import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import org.apache.flink.api.java.functions.KeySelector;

/**
 * The routing key of a series: its label fingerprint, independent of label order. Jobs that
 * partition upstream by this key (and then set {@code partitionBySeries(false)}) keep the same
 * series-to-subtask mapping as the sink.
 */
public final class SeriesFingerprint implements KeySelector<TimeSeries, Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public Long getKey(TimeSeries series) {
        return series.labels().fingerprint();
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
