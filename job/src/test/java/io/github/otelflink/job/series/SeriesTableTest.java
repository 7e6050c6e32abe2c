package io.github.otelflink.job.series;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link SeriesTable}, its serializer, and the two layouts of {@link SeriesStore} handing series to each other. */
class SeriesTableTest {

    @Test
    void holdsWhatAMapWouldAcrossGrowthAndExpiry() {
        SeriesTable table = new SeriesTable();
        Map<Long, Long> reference = new HashMap<>();
        Random random = new Random(1);
        SeriesState s = new SeriesState();
        for (int i = 0; i < 20_000; i++) {
            // Fingerprints of one shard share their low bits, as SeriesSharding makes them.
            long fingerprint = (random.nextLong() & ~127L) | 5;
            s.lastSampleMs = i;
            s.updatedMs = i;
            s.total = i * 0.5;
            table.put(fingerprint, s);
            reference.put(fingerprint, (long) i);
        }
        assertThat(table.size()).isEqualTo(reference.size());
        SeriesState read = new SeriesState();
        for (Map.Entry<Long, Long> e : reference.entrySet()) {
            int slot = table.find(e.getKey());
            assertThat(slot).isNotNegative();
            table.load(slot, read);
            assertThat(read.lastSampleMs).isEqualTo(e.getValue());
            assertThat(read.total).isEqualTo(e.getValue() * 0.5);
        }
        assertThat(table.find(12345L)).isNegative();

        int removed = table.removeUpdatedBefore(10_000);
        reference.values().removeIf(v -> v < 10_000);
        assertThat(table.size()).isEqualTo(reference.size());
        assertThat(removed).isEqualTo(20_000 - reference.size());
        for (Map.Entry<Long, Long> e : reference.entrySet()) {
            table.load(table.find(e.getKey()), read);
            assertThat(read.updatedMs).isEqualTo(e.getValue());
        }
    }

    @Test
    void holdsFingerprintZeroLikeAnyOtherSeries() throws Exception {
        // 0 marks an empty key slot, so the series whose fingerprint is 0 lives apart: it must
        // still be found, grown, expired, visited, serialized and copied like the others.
        SeriesTable table = new SeriesTable();
        SeriesState s = new SeriesState();
        assertThat(table.find(0L)).isNegative();
        s.updatedMs = 50;
        s.histogramTotal = new NativeHistogramTotal();
        s.histogramTotal.count = 3;
        table.put(0L, s);
        s.histogramTotal = null;
        for (long f = 1; f <= 1_000; f++) {
            s.updatedMs = f;
            table.put(f << 7, s);
        }
        assertThat(table.size()).isEqualTo(1_001);
        SeriesState read = new SeriesState();
        table.load(table.find(0L), read);
        assertThat(read.updatedMs).isEqualTo(50);
        assertThat(read.histogramTotal.count).isEqualTo(3);

        Map<Long, Long> visited = new HashMap<>();
        table.forEach((fingerprint, state) -> visited.put(fingerprint, state.updatedMs));
        assertThat(visited).hasSize(1_001).containsEntry(0L, 50L).containsEntry(1_000L << 7, 1_000L);

        DataOutputSerializer out = new DataOutputSerializer(64);
        SeriesTableSerializer.INSTANCE.serialize(table, out);
        SeriesTable back = SeriesTableSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        back.load(back.find(0L), read);
        assertThat(read.histogramTotal.count).isEqualTo(3);

        SeriesTable copy = SeriesTableSerializer.INSTANCE.copy(table);
        assertThat(table.removeUpdatedBefore(40)).isEqualTo(39);
        assertThat(table.find(0L)).isNotNegative();
        assertThat(table.removeUpdatedBefore(60)).isEqualTo(21);
        assertThat(table.find(0L)).isNegative();
        assertThat(table.find(60L << 7)).isNotNegative();
        assertThat(copy.size()).isEqualTo(1_001);
        assertThat(copy.find(0L)).isNotNegative();
    }

    @Test
    void serializesAndCopiesDeeply() throws Exception {
        SeriesTable table = new SeriesTable();
        SeriesState plain = new SeriesState();
        plain.updatedMs = 7;
        table.put(1L, plain);
        SeriesState withTotal = new SeriesState();
        withTotal.lastHistogramMs = 5000;
        withTotal.startMs = 1200;
        withTotal.histogramTotal = new NativeHistogramTotal();
        withTotal.histogramTotal.schema = -2;
        withTotal.histogramTotal.count = 11;
        withTotal.histogramTotal.positive = new long[] {1, 0, 6};
        table.put(2L, withTotal);

        DataOutputSerializer out = new DataOutputSerializer(64);
        SeriesTableSerializer.INSTANCE.serialize(table, out);
        SeriesTable back = SeriesTableSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        SeriesState read = new SeriesState();
        back.load(back.find(2L), read);
        assertThat(read).usingRecursiveComparison().isEqualTo(withTotal);
        back.load(back.find(1L), read);
        assertThat(read).usingRecursiveComparison().isEqualTo(plain);

        SeriesTable copy = SeriesTableSerializer.INSTANCE.copy(table);
        SeriesState changed = new SeriesState();
        table.load(table.find(2L), changed);
        changed.histogramTotal.positive[0] = 99;
        changed.lastHistogramMs = 6000;
        table.store(table.find(2L), changed);
        copy.load(copy.find(2L), read);
        assertThat(read.lastHistogramMs).isEqualTo(5000);
        assertThat(read.histogramTotal.positive[0]).isEqualTo(1);
    }

