package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import static io.github.otelflink.connectors.decode.WireCursor.LENGTH_DELIMITED;

import io.github.otelflink.connectors.decode.WireCursor;
import io.github.otelflink.job.pdata.AttributeValues;
import io.github.otelflink.sink.remotewrite.model.Exemplar;
import io.github.otelflink.sink.remotewrite.model.StaleNaN;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.annotation.Nullable;

/**
 * Translates a binary {@code ExportMetricsServiceRequest} read from its bytes, the way {@link
 * OtlpTranslator} translates the decoded objects, for bodies {@code OtlpWireScan} accepted (gauges
 * and sums; well-formed; valid UTF-8). The data points, the bulk of a request, are read field by
 * field: no {@code NumberDataPoint}, {@code KeyValue} or {@code AnyValue} objects, and a point's
 * attribute keys are compared with the previous point's as bytes rather than decoded again. The
 * rare parts (the resource, metric metadata, exemplars, attribute values other than strings) are
 * decoded with protobuf-java, so their meaning stays exactly the decoded path's.
 *
 * <p>A pipeline's processors can be applied while reading ({@link WireEdits}): the resource once
 * decoded, a metric's name, description and unit, and attributes set on every point, which are
 * merged into each point's as the processed request would hold them.
 *
 * <p>Where messages may come in any field order (a resource after its metrics, a sum's
 * temporality after its points), a message is read in two passes. One per translator, reused.
 */
final class WireRequestTranslator {
    private static final int INITIAL = 16;

    private final OtlpTranslator translator;
    private final MetricEmitter emitter;
    private final SeriesLabels labels;

    /** The UTF-8 bytes and string of the attribute key last seen at each position. */
    private byte[][] keyBytes = new byte[INITIAL][];
    private String[] keys = new String[INITIAL];
    /** The current point's attributes and exemplars. */
    private final FieldOccurrences attributes = new FieldOccurrences(INITIAL);
    private final FieldOccurrences exemplars = new FieldOccurrences(2);
    /** The pipeline's processors, applied while reading; null when the request was processed already. */
    @Nullable private WireEdits edits;
    /** A metric's name, description and unit, handed to {@link WireEdits#metric}. */
    private final String[] identity = new String[3];
    /** {@link WireEdits#pointAttributes()}, merged into every point's. */
    private final PointAttributeEdits pointEdits = new PointAttributeEdits();

    WireRequestTranslator(OtlpTranslator translator) {
        this.translator = translator;
        this.emitter = translator.emitter;
        this.labels = translator.labels;
    }

    void translate(byte[] body, int from, int end, TranslatedSeriesConsumer out, @Nullable WireEdits edits) {
        this.edits = edits;
        pointEdits.use(edits == null ? List.of() : edits.pointAttributes());
        WireCursor c = new WireCursor(body, from);
        while (c.pos < end) {
            int tag = c.tag(end);
            if (tag == (1 << 3 | LENGTH_DELIMITED)) {
                resourceMetrics(c, c.lengthDelimited(end), out);
            } else {
                c.skip(tag, end);
            }
        }
    }

    private void resourceMetrics(WireCursor c, int end, TranslatedSeriesConsumer out) {
        int start = c.pos;
        Resource resource = Resource.getDefaultInstance();
        while (c.pos < end) {
            int tag = c.tag(end);
            if (tag == (1 << 3 | LENGTH_DELIMITED)) {
                int stop = c.lengthDelimited(end);
                resource = parse(Resource.parser(), c, stop);
            } else {
                c.skip(tag, end);
            }
        }
        if (edits != null) {
            resource = edits.resource(resource);
        }
        List<KeyValue> resourceAttributes = translator.beginResource(resource.getAttributesList(), out);
        c.pos = start;
        while (c.pos < end) {
            int tag = c.tag(end);
            if (tag == (2 << 3 | LENGTH_DELIMITED)) {
                scopeMetrics(c, c.lengthDelimited(end));
            } else {
                c.skip(tag, end);
            }
        }
        translator.endResource(resourceAttributes, out);
    }

    private void scopeMetrics(WireCursor c, int end) {
        while (c.pos < end) {
            int tag = c.tag(end);
            if (tag == (2 << 3 | LENGTH_DELIMITED)) {
                metric(c, c.lengthDelimited(end));
            } else {
                c.skip(tag, end);
            }
        }
    }

