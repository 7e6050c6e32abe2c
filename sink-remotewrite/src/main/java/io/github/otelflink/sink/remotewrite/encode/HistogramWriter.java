package io.github.otelflink.sink.remotewrite.encode;

import io.github.otelflink.sink.remotewrite.model.Histogram;

/**
 * Writes a native histogram in the wire layout shared by remote write 1.0 ({@code
 * prompb.Histogram}) and 2.0 ({@code io.prometheus.write.v2.Histogram}), which use the same field
 * numbers. Zero scalars are omitted like protobuf-java does; the count oneofs are always written
 * because a oneof member has presence. Only 2.0 has {@code start_timestamp} (field 17): the
 * {@code withStart} flag writes it, for 2.0 only.
 */
final class HistogramWriter {
    private HistogramWriter() {}

    static int size(Histogram h, boolean withStart) {
        int size = 0;
        if (h.isFloat()) {
            size += 9 + 9; // count_float, zero_count_float
        } else {
            size += 1 + ProtoBuffer.varint64Size(h.countInt()) + 1 + ProtoBuffer.varint64Size(h.zeroCountInt());
        }
        if (Double.doubleToRawLongBits(h.sum()) != 0) {
            size += 9;
        }
        if (h.schema() != 0) {
            size += 1 + ProtoBuffer.varint32Size(ProtoBuffer.zigZag32(h.schema()));
        }
        if (Double.doubleToRawLongBits(h.zeroThreshold()) != 0) {
            size += 9;
        }
        size += spansSize(h.negativeSpanOffsets(), h.negativeSpanLengths());
        size += packedSint64Size(h.negativeDeltas());
        size += packedDoubleSize(h.negativeCounts());
        size += spansSize(h.positiveSpanOffsets(), h.positiveSpanLengths());
        size += packedSint64Size(h.positiveDeltas());
        size += packedDoubleSize(h.positiveCounts());
        if (h.resetHint() != 0) {
            size += 1 + ProtoBuffer.varint32Size(h.resetHint());
        }
        if (h.timestampMs() != 0) {
            size += 1 + ProtoBuffer.varint64Size(h.timestampMs());
        }
        if (withStart && h.startTimestampMs() != 0) {
            size += 2 + ProtoBuffer.varint64Size(h.startTimestampMs()); // tag 17 takes two bytes
        }
        return size;
    }

    static void write(ProtoBuffer out, Histogram h, boolean withStart) {
        if (h.isFloat()) {
            out.writeByte(0x11);
            out.writeFixed64(Double.doubleToRawLongBits(h.countFloat()));
        } else {
            out.writeByte(0x08);
            out.writeVarint64(h.countInt());
        }
        if (Double.doubleToRawLongBits(h.sum()) != 0) {
            out.writeByte(0x19);
            out.writeFixed64(Double.doubleToRawLongBits(h.sum()));
        }
        if (h.schema() != 0) {
            out.writeByte(0x20);
            out.writeVarint32(ProtoBuffer.zigZag32(h.schema()));
        }
        if (Double.doubleToRawLongBits(h.zeroThreshold()) != 0) {
            out.writeByte(0x29);
            out.writeFixed64(Double.doubleToRawLongBits(h.zeroThreshold()));
        }
        if (h.isFloat()) {
            out.writeByte(0x39);
            out.writeFixed64(Double.doubleToRawLongBits(h.zeroCountFloat()));
        } else {
            out.writeByte(0x30);
            out.writeVarint64(h.zeroCountInt());
        }
        writeSpans(out, 0x42, h.negativeSpanOffsets(), h.negativeSpanLengths());
        writePackedSint64(out, 0x4a, h.negativeDeltas());
        writePackedDouble(out, 0x52, h.negativeCounts());
        writeSpans(out, 0x5a, h.positiveSpanOffsets(), h.positiveSpanLengths());
        writePackedSint64(out, 0x62, h.positiveDeltas());
        writePackedDouble(out, 0x6a, h.positiveCounts());
        if (h.resetHint() != 0) {
            out.writeByte(0x70);
            out.writeVarint32(h.resetHint());
        }
        if (h.timestampMs() != 0) {
            out.writeByte(0x78);
            out.writeVarint64(h.timestampMs());
        }
        if (withStart && h.startTimestampMs() != 0) {
            out.writeByte(0x88); // field 17, varint: (17 << 3) as a two-byte varint
            out.writeByte(0x01);
            out.writeVarint64(h.startTimestampMs());
        }
    }

    private static int spanSize(int offset, int length) {
        int s = 0;
        if (offset != 0) {
            s += 1 + ProtoBuffer.varint32Size(ProtoBuffer.zigZag32(offset));
        }
        if (length != 0) {
            s += 1 + ProtoBuffer.varint32Size(length);
        }
        return s;
    }

    private static int spansSize(int[] offsets, int[] lengths) {
        int size = 0;
        for (int i = 0; i < offsets.length; i++) {
            size += ProtoBuffer.lengthDelimitedSize(spanSize(offsets[i], lengths[i]));
        }
        return size;
    }

    private static void writeSpans(ProtoBuffer out, int tag, int[] offsets, int[] lengths) {
        for (int i = 0; i < offsets.length; i++) {
            out.writeByte(tag);
            out.writeVarint32(spanSize(offsets[i], lengths[i]));
            if (offsets[i] != 0) {
                out.writeByte(0x08);
                out.writeVarint32(ProtoBuffer.zigZag32(offsets[i]));
            }
            if (lengths[i] != 0) {
                out.writeByte(0x10);
                out.writeVarint32(lengths[i]);
            }
        }
    }

    private static int packedSint64Payload(long[] values) {
        int size = 0;
        for (long v : values) {
            size += ProtoBuffer.varint64Size(ProtoBuffer.zigZag64(v));
        }
        return size;
    }

    private static int packedSint64Size(long[] values) {
        return values.length == 0 ? 0 : ProtoBuffer.lengthDelimitedSize(packedSint64Payload(values));
    }

    private static void writePackedSint64(ProtoBuffer out, int tag, long[] values) {
        if (values.length == 0) {
            return;
        }
        out.writeByte(tag);
        out.writeVarint32(packedSint64Payload(values));
        for (long v : values) {
            out.writeVarint64(ProtoBuffer.zigZag64(v));
        }
    }

    private static int packedDoubleSize(double[] values) {
        return values.length == 0 ? 0 : ProtoBuffer.lengthDelimitedSize(8 * values.length);
    }

    private static void writePackedDouble(ProtoBuffer out, int tag, double[] values) {
        if (values.length == 0) {
            return;
        }
        out.writeByte(tag);
        out.writeVarint32(8 * values.length);
        for (double v : values) {
            out.writeFixed64(Double.doubleToRawLongBits(v));
        }
    }
}
