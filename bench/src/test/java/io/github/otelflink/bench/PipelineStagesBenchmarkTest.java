package io.github.otelflink.bench;

import io.github.otelflink.job.series.SeriesBatch;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The stage benchmark measures what it says: the whole working set, and the keyed step's passing path. */
class PipelineStagesBenchmarkTest {
    @Test
    void everyStageSeesEverySeries() throws Exception {
        PipelineStagesBenchmark.Requests requests = new PipelineStagesBenchmark.Requests();
        requests.setUp();
        assertThat(new PipelineStagesBenchmark().ingressScan(requests)).isEqualTo(PipelineStagesBenchmark.SERIES);
        assertThat(seriesIn(requests.batches)).isEqualTo(PipelineStagesBenchmark.SERIES);
        assertThat(requests.batches.get(0)).as("a request's series spread over the shards")
                .hasSize(PipelineStagesBenchmark.SHARDS);
        List<List<SeriesBatch>> read = PipelineStagesBenchmark.deserializeAll(requests.shuffled);
        assertThat(read).isEqualTo(requests.batches);
        assertThat(new PipelineStagesBenchmark().sinkValidateEncode(requests)).as("encoded bytes").isPositive();
    }

    @Test
    void theKeyedStepPassesEachRoundsPointsAndRefusesARoundAgain() throws Exception {
        PipelineStagesBenchmark.Requests requests = new PipelineStagesBenchmark.Requests();
        requests.setUp();
        PipelineStagesBenchmark.Rounds rounds = new PipelineStagesBenchmark.Rounds();
        for (int round = 1; round <= 2; round++) {
            rounds.nextRound(requests);
            assertThat(emitted(rounds)).as("round %d", round).isEqualTo(PipelineStagesBenchmark.SERIES);
        }
        assertThat(emitted(rounds)).as("the same timestamps again: duplicates").isZero();
    }

    private static int emitted(PipelineStagesBenchmark.Rounds rounds) throws Exception {
        AtomicInteger passed = new AtomicInteger();
        PipelineStagesBenchmark.emitRound(rounds, series -> passed.incrementAndGet());
        return passed.get();
    }

    private static int seriesIn(List<List<SeriesBatch>> batches) {
        return batches.stream().flatMap(List::stream).mapToInt(SeriesBatch::size).sum();
    }
}
