package io.github.otelflink.job.series;

import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import io.github.otelflink.sink.remotewrite.model.TimeSeriesCodec;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Flink serializer for {@link SeriesBatch}, on the sink's {@link TimeSeriesCodec}. */
public final class SeriesBatchSerializer extends TypeSerializerSingleton<SeriesBatch> {
    private static final long serialVersionUID = 1L;

    public static final SeriesBatchSerializer INSTANCE = new SeriesBatchSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public SeriesBatch createInstance() {
        return new SeriesBatch(0);
    }

    @Override
    public SeriesBatch copy(SeriesBatch from) {
        // Series are immutable: a shallow copy of the lists is a full copy.
        List<TimeSeries> series = new ArrayList<>(from.size());
        List<Boolean> delta = new ArrayList<>(from.size());
        for (int i = 0; i < from.size(); i++) {
            series.add(from.series(i));
            delta.add(from.isDelta(i));
        }
        return new SeriesBatch(from.shard(), from.arrivalMs(), series, delta);
    }

    @Override
    public SeriesBatch copy(SeriesBatch from, SeriesBatch reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(SeriesBatch record, DataOutputView target) throws IOException {
        target.writeInt(record.shard());
        target.writeLong(record.arrivalMs());
        target.writeInt(record.size());
        for (int i = 0; i < record.size(); i++) {
            target.writeBoolean(record.isDelta(i));
            TimeSeriesCodec.write(record.series(i), target);
        }
    }

    @Override
    public SeriesBatch deserialize(DataInputView source) throws IOException {
        int shard = source.readInt();
        long arrivalMs = source.readLong();
        int n = source.readInt();
        List<TimeSeries> series = new ArrayList<>(n);
        List<Boolean> delta = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            delta.add(source.readBoolean());
            series.add(TimeSeriesCodec.read(source));
        }
        return new SeriesBatch(shard, arrivalMs, series, delta);
    }

    @Override
    public SeriesBatch deserialize(SeriesBatch reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<SeriesBatch> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot for restore compatibility checks. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<SeriesBatch> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
