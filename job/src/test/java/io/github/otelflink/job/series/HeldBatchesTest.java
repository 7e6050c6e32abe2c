package io.github.otelflink.job.series;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.sink.remotewrite.model.Labels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link HeldBatches}' two layouts, {@link HeldQueue} and its serializer. */
class HeldBatchesTest {
    private static final long WINDOW = 100;
    private static final long TICK = 20;

    @Test
    void queueKeepsArrivalOrderAndGivesTheDuePrefix() {
        HeldQueue q = new HeldQueue(1);
        for (long arrival : new long[] {10, 30, 20, 30, 5, 40}) {
            q.add(batch(arrival));
        }
        assertThat(arrivals(q.toList())).containsExactly(5L, 10L, 20L, 30L, 30L, 40L);
        List<SeriesBatch> due = new ArrayList<>();
        q.takeDue(b -> b.arrivalMs() <= 25, due);
        assertThat(arrivals(due)).containsExactly(5L, 10L, 20L);
        assertThat(arrivals(q.toList())).containsExactly(30L, 30L, 40L);
        q.takeDue(b -> b.arrivalMs() <= 25, due);
        assertThat(due).hasSize(3);
        q.add(batch(35));
        assertThat(arrivals(q.toList())).containsExactly(30L, 30L, 35L, 40L);
    }

    @Test
    void serializerRoundTripsAndCopiesApart() throws Exception {
        HeldQueue q = new HeldQueue();
        q.add(batch(10));
        q.add(batch(20));
        DataOutputSerializer out = new DataOutputSerializer(64);
        HeldQueueSerializer.INSTANCE.serialize(q, out);
        HeldQueue back = HeldQueueSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back.toList()).isEqualTo(q.toList());

        HeldQueue copy = HeldQueueSerializer.INSTANCE.copy(q);
        q.takeDue(b -> true, new ArrayList<>());
        q.add(batch(30));
        assertThat(arrivals(copy.toList())).containsExactly(10L, 20L);
    }

    /** Whichever layout held a shard's batches, the other gives them out once, when due, and the probe picks the queue on the heap backend. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void eachLayoutTakesOverWhatTheOtherHeld(boolean heldInQueue) throws Exception {
        SeriesBatch first = batch(1_000);
        inKeyedStepOf(first.shard(), context -> {
            HeldBatches probed = new HeldBatches(context, WINDOW, TICK);
            assertThat(probed.takeDue(first.shard(), Long.MIN_VALUE)).isEmpty();

            HeldBatches writer = new HeldBatches(context, WINDOW, TICK, heldInQueue);
            assertThat(writer.add(first)).isEqualTo(1_100);
            assertThat(writer.add(batch(1_005))).isEqualTo(1_120);
            assertThat(writer.add(batch(1_030))).isEqualTo(1_140);

            HeldBatches reader = new HeldBatches(context, WINDOW, TICK, !heldInQueue);
            assertThat(reader.takeDue(first.shard(), 1_099)).isEmpty();
            assertThat(arrivals(reader.takeDue(first.shard(), 1_105))).containsExactly(1_000L, 1_005L);
            assertThat(reader.takeDue(first.shard(), 1_105)).isEmpty();
            reader.add(batch(1_031));
            assertThat(arrivals(reader.takeDue(first.shard(), Long.MAX_VALUE))).containsExactly(1_030L, 1_031L);
            // The probe chose the queue on the heap backend: what the queue layout holds, it gives out.
            new HeldBatches(context, WINDOW, TICK, true).add(batch(1_050));
            assertThat(arrivals(probed.takeDue(first.shard(), Long.MAX_VALUE))).containsExactly(1_050L);
        });
    }

    /** After taking the due batches, each layout says when the earliest one it still holds falls due. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void eachLayoutSaysWhenWhatItStillHoldsFallsDue(boolean heldInQueue) throws Exception {
        SeriesBatch first = batch(1_000);
        inKeyedStepOf(first.shard(), context -> {
            HeldBatches held = new HeldBatches(context, WINDOW, TICK, heldInQueue);
            held.add(batch(1_030)); // due 1_130, tick 1_140
            held.add(first); // due 1_100, tick 1_100
            held.add(batch(1_005)); // due 1_105, tick 1_120
            held.add(batch(1_012)); // due 1_112, tick 1_120

            assertThat(held.takeDue(first.shard(), 1_099)).isEmpty();
            assertThat(held.tickLeft()).isEqualTo(1_100);
            assertThat(arrivals(held.takeDue(first.shard(), 1_105))).containsExactly(1_000L, 1_005L);
            assertThat(held.tickLeft()).as("1_012 waits in the tick the watermark is in").isEqualTo(1_120);
            assertThat(arrivals(held.takeDue(first.shard(), 1_120))).containsExactly(1_012L);
            assertThat(held.tickLeft()).isEqualTo(1_140);
            assertThat(arrivals(held.takeDue(first.shard(), Long.MAX_VALUE))).containsExactly(1_030L);
            assertThat(held.tickLeft()).isEqualTo(DueShards.NONE);
        });
    }

    /** Runs {@code test} with the runtime context of an open keyed step (heap backend) whose current key is {@code shard}. */
    private static void inKeyedStepOf(int shard, ContextTest test) throws Exception {
        var h = SeriesStateTesting.harness("hashmap", WINDOW);
        try {
            h.open();
            h.getOperator().setCurrentKey(shard);
            test.run(((KeyedProcessOperator<?, ?, ?>) h.getOperator()).getUserFunction().getRuntimeContext());
        } finally {
            h.close();
        }
    }

    private interface ContextTest {
        void run(RuntimeContext context) throws Exception;
    }

    private static SeriesBatch batch(long arrival) {
        return SeriesStateTesting.batch(arrival, Labels.of("__name__", "held", "k", "v"), false, arrival, 1.0);
    }

    private static List<Long> arrivals(List<SeriesBatch> batches) {
        List<Long> a = new ArrayList<>();
        batches.stream().sorted(Comparator.comparingLong(SeriesBatch::arrivalMs)).forEach(b -> a.add(b.arrivalMs()));
        return a;
    }
}
