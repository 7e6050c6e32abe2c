package io.github.otelflink.sink.remotewrite.encode;

import io.github.otelflink.sink.remotewrite.model.Exemplar;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.MetricMetadata;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes remote write 2.0 {@code io.prometheus.write.v2.Request} bytes directly: every string
 * goes once into the request's symbols table ({@code symbols[0]} is the empty string) and series
 * refer to it by index.
 */
@Internal
public final class WriteRequestV2Encoder extends RequestEncoder {
    private static final int TAG_SYMBOLS = 0x22;
    private static final int TAG_TIMESERIES = 0x2a;

    /** A label left out of every series (a routing label), or null. */
    @Nullable private final String omittedLabel;
    private final ProtoBuffer buffer = new ProtoBuffer(256 * 1024);
    private final Map<String, Integer> symbolIndex = new HashMap<>();
    private final List<byte[]> symbols = new ArrayList<>();

    public WriteRequestV2Encoder() {
        this(null);
    }

    /** An encoder that leaves the label {@code omittedLabel} out of every series; null to send every label. */
    public WriteRequestV2Encoder(@Nullable String omittedLabel) {
        this.omittedLabel = omittedLabel;
    }

    @Override
    public RemoteWriteProtocol protocol() {
        return RemoteWriteProtocol.V2;
    }

    @Override
    public EncodedRequest encode(List<TimeSeries> batch) {
        List<TimeSeries> series = SeriesMerger.merge(batch);
        symbolIndex.clear();
        symbols.clear();
        symbol("");
        int n = series.size();
        int[][] labelRefs = new int[n][];
        int[][][] exemplarRefs = new int[n][][];
        int[][] metadataRefs = new int[n][];
        int[] sizes = new int[n];
        int samples = 0;
        long maxTimestampMs = Long.MIN_VALUE;
        int histograms = 0;
        int exemplars = 0;
        int metadata = 0;
        for (int i = 0; i < n; i++) {
            TimeSeries ts = series.get(i);
            Labels labels = ts.labels();
            int[] refs = new int[labels.size() * 2];
            int r = 0;
            for (int j = 0; j < labels.size(); j++) {
                if (labels.name(j).equals(omittedLabel)) {
                    continue;
                }
                refs[r++] = symbol(labels.name(j));
                refs[r++] = symbol(labels.value(j));
            }
            labelRefs[i] = r == refs.length ? refs : java.util.Arrays.copyOf(refs, r);
            exemplarRefs[i] = new int[ts.exemplarCount()][];
            for (int k = 0; k < ts.exemplarCount(); k++) {
                Exemplar e = ts.exemplar(k);
                int[] er = new int[e.labelCount() * 2];
                for (int j = 0; j < e.labelCount(); j++) {
                    er[2 * j] = symbol(e.labelName(j));
                    er[2 * j + 1] = symbol(e.labelValue(j));
                }
                exemplarRefs[i][k] = er;
            }
            MetricMetadata m = ts.metadata();
            if (m != null) {
                metadataRefs[i] = new int[] {m.type().ordinal(), symbol(m.help()), symbol(m.unit())};
                metadata++;
            }
            sizes[i] = seriesSize(ts, labelRefs[i], exemplarRefs[i], metadataRefs[i]);
            samples += ts.sampleCount();
            maxTimestampMs = Math.max(maxTimestampMs, ts.maxTimestamp());
            histograms += ts.histogramCount();
            exemplars += ts.exemplarCount();
        }
        int total = 0;
        for (byte[] s : symbols) {
            total += ProtoBuffer.lengthDelimitedSize(s.length);
        }
        for (int size : sizes) {
            total += ProtoBuffer.lengthDelimitedSize(size);
        }
        buffer.reset(total);
        for (byte[] s : symbols) {
            buffer.writeLengthDelimited(TAG_SYMBOLS, s);
        }
        for (int i = 0; i < n; i++) {
            buffer.writeByte(TAG_TIMESERIES);
            buffer.writeVarint32(sizes[i]);
            writeSeries(series.get(i), labelRefs[i], exemplarRefs[i], metadataRefs[i]);
        }
        byte[] body = compress(buffer.array(), buffer.length());
        return new EncodedRequest(body, buffer.length(), samples, histograms, exemplars, metadata, maxTimestampMs);
    }

    private int symbol(String s) {
        Integer ref = symbolIndex.get(s);
        if (ref == null) {
            ref = symbols.size();
            symbolIndex.put(s, ref);
            symbols.add(s.getBytes(StandardCharsets.UTF_8));
        }
        return ref;
    }

    private static int packedSize(int[] refs) {
        int size = 0;
        for (int r : refs) {
            size += ProtoBuffer.varint32Size(r);
        }
        return size;
    }

