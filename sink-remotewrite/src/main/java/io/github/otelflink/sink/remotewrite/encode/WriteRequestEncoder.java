package io.github.otelflink.sink.remotewrite.encode;

import io.github.otelflink.sink.remotewrite.model.Exemplar;
import io.github.otelflink.sink.remotewrite.model.Histogram;
import io.github.otelflink.sink.remotewrite.model.MetricMetadata;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes remote write 1.0 {@code prometheus.WriteRequest} bytes directly, without protobuf
 * builders: each series' labels come pre-encoded from {@link
 * io.github.otelflink.sink.remotewrite.model.Labels#encodedV1()}, samples are written in place.
 * The output parses to the same message protobuf-java would build (zero scalars omitted alike).
 */
@Internal
public final class WriteRequestEncoder extends RequestEncoder {
    private static final int TAG_TIMESERIES = 0x0a;
    private static final int TAG_METADATA = 0x1a;
    private static final int TAG_SAMPLES = 0x12;
    private static final int TAG_EXEMPLARS = 0x1a;
    private static final int TAG_HISTOGRAMS = 0x22;

    private final boolean sendMetadata;
    /** The UTF-8 name of a label left out of every series (a routing label), or null. */
    @Nullable private final byte[] omittedLabel;
    private final ProtoBuffer buffer = new ProtoBuffer(256 * 1024);
    private int[] seriesSizes = new int[1024];
    private long[] omittedRanges = new long[1024];

    public WriteRequestEncoder(boolean sendMetadata) {
        this(sendMetadata, null);
    }

