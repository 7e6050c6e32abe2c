package io.github.otelflink.job.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which key each series goes to, and how evenly the keys fall onto the keyed step's subtasks. */
class ShardLayoutTest {
    private static final int MAX_PARALLELISM = 128;

    /** How many of the layout's shards each of {@code parallelism} subtasks owns. */
    private static int[] shardsPerSubtask(ShardLayout layout, int maxParallelism, int parallelism) {
        int[] owned = new int[parallelism];
        for (int key : layout.keys()) {
            owned[KeyGroupRangeAssignment.assignKeyToParallelOperator(key, maxParallelism, parallelism)]++;
        }
        return owned;
    }

    @ParameterizedTest(name = "{0} shards at parallelism {1}")
    @CsvSource({"16,1", "16,2", "16,4", "16,8", "16,16", "128,8", "128,16", "32,3", "128,3", "128,5"})
    void spreadShardsFallEvenlyOntoTheSubtasks(int shards, int parallelism) {
        int[] owned = shardsPerSubtask(ShardLayout.spread(shards, MAX_PARALLELISM), MAX_PARALLELISM, parallelism);
        int min = Arrays.stream(owned).min().orElseThrow();
        int max = Arrays.stream(owned).max().orElseThrow();
        assertThat(max - min).as("shards per subtask %s", Arrays.toString(owned)).isLessThanOrEqualTo(1);
        assertThat(Arrays.stream(owned).sum()).isEqualTo(shards);
    }

    @Test
    void theLegacyKeysAreWhatFlinksHashMakesOfThem() {
        // Why spread layouts exist: 128 plain keys give one of eight subtasks 26 shards, another 11.
        int[] owned = shardsPerSubtask(ShardLayout.legacy(), MAX_PARALLELISM, 8);
        assertThat(Arrays.stream(owned).max().orElseThrow() - Arrays.stream(owned).min().orElseThrow())
                .isGreaterThan(1);
    }

    @Test
    void eachSpreadShardHasAKeyGroupOfItsOwn() {
        ShardLayout layout = ShardLayout.spread(16, MAX_PARALLELISM);
        Set<Integer> groups = new HashSet<>();
        for (int i = 0; i < layout.count(); i++) {
            int group = KeyGroupRangeAssignment.assignToKeyGroup(layout.keyAt(i), MAX_PARALLELISM);
            assertThat(group).isEqualTo(i * MAX_PARALLELISM / 16);
            groups.add(group);
        }
        assertThat(groups).hasSize(16);
    }

    @Test
    void moreShardsThanKeyGroupsAreCappedAtTheKeyGroups() {
        assertThat(ShardLayout.spread(200, 64).count()).isEqualTo(64);
        assertThat(ShardLayout.spread(0, 64).count()).isEqualTo(1);
    }

    @Test
    void aSeriesGoesToTheKeyOfItsFingerprintsShard() {
        ShardLayout legacy = ShardLayout.legacy();
        ShardLayout spread = ShardLayout.spread(16, MAX_PARALLELISM);
        Random random = new Random(7);
        for (int i = 0; i < 1000; i++) {
            long fingerprint = random.nextLong();
            assertThat(legacy.keyOf(fingerprint)).isEqualTo((int) Long.remainderUnsigned(fingerprint, 128));
            assertThat(spread.keyOf(fingerprint))
                    .isEqualTo(spread.keyAt((int) Long.remainderUnsigned(fingerprint, 16)));
        }
    }

    @Test
    void aRecordedLayoutComesBackFromItsKeys() {
        ShardLayout spread = ShardLayout.spread(32, MAX_PARALLELISM);
        assertThat(ShardLayout.ofKeys(spread.keys())).isEqualTo(spread);
        assertThat(ShardLayout.ofKeys(spread.keys())).isNotEqualTo(ShardLayout.spread(16, MAX_PARALLELISM));
        assertThatThrownBy(() -> ShardLayout.ofKeys(new int[] {3, 5, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repeats a key");
    }

    @ParameterizedTest(name = "parallelism {0}: {1} shards")
    @CsvSource({"0,16", "1,16", "2,16", "3,32", "4,32", "5,64", "16,128", "17,256"})
    void aFreshJobGetsEightShardsPerSubtaskAndAtLeastSixteen(int parallelism, int shards) {
        assertThat(ShardLayout.freshShardCount(parallelism)).isEqualTo(shards);
    }
}