    /** A Sample's size: value (1), timestamp (2), start_timestamp (3) when set; at most 31 bytes. */
    private static int sampleSize(long t, double v, long start) {
        return (Double.doubleToRawLongBits(v) != 0 ? 9 : 0) + (t != 0 ? 1 + ProtoBuffer.varint64Size(t) : 0)
                + (start != 0 ? 1 + ProtoBuffer.varint64Size(start) : 0);
    }

    private static int exemplarSize(Exemplar e, int[] refs) {
        int size = refs.length == 0 ? 0 : ProtoBuffer.lengthDelimitedSize(packedSize(refs));
        size += Double.doubleToRawLongBits(e.value()) != 0 ? 9 : 0;
        size += e.timestampMs() != 0 ? 1 + ProtoBuffer.varint64Size(e.timestampMs()) : 0;
        return size;
    }

    private static int metadataSize(int[] m) {
        int size = 0;
        if (m[0] != 0) {
            size += 1 + ProtoBuffer.varint32Size(m[0]);
        }
        if (m[1] != 0) {
            size += 1 + ProtoBuffer.varint32Size(m[1]);
        }
        if (m[2] != 0) {
            size += 1 + ProtoBuffer.varint32Size(m[2]);
        }
        return size;
    }

    private static int seriesSize(TimeSeries ts, int[] refs, int[][] exemplarRefs, int[] metadataRefs) {
        int size = refs.length == 0 ? 0 : ProtoBuffer.lengthDelimitedSize(packedSize(refs));
        for (int i = 0; i < ts.sampleCount(); i++) {
            size += 2 + sampleSize(ts.timestamp(i), ts.value(i), ts.startTimestamp(i));
        }
        for (int i = 0; i < ts.histogramCount(); i++) {
            size += ProtoBuffer.lengthDelimitedSize(HistogramWriter.size(ts.histogram(i), true));
        }
        for (int i = 0; i < ts.exemplarCount(); i++) {
            size += ProtoBuffer.lengthDelimitedSize(exemplarSize(ts.exemplar(i), exemplarRefs[i]));
        }
        if (metadataRefs != null) {
            size += ProtoBuffer.lengthDelimitedSize(metadataSize(metadataRefs));
        }
        return size;
    }

    private void writePacked(int tag, int[] refs) {
        if (refs.length == 0) {
            return;
        }
        buffer.writeByte(tag);
        buffer.writeVarint32(packedSize(refs));
        for (int r : refs) {
            buffer.writeVarint32(r);
        }
    }

    private void writeSeries(TimeSeries ts, int[] refs, int[][] exemplarRefs, int[] metadataRefs) {
        writePacked(0x0a, refs);
        for (int i = 0; i < ts.sampleCount(); i++) {
            long t = ts.timestamp(i);
            double v = ts.value(i);
            long start = ts.startTimestamp(i);
            buffer.writeByte(0x12);
            buffer.writeByte(sampleSize(t, v, start));
            if (Double.doubleToRawLongBits(v) != 0) {
                buffer.writeByte(0x09);
                buffer.writeFixed64(Double.doubleToRawLongBits(v));
            }
            if (t != 0) {
                buffer.writeByte(0x10);
                buffer.writeVarint64(t);
            }
            if (start != 0) {
                buffer.writeByte(0x18);
                buffer.writeVarint64(start);
            }
        }
        for (int i = 0; i < ts.histogramCount(); i++) {
            buffer.writeByte(0x1a);
            buffer.writeVarint32(HistogramWriter.size(ts.histogram(i), true));
            HistogramWriter.write(buffer, ts.histogram(i), true);
        }
        for (int i = 0; i < ts.exemplarCount(); i++) {
            Exemplar e = ts.exemplar(i);
            buffer.writeByte(0x22);
            buffer.writeVarint32(exemplarSize(e, exemplarRefs[i]));
            writePacked(0x0a, exemplarRefs[i]);
            if (Double.doubleToRawLongBits(e.value()) != 0) {
                buffer.writeByte(0x11);
                buffer.writeFixed64(Double.doubleToRawLongBits(e.value()));
            }
            if (e.timestampMs() != 0) {
                buffer.writeByte(0x18);
                buffer.writeVarint64(e.timestampMs());
            }
        }
        if (metadataRefs != null) {
            buffer.writeByte(0x2a);
            buffer.writeVarint32(metadataSize(metadataRefs));
            if (metadataRefs[0] != 0) {
                buffer.writeByte(0x08);
                buffer.writeVarint32(metadataRefs[0]);
            }
            if (metadataRefs[1] != 0) {
                buffer.writeByte(0x18);
                buffer.writeVarint32(metadataRefs[1]);
            }
            if (metadataRefs[2] != 0) {
                buffer.writeByte(0x20);
                buffer.writeVarint32(metadataRefs[2]);
            }
        }
    }
}