    private void metric(WireCursor c, int end) {
        String name = "";
        String description = "";
        String unit = "";
        List<KeyValue> metadata = null;
        boolean sum = false;
        int dataStart = -1;
        int dataEnd = -1;
        while (c.pos < end) {
            int tag = c.tag(end);
            switch (tag) {
                case 1 << 3 | LENGTH_DELIMITED:
                    name = string(c, end);
                    break;
                case 2 << 3 | LENGTH_DELIMITED:
                    description = string(c, end);
                    break;
                case 3 << 3 | LENGTH_DELIMITED:
                    unit = string(c, end);
                    break;
                case 5 << 3 | LENGTH_DELIMITED:
                case 7 << 3 | LENGTH_DELIMITED:
                    sum = tag == (7 << 3 | LENGTH_DELIMITED);
                    dataEnd = c.lengthDelimited(end);
                    dataStart = c.pos;
                    c.pos = dataEnd;
                    break;
                case 12 << 3 | LENGTH_DELIMITED: {
                    int stop = c.lengthDelimited(end);
                    if (metadata == null) {
                        metadata = new ArrayList<>(2);
                    }
                    metadata.add(parse(KeyValue.parser(), c, stop));
                    break;
                }
                default:
                    c.skip(tag, end);
            }
        }
        if (edits != null) {
            identity[0] = name;
            identity[1] = description;
            identity[2] = unit;
            edits.metric(identity);
            name = identity[0];
            description = identity[1];
            unit = identity[2];
        }
        if (dataStart < 0) {
            translator.drops[DropReason.NO_DATA.ordinal()]++;
            return;
        }
        int points = 0;
        long temporality = 0;
        boolean monotonic = false;
        c.pos = dataStart;
        while (c.pos < dataEnd) {
            int tag = c.tag(dataEnd);
            if (tag == (1 << 3 | LENGTH_DELIMITED)) {
                c.pos = c.lengthDelimited(dataEnd);
                points++;
            } else if (sum && tag == (2 << 3)) {
                temporality = c.varint(dataEnd);
            } else if (sum && tag == (3 << 3)) {
                monotonic = c.varint(dataEnd) != 0;
            } else {
                c.skip(tag, dataEnd);
            }
        }
        MetricKind kind = !sum ? MetricKind.GAUGE : monotonic ? MetricKind.MONOTONIC_COUNTER : MetricKind.NON_MONOTONIC_SUM;
        // AggregationTemporality: 1 DELTA, 2 CUMULATIVE; UNSPECIFIED and unknown values are dropped.
        boolean delta = temporality == 1;
        if (sum && temporality != 1 && temporality != 2) {
            translator.noteUnspecified(points);
            noteTimestamps(c, dataStart, dataEnd);
            return;
        }
        String promType = metadata == null ? null : OtlpTranslator.prometheusType(metadata);
        if (!translator.begin(name, unit, kind, delta, points,
                OtlpTranslator.metadata(description, unit, promType, kind))) {
            noteTimestamps(c, dataStart, dataEnd);
            return;
        }
        c.pos = dataStart;
        while (c.pos < dataEnd) {
            int tag = c.tag(dataEnd);
            if (tag == (1 << 3 | LENGTH_DELIMITED)) {
                int stop = c.lengthDelimited(dataEnd);
                point(c, stop);
                c.pos = stop;
            } else {
                c.skip(tag, dataEnd);
            }
        }
    }

    /** One number data point, as {@code NumberPointTranslator} translates it. */
    private void point(WireCursor c, int end) {
        attributes.clear();
        exemplars.clear();
        long startNanos = 0;
        long timeNanos = 0;
        int valueField = 0;
        long valueBits = 0;
        int flags = 0;
        while (c.pos < end) {
            int tag = c.tag(end);
            switch (tag) {
                case 7 << 3 | LENGTH_DELIMITED:
                    attributes.add(c, end);
                    break;
                case 2 << 3 | WireCursor.FIXED64:
                    startNanos = c.fixed64(end);
                    break;
                case 3 << 3 | WireCursor.FIXED64:
                    timeNanos = c.fixed64(end);
                    break;
                case 4 << 3 | WireCursor.FIXED64:
                case 6 << 3 | WireCursor.FIXED64:
                    valueField = WireCursor.field(tag);
                    valueBits = c.fixed64(end);
                    break;
                case 5 << 3 | LENGTH_DELIMITED:
                    exemplars.add(c, end);
                    break;
                case 8 << 3:
                    flags = (int) c.varint(end); // uint32: protobuf keeps the low 32 bits
                    break;
                default:
                    c.skip(tag, end);
            }
        }
        long ts = emitter.timestampMs(timeNanos);
        boolean stale = MetricEmitter.isStale(flags);
        double value;
        if (stale) {
            value = StaleNaN.VALUE;
        } else if (valueField == 4) {
            value = Double.longBitsToDouble(valueBits);
        } else if (valueField == 6) {
            value = valueBits;
        } else {
            emitter.drop(DropReason.NO_VALUE, 1);
            return;
        }
        pointAttributes(c);
        emitter.sample(labels.series(emitter.name), ts, value, emitter.startMs(startNanos, ts, stale),
                stale ? null : exemplars(c));
    }

