package io.github.otelflink.job.series;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.sink.remotewrite.model.Histogram;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The keyed step's state across versions: checkpoints written by the job before
 * {@link SeriesState} held histogram totals (by {@link SeriesStateCheckpointWriter}, with that
 * release's classes) restore on both state backends, with their delta totals and held samples
 * (held then in the {@code held-batches} list, now moved to {@link HeldBatches}' ticks), and the
 * restored series then add up delta histograms; checkpoints written before
 * {@link SeriesState#startMs} and the codec's start timestamps (version 3) restore too, their
 * totals going on without a start; the new state stays a Flink POJO.
 */
class SeriesStateRestoreTest {
    private static final Labels HISTOGRAM = Labels.of("__name__", "payload_bytes");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void aCheckpointFromBeforeHistogramTotalsRestores(String backend) throws Exception {
        var h = SeriesStateTesting.harness(backend, SeriesStateCheckpointWriter.WINDOW);
        try {
            OperatorSubtaskState old = OperatorSnapshotUtil.readStateHandle(resource("before-histogram-totals-" + backend + ".snapshot"));
            h.initializeState(old);
            h.open();
            h.processElement(SeriesStateCheckpointWriter.batch(1150, 4000, 4), 1150);
            h.processElement(histogram(1150, 4000, 3), 1150);
            h.processElement(histogram(1150, 5000, 2), 1150);
            h.processWatermark(2000);

            List<String> out = new ArrayList<>();
            for (TimeSeries ts : h.extractOutputValues()) {
                for (int i = 0; i < ts.sampleCount(); i++) {
                    out.add(ts.labels().get("__name__") + " " + ts.timestamp(i) + "=" + ts.value(i));
                }
                for (int i = 0; i < ts.histogramCount(); i++) {
                    out.add(ts.labels().get("__name__") + " " + ts.histogram(i).timestampMs() + "=" + ts.histogram(i).countInt());
                }
            }
            // The held t=3000 point and the new t=4000 point continue the restored total of 3.
            assertThat(out).containsExactlyInAnyOrder(
                    "requests_total 3000=6.0", "requests_total 4000=10.0", "payload_bytes 4000=3", "payload_bytes 5000=5");
            // The old layout's held batch was moved, not copied: no shard holds anything in either layout.
            for (int shard = 0; shard < SeriesSharding.LEGACY_SHARDS; shard++) {
                h.getOperator().setCurrentKey(shard);
                assertThat(h.getOperator().getKeyedStateStore().getListState(
                        new ListStateDescriptor<>("held-batches", SeriesBatchTypeInfo.INSTANCE)).get()).isEmpty();
                assertThat(h.getOperator().getKeyedStateStore().getMapState(new MapStateDescriptor<>(
                        "held-by-tick", Types.LONG, new ListTypeInfo<>(SeriesBatchTypeInfo.INSTANCE))).isEmpty()).isTrue();
            }
        } finally {
            h.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void aCheckpointFromBeforeStartTimestampsRestoresAndItsTotalsGoOnWithoutAStart(String backend) throws Exception {
        var h = SeriesStateTesting.harness(backend, SeriesStateCheckpointWriter.WINDOW);
        Labels fresh = Labels.of("__name__", "requests_total", "method", "POST");
        try {
            h.initializeState(OperatorSnapshotUtil.readStateHandle(resource("before-start-timestamps-" + backend + ".snapshot")));
            h.open();
            SeriesBatch b = new SeriesBatch(SeriesSharding.shardOf(SeriesStateCheckpointWriter.DELTA.fingerprint(),
                    SeriesSharding.LEGACY_SHARDS), 1150);
            b.add(TimeSeries.builder(SeriesStateCheckpointWriter.DELTA).sample(4000, 4, 3000).build(), true);
            h.processElement(b, 1150);
            SeriesBatch c = new SeriesBatch(SeriesSharding.shardOf(fresh.fingerprint(), SeriesSharding.LEGACY_SHARDS), 1150);
            c.add(TimeSeries.builder(fresh).sample(4000, 2, 3500).build(), true);
            h.processElement(c, 1150);
            h.processWatermark(2000);

            List<String> out = new ArrayList<>();
            for (TimeSeries ts : h.extractOutputValues()) {
                for (int i = 0; i < ts.sampleCount(); i++) {
                    out.add(ts.labels().get("method") + " " + ts.timestamp(i) + "=" + ts.value(i) + " start=" + ts.startTimestamp(i));
                }
            }
            // The held t=3000 point (old layout) and t=4000 continue the restored total of 3, whose
            // start nobody knows; a series that starts after the restore has its start.
            assertThat(out).containsExactlyInAnyOrder(
                    "GET 3000=6.0 start=0", "GET 4000=10.0 start=0", "POST 4000=2.0 start=3500");
        } finally {
            h.close();
        }
    }

    @Test
    void seriesStateWithAHistogramTotalIsAPojoAndRoundTrips() throws Exception {
        TypeInformation<SeriesState> info = TypeInformation.of(SeriesState.class);
        assertThat(info).isInstanceOf(PojoTypeInfo.class);
        PojoTypeInfo<SeriesState> pojo = (PojoTypeInfo<SeriesState>) info;
        assertThat(pojo.getTypeAt(pojo.getFieldIndex("histogramTotal"))).isInstanceOf(PojoTypeInfo.class);
        assertThat(pojo.getFieldIndex("startMs")).isNotNegative();

        SeriesState state = new SeriesState();
        state.lastHistogramMs = 5000;
        state.startMs = 1200;
        state.histogramTotal = new NativeHistogramTotal();
        state.histogramTotal.schema = -2;
        state.histogramTotal.zeroThreshold = 1e-128;
        state.histogramTotal.zeroCount = 4;
        state.histogramTotal.count = 11;
        state.histogramTotal.sum = 12.5;
        state.histogramTotal.positiveOffset = -3;
        state.histogramTotal.positive = new long[] {1, 0, 6};

        TypeSerializer<SeriesState> serializer = info.createSerializer(new ExecutionConfig().getSerializerConfig());
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(state, out);
        serializer.serialize(new SeriesState(), out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        SeriesState back = serializer.deserialize(in);
        SeriesState plain = serializer.deserialize(in);

        assertThat(back).usingRecursiveComparison().isEqualTo(state);
        assertThat(plain.histogramTotal).isNull();
    }

    private static SeriesBatch histogram(long arrival, long t, long count) {
        Histogram h = Histogram.integerHistogram().timestampMs(t).schema(0).count(count).sum(count).zeroThreshold(1e-128)
                .positiveSpans(new int[] {1}, new int[] {1}).positiveDeltas(new long[] {count}).build();
        SeriesBatch b = new SeriesBatch(SeriesSharding.shardOf(HISTOGRAM.fingerprint(), SeriesSharding.LEGACY_SHARDS), arrival);
        b.add(new TimeSeries(HISTOGRAM, null, null, new Histogram[] {h}, null, null), true);
        return b;
    }

    private static String resource(String name) throws Exception {
        URL url = SeriesStateRestoreTest.class.getResource("/series/" + name);
        return Path.of(url.toURI()).toString();
    }
}
