package io.github.otelflink.connectors.decode;

import static io.github.otelflink.connectors.decode.WireCursor.FIXED64;
import static io.github.otelflink.connectors.decode.WireCursor.LENGTH_DELIMITED;
import static io.github.otelflink.connectors.decode.WireCursor.VARINT;

import io.github.otelflink.connectors.decode.WireCursor.MalformedWireException;
import com.google.protobuf.UnsafeByteOperations;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Checks a binary {@code ExportMetricsServiceRequest} without decoding it into objects, and counts
 * its data points, so that the ingress can pass the body on as bytes ({@link UndecodedRequest})
 * when the translator can read it from the bytes. The scan accepts a body only when it is sure
 * protobuf-java would decode it and the receiver would keep every point:
 *
 * <ul>
 *   <li>well-formed wire format, and valid UTF-8 in every string field OTLP declares (as proto3
 *       requires; protobuf-java refuses the whole request otherwise);
 *   <li>gauges and sums only (any histogram or summary: the whole request takes the decoded path);
 *   <li>every number point has a value or is flagged no-recorded-value (what {@link
 *       OtlpMetricsValidator} would reject otherwise);
 *   <li>no internal field ({@code RequestMetadata}, {@link UndecodedRequest}) written by the client,
 *       no field of the request other than {@code resource_metrics};
 *   <li>no singular message or oneof field twice (protobuf would merge or replace them; clients do
 *       not send that) and no attribute value nested deeper than {@value #MAX_DEPTH}.
 * </ul>
 *
 * Anything else returns {@link #NOT_SCANNED}, and the caller decodes the body with protobuf-java
 * as before, which gives a malformed body its exact error. Fields unknown to this OTLP version are
 * skipped, as protobuf-java keeps them as unknown fields no one reads.
 */
public final class OtlpWireScan {
    /** What {@link #points} returns for a body it does not accept. */
    public static final long NOT_SCANNED = -1;

    static final int MAX_DEPTH = 16;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private OtlpWireScan() {}

    /** The number of data points in the body, or {@link #NOT_SCANNED}. */
    public static long points(byte[] body, int offset, int length) {
        WireCursor c = new WireCursor(body, offset);
        int end = offset + length;
        try {
            long points = 0;
            while (c.pos < end) {
                int tag = c.tag(end);
                if (tag != (1 << 3 | LENGTH_DELIMITED)) {
                    return NOT_SCANNED;
                }
                points += resourceMetrics(c, c.lengthDelimited(end));
            }
            return points;
        } catch (MalformedWireException e) {
            return NOT_SCANNED;
        }
    }

    private static long resourceMetrics(WireCursor c, int end) {
        long points = 0;
        boolean resource = false;
        while (c.pos < end) {
            int tag = c.tag(end);
            switch (WireCursor.field(tag)) {
                case 1:
                    resource = once(resource);
                    resource(c, message(c, tag, end));
                    break;
                case 2:
                    points += scopeMetrics(c, message(c, tag, end));
                    break;
                case 3:
                    string(c, tag, end);
                    break;
                default:
                    c.skip(tag, end);
            }
        }
        return points;
    }

    private static void resource(WireCursor c, int end) {
        while (c.pos < end) {
            int tag = c.tag(end);
            switch (WireCursor.field(tag)) {
                case 1:
                    keyValue(c, message(c, tag, end), 0);
                    break;
                case 2:
                    scalar(c, tag, VARINT, end);
                    break;
                case 3:
                    // entity_refs: a known message this scan does not check; the decoded path does.
                    throw MalformedWireException.INSTANCE;
                default:
                    c.skip(tag, end);
            }
        }
    }

    private static long scopeMetrics(WireCursor c, int end) {
        long points = 0;
        boolean scope = false;
        while (c.pos < end) {
            int tag = c.tag(end);
            switch (WireCursor.field(tag)) {
                case 1:
                    scope = once(scope);
                    scope(c, message(c, tag, end));
                    break;
                case 2:
                    points += metric(c, message(c, tag, end));
                    break;
                case 3:
                    string(c, tag, end);
                    break;
                default:
                    c.skip(tag, end);
            }
        }
        return points;
    }

    private static void scope(WireCursor c, int end) {
        while (c.pos < end) {
            int tag = c.tag(end);
            switch (WireCursor.field(tag)) {
                case 1:
                case 2:
                    string(c, tag, end);
                    break;
                case 3:
                    keyValue(c, message(c, tag, end), 0);
                    break;
                case 4:
                    scalar(c, tag, VARINT, end);
                    break;
                default:
                    c.skip(tag, end);
            }
        }
    }

    private static long metric(WireCursor c, int end) {
        long points = 0;
        boolean data = false;
        while (c.pos < end) {
            int tag = c.tag(end);
            switch (WireCursor.field(tag)) {
                case 1:
                case 2:
                case 3:
                    string(c, tag, end);
                    break;
                case 5:
                case 7:
                    data = once(data);
                    points = numberData(c, message(c, tag, end), WireCursor.field(tag) == 7);
                    break;
                case 12:
                    keyValue(c, message(c, tag, end), 0);
                    break;
                case 9:
                case 10:
                case 11:
                    // Histograms and summaries: the decoded path (and its validator) takes them.
                    throw MalformedWireException.INSTANCE;
                default:
                    c.skip(tag, end);
            }
        }
        return points;
    }

    /** A gauge's or a sum's fields; returns its data points. */
    private static long numberData(WireCursor c, int end, boolean sum) {
        long points = 0;
        while (c.pos < end) {
            int tag = c.tag(end);
            int field = WireCursor.field(tag);
            if (field == 1) {
                numberPoint(c, message(c, tag, end));
                points++;
            } else if (sum && (field == 2 || field == 3)) {
                scalar(c, tag, VARINT, end);
            } else {
                c.skip(tag, end);
            }
        }
        return points;
    }

    private static void numberPoint(WireCursor c, int end) {
        int values = 0;
        long flags = 0;
        while (c.pos < end) {
            int tag = c.tag(end);
            switch (WireCursor.field(tag)) {
                case 7:
                    keyValue(c, message(c, tag, end), 0);
                    break;
                case 2:
                case 3:
                    scalar(c, tag, FIXED64, end);
                    break;
                case 4:
                case 6:
                    scalar(c, tag, FIXED64, end);
                    values++;
                    break;
                case 5:
                    exemplar(c, message(c, tag, end));
                    break;
                case 8:
                    expect(tag, VARINT);
                    flags = c.varint(end);
                    break;
                default:
                    c.skip(tag, end);
            }
        }
        if (values > 1 || (values == 0 && (flags & 1) == 0)) {
            throw MalformedWireException.INSTANCE;
        }
    }

    private static void exemplar(WireCursor c, int end) {
        int values = 0;
        while (c.pos < end) {
            int tag = c.tag(end);
            switch (WireCursor.field(tag)) {
                case 7:
                    keyValue(c, message(c, tag, end), 0);
                    break;
                case 2:
                    scalar(c, tag, FIXED64, end);
                    break;
                case 3:
                case 6:
                    scalar(c, tag, FIXED64, end);
                    values++;
                    break;
                case 4:
                case 5:
                    c.pos = message(c, tag, end); // bytes: any content
                    break;
                default:
                    c.skip(tag, end);
            }
        }
        if (values > 1) {
            throw MalformedWireException.INSTANCE;
        }
    }

    private static void keyValue(WireCursor c, int end, int depth) {
        boolean value = false;
        while (c.pos < end) {
            int tag = c.tag(end);
            switch (WireCursor.field(tag)) {
                case 1:
                    string(c, tag, end);
                    break;
                case 2:
                    value = once(value);
                    anyValue(c, message(c, tag, end), depth + 1);
                    break;
                default:
                    c.skip(tag, end);
            }
        }
    }

    private static void anyValue(WireCursor c, int end, int depth) {
        if (depth > MAX_DEPTH) {
            throw MalformedWireException.INSTANCE;
        }
        boolean set = false;
        while (c.pos < end) {
            int tag = c.tag(end);
            int field = WireCursor.field(tag);
            if (field >= 1 && field <= 7) {
                set = once(set);
            }
            switch (field) {
                case 1:
                    string(c, tag, end);
                    break;
                case 2:
                case 3:
                    scalar(c, tag, VARINT, end);
                    break;
                case 4:
                    scalar(c, tag, FIXED64, end);
                    break;
                case 5:
                case 6: {
                    int inner = message(c, tag, end);
                    while (c.pos < inner) {
                        int t = c.tag(inner);
                        if (WireCursor.field(t) != 1) {
                            c.skip(t, inner);
                        } else if (field == 5) {
                            anyValue(c, message(c, t, inner), depth + 1);
                        } else {
                            keyValue(c, message(c, t, inner), depth + 1);
                        }
                    }
                    break;
                }
                case 7:
                    c.pos = message(c, tag, end);
                    break;
                default:
                    c.skip(tag, end);
            }
        }
    }

    /** The end of a length-delimited field of {@code tag}; malformed for another wire type. */
    private static int message(WireCursor c, int tag, int end) {
        expect(tag, LENGTH_DELIMITED);
        return c.lengthDelimited(end);
    }

    private static void string(WireCursor c, int tag, int end) {
        int stop = message(c, tag, end);
        if (!isValidUtf8(c.buffer(), c.pos, stop)) {
            throw MalformedWireException.INSTANCE;
        }
        c.pos = stop;
    }

    private static void scalar(WireCursor c, int tag, int wireType, int end) {
        expect(tag, wireType);
        c.skip(tag, end);
    }

    private static void expect(int tag, int wireType) {
        if (WireCursor.wireType(tag) != wireType) {
            throw MalformedWireException.INSTANCE;
        }
    }

    private static boolean once(boolean seen) {
        if (seen) {
            throw MalformedWireException.INSTANCE;
        }
        return true;
    }

    /**
     * True when {@code b[from, to)} is valid UTF-8 by protobuf-java's own rules (no overlong forms,
     * no surrogates), which decide whether it decodes the request; ASCII, the common case, is
     * checked here without wrapping the bytes.
     */
    public static boolean isValidUtf8(byte[] b, int from, int to) {
        int i = from;
        // Eight bytes at a time while they are ASCII (no byte with its high bit set).
        while (i + 8 <= to && ((long) LONGS.get(b, i) & 0x8080808080808080L) == 0) {
            i += 8;
        }
        for (; i < to; i++) {
            if (b[i] < 0) {
                return UnsafeByteOperations.unsafeWrap(b, i, to - i).isValidUtf8();
            }
        }
        return true;
    }
}
