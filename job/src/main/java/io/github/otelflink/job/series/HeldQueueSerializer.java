package io.github.otelflink.job.series;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link HeldQueue}: a version byte, the number of batches, then each batch as {@link
 * SeriesBatchSerializer} writes it. {@link #copy} copies the batches as the map layout's list
 * serializer does, so the heap backend's copy-on-write keeps a running checkpoint's queue as it was.
 */
public final class HeldQueueSerializer extends TypeSerializerSingleton<HeldQueue> {
    private static final long serialVersionUID = 1L;
    private static final byte VERSION = 1;

    public static final HeldQueueSerializer INSTANCE = new HeldQueueSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public HeldQueue createInstance() {
        return new HeldQueue();
    }

    @Override
    public HeldQueue copy(HeldQueue from) {
        return from.copy(SeriesBatchSerializer.INSTANCE::copy);
    }

    @Override
    public HeldQueue copy(HeldQueue from, HeldQueue reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(HeldQueue queue, DataOutputView out) throws IOException {
        out.writeByte(VERSION);
        out.writeInt(queue.size());
        for (int i = 0; i < queue.size(); i++) {
            SeriesBatchSerializer.INSTANCE.serialize(queue.get(i), out);
        }
    }

    @Override
    public HeldQueue deserialize(DataInputView in) throws IOException {
        byte version = in.readByte();
        if (version != VERSION) {
            throw new IOException("unknown held queue version " + version);
        }
        int size = in.readInt();
        HeldQueue queue = new HeldQueue(size);
        for (int i = 0; i < size; i++) {
            queue.add(SeriesBatchSerializer.INSTANCE.deserialize(in));
        }
        return queue;
    }

    @Override
    public HeldQueue deserialize(HeldQueue reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<HeldQueue> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot for restore compatibility checks. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<HeldQueue> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