    /**
     * An encoder that leaves the label {@code omittedLabel} out of every series (tenant routing:
     * the label named the request's tenant, which its header carries); null to send every label.
     * Series labels must be sorted by name, as the protocol requires.
     */
    public WriteRequestEncoder(boolean sendMetadata, @Nullable String omittedLabel) {
        this.sendMetadata = sendMetadata;
        this.omittedLabel = omittedLabel == null ? null : omittedLabel.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public RemoteWriteProtocol protocol() {
        return RemoteWriteProtocol.V1;
    }

    @Override
    public EncodedRequest encode(List<TimeSeries> batch) {
        List<TimeSeries> series = SeriesMerger.merge(batch);
        int n = series.size();
        if (seriesSizes.length < n) {
            seriesSizes = new int[Math.max(n, seriesSizes.length * 2)];
            omittedRanges = new long[seriesSizes.length];
        }
        int total = 0;
        int samples = 0;
        long maxTimestampMs = Long.MIN_VALUE;
        int histograms = 0;
        int exemplars = 0;
        Map<String, MetricMetadata> metadata = sendMetadata ? new LinkedHashMap<>() : null;
        for (int i = 0; i < n; i++) {
            TimeSeries ts = series.get(i);
            int size = seriesSize(ts);
            if (omittedLabel != null) {
                // Cut out of the cached label bytes where they are written: no per-series copy.
                long range = ts.labels().encodedFieldRange(omittedLabel);
                omittedRanges[i] = range;
                size -= range < 0 ? 0 : (int) range - (int) (range >>> 32);
            }
            seriesSizes[i] = size;
            total += ProtoBuffer.lengthDelimitedSize(size);
            samples += ts.sampleCount();
            maxTimestampMs = Math.max(maxTimestampMs, ts.maxTimestamp());
            histograms += ts.histogramCount();
            exemplars += ts.exemplarCount();
            if (metadata != null && ts.metadata() != null) {
                metadata.putIfAbsent(ts.metadata().metricFamilyName(), ts.metadata());
            }
        }
        byte[][] metadataBytes = metadata == null ? new byte[0][] : new byte[metadata.size()][];
        if (metadata != null) {
            int i = 0;
            for (MetricMetadata m : metadata.values()) {
                metadataBytes[i] = encodeMetadata(m);
                total += ProtoBuffer.lengthDelimitedSize(metadataBytes[i].length);
                i++;
            }
        }

        buffer.reset(total);
        for (int i = 0; i < n; i++) {
            buffer.writeByte(TAG_TIMESERIES);
            buffer.writeVarint32(seriesSizes[i]);
            writeSeries(series.get(i), omittedLabel == null ? -1 : omittedRanges[i]);
        }
        for (byte[] m : metadataBytes) {
            buffer.writeLengthDelimited(TAG_METADATA, m);
        }
        byte[] body = compress(buffer.array(), buffer.length());
        return new EncodedRequest(body, buffer.length(), samples, histograms, exemplars, metadataBytes.length, maxTimestampMs);
    }

    private static int sampleSize(long timestamp, double value) {
        int size = 0;
        if (Double.doubleToRawLongBits(value) != 0) {
            size += 9;
        }
        if (timestamp != 0) {
            size += 1 + ProtoBuffer.varint64Size(timestamp);
        }
        return size;
    }

    /** The exact size of the series' {@code TimeSeries} message in remote write 1.0. */
    public static int encodedSize(TimeSeries ts) {
        return seriesSize(ts);
    }

    private static int seriesSize(TimeSeries ts) {
        int size = ts.labels().encodedV1().length;
        for (int i = 0; i < ts.sampleCount(); i++) {
            size += 1 + 1 + sampleSize(ts.timestamp(i), ts.value(i));
        }
        for (int i = 0; i < ts.exemplarCount(); i++) {
            size += ProtoBuffer.lengthDelimitedSize(exemplarSize(ts.exemplar(i)));
        }
        for (int i = 0; i < ts.histogramCount(); i++) {
            size += ProtoBuffer.lengthDelimitedSize(HistogramWriter.size(ts.histogram(i), false));
        }
        return size;
    }

    /** {@code omitted}: the label field to leave out (start high, end low), or -1. */
    private void writeSeries(TimeSeries ts, long omitted) {
        byte[] labels = ts.labels().encodedV1();
        if (omitted < 0) {
            buffer.writeBytes(labels);
        } else {
            int from = (int) (omitted >>> 32);
            int to = (int) omitted;
            buffer.writeBytes(labels, 0, from);
            buffer.writeBytes(labels, to, labels.length - to);
        }
        for (int i = 0; i < ts.sampleCount(); i++) {
            long t = ts.timestamp(i);
            double v = ts.value(i);
            buffer.writeByte(TAG_SAMPLES);
            buffer.writeByte(sampleSize(t, v)); // at most 20 bytes: a one-byte varint
            long bits = Double.doubleToRawLongBits(v);
            if (bits != 0) {
                buffer.writeByte(0x09);
                buffer.writeFixed64(bits);
            }
            if (t != 0) {
                buffer.writeByte(0x10);
                buffer.writeVarint64(t);
            }
        }
        for (int i = 0; i < ts.exemplarCount(); i++) {
            Exemplar e = ts.exemplar(i);
            buffer.writeByte(TAG_EXEMPLARS);
            buffer.writeVarint32(exemplarSize(e));
            for (int j = 0; j < e.labelCount(); j++) {
                writeLabel(e.labelName(j), e.labelValue(j));
            }
            if (Double.doubleToRawLongBits(e.value()) != 0) {
                buffer.writeByte(0x11);
                buffer.writeFixed64(Double.doubleToRawLongBits(e.value()));
            }
            if (e.timestampMs() != 0) {
                buffer.writeByte(0x18);
                buffer.writeVarint64(e.timestampMs());
            }
        }
        for (int i = 0; i < ts.histogramCount(); i++) {
            Histogram h = ts.histogram(i);
            buffer.writeByte(TAG_HISTOGRAMS);
            buffer.writeVarint32(HistogramWriter.size(h, false));
            HistogramWriter.write(buffer, h, false);
        }
    }

    private static int labelSize(String name, String value) {
        int n = utf8Length(name);
        int v = utf8Length(value);
        return (n == 0 ? 0 : ProtoBuffer.lengthDelimitedSize(n)) + (v == 0 ? 0 : ProtoBuffer.lengthDelimitedSize(v));
    }

    private static int exemplarSize(Exemplar e) {
        int size = 0;
        for (int j = 0; j < e.labelCount(); j++) {
            size += ProtoBuffer.lengthDelimitedSize(labelSize(e.labelName(j), e.labelValue(j)));
        }
        if (Double.doubleToRawLongBits(e.value()) != 0) {
            size += 9;
        }
        if (e.timestampMs() != 0) {
            size += 1 + ProtoBuffer.varint64Size(e.timestampMs());
        }
        return size;
    }

    private void writeLabel(String name, String value) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        buffer.writeByte(0x0a);
        buffer.writeVarint32((n.length == 0 ? 0 : ProtoBuffer.lengthDelimitedSize(n.length))
                + (v.length == 0 ? 0 : ProtoBuffer.lengthDelimitedSize(v.length)));
        if (n.length != 0) {
            buffer.writeLengthDelimited(0x0a, n);
        }
        if (v.length != 0) {
            buffer.writeLengthDelimited(0x12, v);
        }
    }

    private static byte[] encodeMetadata(MetricMetadata m) {
        ProtoBuffer b = new ProtoBuffer(64);
        byte[] name = m.metricFamilyName().getBytes(StandardCharsets.UTF_8);
        byte[] help = m.help().getBytes(StandardCharsets.UTF_8);
        byte[] unit = m.unit().getBytes(StandardCharsets.UTF_8);
        b.ensure(16 + name.length + help.length + unit.length + 15);
        if (m.type().ordinal() != 0) {
            b.writeByte(0x08);
            b.writeVarint32(m.type().ordinal());
        }
        if (name.length != 0) {
            b.writeLengthDelimited(0x12, name);
        }
        if (help.length != 0) {
            b.writeLengthDelimited(0x22, help);
        }
        if (unit.length != 0) {
            b.writeLengthDelimited(0x2a, unit);
        }
        return java.util.Arrays.copyOf(b.array(), b.length());
    }

    static int utf8Length(String s) {
        int len = s.length();
        int n = len;
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                return s.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return n;
    }
}
