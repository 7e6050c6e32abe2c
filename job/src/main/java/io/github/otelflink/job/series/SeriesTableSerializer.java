package io.github.otelflink.job.series;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link SeriesTable}: a version byte, the number of series, then per series its
 * fingerprint, the five {@link SeriesState} numbers and its histogram total (a presence byte, then
 * the total's fields). {@link #copy} is deep, as the heap backend's copy-on-write needs: a
 * checkpoint being written keeps the table as it was when the checkpoint started.
 */
public final class SeriesTableSerializer extends TypeSerializerSingleton<SeriesTable> {
    private static final long serialVersionUID = 1L;
    private static final byte VERSION = 1;

    public static final SeriesTableSerializer INSTANCE = new SeriesTableSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public SeriesTable createInstance() {
        return new SeriesTable();
    }

    @Override
    public SeriesTable copy(SeriesTable from) {
        return from.copy(SeriesTableSerializer::copyTotal);
    }

    @Override
    public SeriesTable copy(SeriesTable from, SeriesTable reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(SeriesTable table, DataOutputView out) throws IOException {
        out.writeByte(VERSION);
        out.writeInt(table.size());
        try {
            table.forEach((fingerprint, s) -> {
                out.writeLong(fingerprint);
                out.writeLong(s.lastSampleMs);
                out.writeLong(s.lastHistogramMs);
                out.writeDouble(s.total);
                out.writeLong(s.updatedMs);
                out.writeLong(s.startMs);
                writeTotal(s.histogramTotal, out);
            });
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    @Override
    public SeriesTable deserialize(DataInputView in) throws IOException {
        byte version = in.readByte();
        if (version != VERSION) {
            throw new IOException("unknown series table version " + version);
        }
        int size = in.readInt();
        SeriesTable table = new SeriesTable(size);
        SeriesState s = new SeriesState();
        for (int i = 0; i < size; i++) {
            long fingerprint = in.readLong();
            s.lastSampleMs = in.readLong();
            s.lastHistogramMs = in.readLong();
            s.total = in.readDouble();
            s.updatedMs = in.readLong();
            s.startMs = in.readLong();
            s.histogramTotal = readTotal(in);
            table.put(fingerprint, s);
        }
        return table;
    }

    @Override
    public SeriesTable deserialize(SeriesTable reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    private static void writeTotal(NativeHistogramTotal t, DataOutputView out) throws IOException {
        if (t == null) {
            out.writeBoolean(false);
            return;
        }
        out.writeBoolean(true);
        out.writeInt(t.schema);
        out.writeDouble(t.zeroThreshold);
        out.writeLong(t.zeroCount);
        out.writeLong(t.count);
        out.writeDouble(t.sum);
        out.writeInt(t.positiveOffset);
        writeLongs(t.positive, out);
        out.writeInt(t.negativeOffset);
        writeLongs(t.negative, out);
    }

    private static NativeHistogramTotal readTotal(DataInputView in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        NativeHistogramTotal t = new NativeHistogramTotal();
        t.schema = in.readInt();
        t.zeroThreshold = in.readDouble();
        t.zeroCount = in.readLong();
        t.count = in.readLong();
        t.sum = in.readDouble();
        t.positiveOffset = in.readInt();
        t.positive = readLongs(in);
        t.negativeOffset = in.readInt();
        t.negative = readLongs(in);
        return t;
    }

    private static void writeLongs(long[] a, DataOutputView out) throws IOException {
        out.writeInt(a.length);
        for (long v : a) {
            out.writeLong(v);
        }
    }

    private static long[] readLongs(DataInputView in) throws IOException {
        long[] a = new long[in.readInt()];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readLong();
        }
        return a;
    }

    static NativeHistogramTotal copyTotal(NativeHistogramTotal t) {
        NativeHistogramTotal c = new NativeHistogramTotal();
        c.schema = t.schema;
        c.zeroThreshold = t.zeroThreshold;
        c.zeroCount = t.zeroCount;
        c.count = t.count;
        c.sum = t.sum;
        c.positiveOffset = t.positiveOffset;
        c.positive = t.positive.clone();
        c.negativeOffset = t.negativeOffset;
        c.negative = t.negative.clone();
        return c;
    }

    @Override
    public TypeSerializerSnapshot<SeriesTable> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot for restore compatibility checks. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<SeriesTable> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