    @Test
    void keepsNameChecksThroughGrowthExpiryAndCopiesButNotSerialization() throws Exception {
        SeriesTable table = new SeriesTable();
        Map<Long, Integer> reference = new HashMap<>(); // bit 0: checked, bit 1: valid
        Random random = new Random(2);
        SeriesState s = new SeriesState();
        for (int i = 0; i < 5_000; i++) {
            long fingerprint = i == 0 ? 0L : (random.nextLong() & ~127L) | 5;
            s.updatedMs = i;
            s.namesChecked = random.nextBoolean();
            s.namesValid = random.nextBoolean();
            table.put(fingerprint, s);
            reference.put(fingerprint, checks(s));
        }
        // A series stored again with other answers keeps the new ones, and only its own.
        for (Map.Entry<Long, Integer> e : reference.entrySet()) {
            if (random.nextInt(4) == 0) {
                int slot = table.find(e.getKey());
                table.load(slot, s);
                s.namesChecked = random.nextBoolean();
                s.namesValid = random.nextBoolean();
                table.store(slot, s);
                e.setValue(checks(s));
            }
        }
        SeriesTable copy = SeriesTableSerializer.INSTANCE.copy(table);
        table.removeUpdatedBefore(2_500);
        SeriesState read = new SeriesState();
        for (Map.Entry<Long, Integer> e : reference.entrySet()) {
            copy.load(copy.find(e.getKey()), read);
            assertThat(checks(read)).as("copy of %s", e.getKey()).isEqualTo(e.getValue());
            int slot = table.find(e.getKey());
            if (slot >= 0) {
                table.load(slot, read);
                assertThat(checks(read)).as("kept %s", e.getKey()).isEqualTo(e.getValue());
            }
        }

        DataOutputSerializer out = new DataOutputSerializer(64);
        SeriesTableSerializer.INSTANCE.serialize(copy, out);
        SeriesTable back = SeriesTableSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(reference).containsValue(3);
        for (long fingerprint : reference.keySet()) {
            back.load(back.find(fingerprint), read);
            assertThat(checks(read)).as("a memo, not state: checked again after a restore").isZero();
        }
    }

    private static int checks(SeriesState s) {
        return (s.namesChecked ? 1 : 0) | (s.namesValid ? 2 : 0);
    }

    /** A shard's series written in one layout are found, once, in the other. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void eachLayoutTakesOverWhatTheOtherLeft(boolean fromTable) throws Exception {
        var h = SeriesStateTesting.harness("hashmap", 100);
        try {
            h.open();
            h.getOperator().setCurrentKey(3);
            MapState<Long, SeriesState> perSeries = h.getOperator().getKeyedStateStore().getMapState(
                    new MapStateDescriptor<>("series-v2", Types.LONG, TypeInformation.of(SeriesState.class)));
            ValueState<SeriesTable> tables = h.getOperator().getKeyedStateStore().getState(
                    new ValueStateDescriptor<>("series-table", SeriesTableSerializer.INSTANCE));
            assertThat(SeriesStore.forBackend(perSeries, tables)).isInstanceOf(SeriesStore.Table.class);
            assertThat(tables.value()).as("the probe leaves nothing").isNull();

            SeriesStore writer = fromTable ? new SeriesStore.Table(perSeries, tables) : new SeriesStore.PerSeries(perSeries, tables);
            SeriesStore reader = fromTable ? new SeriesStore.PerSeries(perSeries, tables) : new SeriesStore.Table(perSeries, tables);
            writer.begin(3);
            SeriesState s = writer.get(42L);
            s.total = 2.5;
            s.updatedMs = 10;
            writer.put(42L, s);
            writer.end();

            reader.begin(3);
            assertThat(reader.get(42L).total).isEqualTo(2.5);
            assertThat(reader.get(43L).lastSampleMs).isEqualTo(Long.MIN_VALUE);
            reader.end();
            if (fromTable) {
                assertThat(tables.value()).isNull();
                assertThat(perSeries.contains(42L)).isTrue();
            } else {
                assertThat(perSeries.isEmpty()).isTrue();
                assertThat(tables.value().size()).isEqualTo(1);
            }
            assertThat(reader.sweep(3, 11)).isEqualTo(1);
            assertThat(reader.isEmpty()).isTrue();
        } finally {
            h.close();
        }
    }
}
