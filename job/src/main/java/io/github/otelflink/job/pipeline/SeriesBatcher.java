package io.github.otelflink.job.pipeline;

import io.github.otelflink.job.series.SeriesBatch;
import io.github.otelflink.job.series.ShardLayout;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import org.apache.flink.util.Collector;

/**
 * Groups translated series by shard, so one record per shard crosses the shuffle instead of one
 * per sample. Not thread-safe: one per operator.
 */
final class SeriesBatcher {
    private final ShardLayout layout;
    private final SeriesBatch[] open;
    private int used;

    SeriesBatcher(ShardLayout layout) {
        this.layout = layout;
        this.open = new SeriesBatch[layout.count()];
    }

    /** Adds a series of a request that arrived at {@code arrivalMs} (all of one request share it). */
    void add(TimeSeries series, boolean delta, long arrivalMs) {
        Labels labels = series.labels();
        int shard = layout.indexOf(labels.fingerprint());
        SeriesBatch batch = open[shard];
        if (batch == null) {
            batch = new SeriesBatch(layout.keyAt(shard), arrivalMs);
            open[shard] = batch;
            used++;
        }
        batch.add(series, delta);
    }

    /** Emits every non-empty batch and starts afresh. */
    void flush(Collector<SeriesBatch> out) {
        if (used == 0) {
            return;
        }
        for (int i = 0; i < open.length; i++) {
            if (open[i] != null) {
                out.collect(open[i]);
                open[i] = null;
            }
        }
        used = 0;
    }
}
