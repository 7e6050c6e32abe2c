package io.github.otelflink.sink.remotewrite.model;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** Flink serializer for {@link TimeSeries}; records are immutable, so copies are the same object. */
@Internal
public final class TimeSeriesSerializer extends TypeSerializerSingleton<TimeSeries> {
    private static final long serialVersionUID = 1L;

    public static final TimeSeriesSerializer INSTANCE = new TimeSeriesSerializer();

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public TimeSeries createInstance() {
        return new TimeSeries(new Labels(new String[0], new String[0]), null, null, null, null, null);
    }

    @Override
    public TimeSeries copy(TimeSeries from) {
        return from;
    }

    @Override
    public TimeSeries copy(TimeSeries from, TimeSeries reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(TimeSeries record, DataOutputView target) throws IOException {
        TimeSeriesCodec.write(record, target);
    }

    @Override
    public TimeSeries deserialize(DataInputView source) throws IOException {
        return TimeSeriesCodec.read(source);
    }

    @Override
    public TimeSeries deserialize(TimeSeries reuse, DataInputView source) throws IOException {
        return TimeSeriesCodec.read(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        TimeSeriesCodec.write(TimeSeriesCodec.read(source), target);
    }

    @Override
    public TypeSerializerSnapshot<TimeSeries> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot for schema compatibility checks on restore. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<TimeSeries> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