    /** Converts the current point's attributes and sets the point on the label builder. */
    private void pointAttributes(WireCursor c) {
        AttributeLabels converted = labels.pointAttributes();
        LabelValueBytes values = labels.valueBytes();
        byte[] b = c.buffer();
        int added = 0;
        long met = 0; // bit j: an attribute of the point took edit j (its key's first occurrence)
        for (int i = 0; i < attributes.size; i++) {
            int end = attributes.ends[i];
            c.pos = attributes.starts[i];
            int keyStart = 0;
            int keyEnd = 0;
            int valueStart = -1;
            int valueEnd = -1;
            while (c.pos < end) {
                int tag = c.tag(end);
                if (tag == (1 << 3 | LENGTH_DELIMITED)) {
                    keyEnd = c.lengthDelimited(end);
                    keyStart = c.pos;
                    c.pos = keyEnd;
                } else if (tag == (2 << 3 | LENGTH_DELIMITED)) {
                    valueEnd = c.lengthDelimited(end);
                    valueStart = c.pos;
                    c.pos = valueEnd;
                } else {
                    c.skip(tag, end);
                }
            }
            String key = key(i, b, keyStart, keyEnd);
            int edit = pointEdits.indexOf(key, met);
            if (edit >= 0) {
                met |= 1L << edit;
            }
            String name = converted.nameAt(i, key);
            if (!name.isEmpty()) {
                added = converted.add(added, key, name,
                        edit >= 0 ? pointEdits.value(edit, values) : value(c, valueStart, valueEnd, values));
            }
        }
        added = pointEdits.addMissing(converted, values, added, attributes.size, met);
        converted.finish(added);
        labels.beginPoint();
    }

    /** The key at {@code position}: the previous point's string when the bytes are the same. */
    private String key(int position, byte[] b, int from, int to) {
        if (position >= keys.length) {
            keys = Arrays.copyOf(keys, position * 2);
            keyBytes = Arrays.copyOf(keyBytes, position * 2);
        }
        byte[] last = keyBytes[position];
        if (last != null && Arrays.equals(b, from, to, last, 0, last.length)) {
            return keys[position];
        }
        String key = new String(b, from, to - from, StandardCharsets.UTF_8);
        keyBytes[position] = Arrays.copyOfRange(b, from, to);
        keys[position] = key;
        return key;
    }

    /**
     * An attribute's value as a label value, written to {@code values}: a string value's bytes
     * copied as they are (the scan checked their UTF-8), any other kind decoded and formatted.
     */
    private static long value(WireCursor c, int from, int to, LabelValueBytes values) {
        if (from < 0) {
            return values.add(AttributeValues.asString(AnyValue.getDefaultInstance()));
        }
        c.pos = from;
        int tag = c.tag(to);
        if (tag == (1 << 3 | LENGTH_DELIMITED)) {
            int stop = c.lengthDelimited(to);
            if (stop == to) {
                return values.add(c.buffer(), c.pos, stop - c.pos);
            }
        }
        c.pos = from;
        return values.add(AttributeValues.asString(parse(AnyValue.parser(), c, to)));
    }

    @Nullable
    private Exemplar[] exemplars(WireCursor c) {
        if (exemplars.size == 0) {
            return null;
        }
        Exemplar[] out = new Exemplar[exemplars.size];
        for (int i = 0; i < out.length; i++) {
            c.pos = exemplars.starts[i];
            out[i] = ExemplarConverter.convert(parse(io.opentelemetry.proto.metrics.v1.Exemplar.parser(), c, exemplars.ends[i]));
        }
        return out;
    }

    /** Notes the timestamps of a dropped metric's points, for {@code target_info}, as the decoded path does. */
    private void noteTimestamps(WireCursor c, int dataStart, int dataEnd) {
        c.pos = dataStart;
        while (c.pos < dataEnd) {
            int tag = c.tag(dataEnd);
            if (tag != (1 << 3 | LENGTH_DELIMITED)) {
                c.skip(tag, dataEnd);
                continue;
            }
            int stop = c.lengthDelimited(dataEnd);
            long time = 0;
            while (c.pos < stop) {
                int t = c.tag(stop);
                if (t == (3 << 3 | WireCursor.FIXED64)) {
                    time = c.fixed64(stop);
                } else {
                    c.skip(t, stop);
                }
            }
            emitter.timestampMs(time);
        }
    }

    private static String string(WireCursor c, int end) {
        int stop = c.lengthDelimited(end);
        String s = new String(c.buffer(), c.pos, stop - c.pos, StandardCharsets.UTF_8);
        c.pos = stop;
        return s;
    }

    /** Decodes the message from {@code c.pos} to {@code end} with protobuf-java and moves past it. */
    private static <T> T parse(Parser<T> parser, WireCursor c, int end) {
        try {
            T message = parser.parseFrom(c.buffer(), c.pos, end - c.pos);
            c.pos = end;
            return message;
        } catch (InvalidProtocolBufferException e) {
            // The ingress scanned the body: what it accepted, protobuf-java decodes.
            throw new IllegalStateException("an undecoded OTLP request does not decode: " + e.getMessage(), e);
        }
    }
}
