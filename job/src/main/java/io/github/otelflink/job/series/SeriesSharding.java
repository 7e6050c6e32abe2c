package io.github.otelflink.job.series;

import org.apache.flink.api.java.functions.KeySelector;

/**
 * Maps a series to a shard: the unit the stream is keyed by. A shard holds many series (their
 * per-series state lives inside it), so records crossing the shuffle can carry many series.
 * Which shards there are and how they are keyed is a {@link ShardLayout}, fixed for a job's
 * lifetime, because state is keyed by it.
 */
public final class SeriesSharding {
    /** The shard count of {@link ShardLayout#legacy()}, the layout of checkpoints that recorded none. */
    public static final int LEGACY_SHARDS = 128;

    private SeriesSharding() {}

    public static int shardOf(long fingerprint, int shards) {
        return (int) Long.remainderUnsigned(fingerprint, shards);
    }

    /** Keys a {@link SeriesBatch} by its shard. */
    public static final class ByShard implements KeySelector<SeriesBatch, Integer> {
        private static final long serialVersionUID = 1L;

        @Override
        public Integer getKey(SeriesBatch batch) {
            return batch.shard();
        }
    }
}
