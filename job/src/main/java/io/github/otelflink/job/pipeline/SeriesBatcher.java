package io.github.otelflink.job.pipeline;

import io.github.otelflink.job.series.SeriesBatch;
import io.github.otelflink.job.series.SeriesSharding;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import org.apache.flink.util.Collector;

/**
 * Groups translated series by shard, so one record per shard crosses the shuffle instead of one
 * per sample. Not thread-safe: one per operator.
 */
final class SeriesBatcher {
    private final int shards;
    private final SeriesBatch[] open;
    private int used;

    SeriesBatcher(int shards) {
        this.shards = shards;
        this.open = new SeriesBatch[shards];
    }

    /** Adds a series of a request that arrived at {@code arrivalMs} (all of one request share it). */
    void add(TimeSeries series, boolean delta, long arrivalMs) {
        Labels labels = series.labels();
        int shard = SeriesSharding.shardOf(labels.fingerprint(), shards);
        SeriesBatch batch = open[shard];
        if (batch == null) {
            batch = new SeriesBatch(shard, arrivalMs);
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
        for (int i = 0; i < shards; i++) {
            if (open[i] != null) {
                out.collect(open[i]);
                open[i] = null;
            }
        }
        used = 0;
    }
}
