package io.github.otelflink.job.series;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LiveSeriesStatesTest {

    @Test
    void findsEveryStateOfAShardWhoseFingerprintsShareTheirLowBits() {
        // One shard's fingerprints agree modulo the shard count: here all end in 0x7F.
        LiveSeriesStates.Table table = new LiveSeriesStates().shard(3);
        Map<Long, SeriesState> reference = new HashMap<>();
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 50_000; i++) {
            long fingerprint = (random.nextLong() << 7) | 0x7F;
            SeriesState state = new SeriesState();
            table.put(fingerprint, state);
            reference.put(fingerprint, state);
        }
        table.put(0L, reference.computeIfAbsent(0L, k -> new SeriesState()));

        assertThat(table.size()).isEqualTo(reference.size());
        reference.forEach((fingerprint, state) -> assertThat(table.get(fingerprint)).isSameAs(state));
        assertThat(table.get(0x100L)).isNull();
    }

    @Test
    void aPutReplacesAndAClearForgets() {
        LiveSeriesStates live = new LiveSeriesStates();
        SeriesState first = new SeriesState();
        SeriesState second = new SeriesState();
        live.shard(1).put(9L, first);
        live.shard(1).put(9L, second);
        live.shard(2).put(9L, first);
        assertThat(live.shard(1).get(9L)).isSameAs(second);
        assertThat(live.shard(1).size()).isEqualTo(1);

        live.clear(1);
        assertThat(live.shard(1).get(9L)).isNull();
        assertThat(live.shard(2).get(9L)).isSameAs(first);
        live.clear();
        assertThat(live.shard(2).get(9L)).isNull();
    }
}
