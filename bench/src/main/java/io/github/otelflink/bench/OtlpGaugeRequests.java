package io.github.otelflink.bench;

import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The end-to-end benchmark's OTLP requests: {@code series} gauge series cut into requests of
 * {@link #POINTS_PER_REQUEST} points (4 attributes each), one request per block of series.
 *
 * <p>Each request is serialized once, with protobuf-java, with a sentinel timestamp and value in
 * every point; the positions of those sentinels are remembered, and {@link #render} patches the
 * round's timestamp and each point's value into a copy of the bytes. That keeps the generator's
 * own CPU at a memcpy plus 16 bytes per point, so the machine's cores go to the job under test.
 * Protobuf fixed64 fields and OTLP/JSON's 19-digit nanosecond strings are both fixed width, and
 * JSON values are written in a fixed-width decimal, so a patch never changes a request's length.
 */
final class OtlpGaugeRequests {
    static final int POINTS_PER_REQUEST = 1000;
    /** Metrics per request; each holds POINTS_PER_REQUEST / METRICS points. */
    static final String[] METRICS = {
        "http_requests_inflight", "cpu_usage", "memory_usage", "queue_depth", "pool_connections",
        "disk_free", "gc_heap_live", "thread_count", "cache_entries", "open_files",
    };
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE"};
    private static final String[] STATUS = {"200", "201", "204", "400", "404", "500", "503"};

    /** 19 digits, like every nanosecond timestamp from 2001 to 2286, so JSON patches fit. */
    private static final long TIMESTAMP_SENTINEL = 1_987_654_321_012_345_678L;
    /** Printed by JsonFormat as "1111.1111111": 12 characters, the width of {@link #writeJsonValue}. */
    private static final double VALUE_SENTINEL = 1111.1111111;

    private final boolean json;
    private final byte[][] templates;
    private final int[][] timestampAt;
    private final int[][] valueAt;
    private final int series;

    OtlpGaugeRequests(int series, boolean json) throws Exception {
        if (series % POINTS_PER_REQUEST != 0) {
            throw new IllegalArgumentException("--series must be a multiple of " + POINTS_PER_REQUEST);
        }
        this.series = series;
        this.json = json;
        int requests = series / POINTS_PER_REQUEST;
        templates = new byte[requests][];
        timestampAt = new int[requests][];
        valueAt = new int[requests][];
        for (int r = 0; r < requests; r++) {
            ExportMetricsServiceRequest request = build(r);
            byte[] bytes;
            byte[] tsPattern;
            byte[] valuePattern;
            if (json) {
                bytes = JsonFormat.printer().omittingInsignificantWhitespace().print(request)
                        .getBytes(StandardCharsets.UTF_8);
                tsPattern = ("\"" + TIMESTAMP_SENTINEL + "\"").getBytes(StandardCharsets.US_ASCII);
                valuePattern = ":1111.1111111".getBytes(StandardCharsets.US_ASCII);
            } else {
                bytes = request.toByteArray();
                tsPattern = littleEndian(TIMESTAMP_SENTINEL);
                valuePattern = littleEndian(Double.doubleToRawLongBits(VALUE_SENTINEL));
            }
            templates[r] = bytes;
            // JSON: skip the quote / colon in front of the digits.
            timestampAt[r] = find(bytes, tsPattern, json ? 1 : 0);
            valueAt[r] = find(bytes, valuePattern, json ? 1 : 0);
            if (timestampAt[r].length != POINTS_PER_REQUEST || valueAt[r].length != POINTS_PER_REQUEST) {
                throw new IllegalStateException("request " + r + ": found " + timestampAt[r].length
                        + " timestamps and " + valueAt[r].length + " values, expected " + POINTS_PER_REQUEST);
            }
        }
    }

    int requestCount() {
        return templates.length;
    }

    int series() {
        return series;
    }

    /** Request {@code r} of round {@code round}, into {@code out} (its length is the template's); returns the length. */
    int render(int r, long round, long timestampNanos, byte[] out) {
        byte[] template = templates[r];
        System.arraycopy(template, 0, out, 0, template.length);
        int[] ts = timestampAt[r];
        int[] vs = valueAt[r];
        int first = r * POINTS_PER_REQUEST;
        for (int p = 0; p < POINTS_PER_REQUEST; p++) {
            double value = value(first + p, round);
            if (json) {
                writeDigits(out, ts[p], timestampNanos, 19);
                writeJsonValue(out, vs[p], value);
            } else {
                writeLittleEndian(out, ts[p], timestampNanos);
                writeLittleEndian(out, vs[p], Double.doubleToRawLongBits(value));
            }
        }
        return template.length;
    }

    int maxRequestBytes() {
        int max = 0;
        for (byte[] t : templates) {
            max = Math.max(max, t.length);
        }
        return max;
    }

    /** Series i's value in a round: changes every round, within [0, 10000) for the JSON width. */
    static double value(int i, long round) {
        return 100.0 + 50.0 * Math.sin(i * 0.7 + round * 0.05) + (i % 13);
    }

    static String metricName(int i) {
        return METRICS[(i % POINTS_PER_REQUEST) / (POINTS_PER_REQUEST / METRICS.length)];
    }

    /** The 4 attributes of series i (the last one makes it unique), as (key, value) pairs. */
    static String[] attributes(int i) {
        return new String[] {
            "http.request.method", METHODS[i % METHODS.length],
            "http.response.status_code", STATUS[(i / 4) % STATUS.length],
            "host.name", "host-" + (i / POINTS_PER_REQUEST),
            "series.id", Integer.toString(i),
        };
    }

    private ExportMetricsServiceRequest build(int r) {
        ScopeMetrics.Builder scope = ScopeMetrics.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName("otel-flink-bench"));
        int perMetric = POINTS_PER_REQUEST / METRICS.length;
        for (int m = 0; m < METRICS.length; m++) {
            Gauge.Builder gauge = Gauge.newBuilder();
            for (int p = 0; p < perMetric; p++) {
                int i = r * POINTS_PER_REQUEST + m * perMetric + p;
                NumberDataPoint.Builder point = NumberDataPoint.newBuilder()
                        .setTimeUnixNano(TIMESTAMP_SENTINEL)
                        .setAsDouble(VALUE_SENTINEL);
                String[] kv = attributes(i);
                for (int a = 0; a < kv.length; a += 2) {
                    point.addAttributes(KeyValue.newBuilder().setKey(kv[a])
                            .setValue(AnyValue.newBuilder().setStringValue(kv[a + 1])));
                }
                gauge.addDataPoints(point);
            }
            scope.addMetrics(Metric.newBuilder().setName(METRICS[m]).setGauge(gauge));
        }
        Resource resource = Resource.newBuilder()
                .addAttributes(attribute("service.name", "bench"))
                .addAttributes(attribute("service.instance.id", "generator-" + (r % 4)))
                .build();
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder().setResource(resource).addScopeMetrics(scope))
                .build();
    }

    private static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static byte[] littleEndian(long v) {
        byte[] b = new byte[8];
        writeLittleEndian(b, 0, v);
        return b;
    }

    private static void writeLittleEndian(byte[] b, int at, long v) {
        for (int k = 0; k < 8; k++) {
            b[at + k] = (byte) (v >>> (8 * k));
        }
    }

    private static void writeDigits(byte[] b, int at, long v, int width) {
        for (int k = width - 1; k >= 0; k--) {
            b[at + k] = (byte) ('0' + v % 10);
            v /= 10;
        }
    }

    /** 12 characters: the integer part right-aligned in 4 (space padded: whitespace is legal JSON), '.', 7 decimals. */
    private static void writeJsonValue(byte[] b, int at, double v) {
        long scaled = Math.round(v * 1e7);
        long integral = scaled / 10_000_000;
        writeDigits(b, at + 5, scaled % 10_000_000, 7);
        b[at + 4] = '.';
        for (int k = 3; k >= 0; k--) {
            b[at + k] = k == 3 || integral > 0 ? (byte) ('0' + integral % 10) : (byte) ' ';
            integral /= 10;
        }
    }

    private static int[] find(byte[] haystack, byte[] needle, int shift) {
        List<Integer> at = new ArrayList<>();
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (haystack[i + k] != needle[k]) {
                    continue outer;
                }
            }
            at.add(i + shift);
            i += needle.length - 1;
        }
        return at.stream().mapToInt(Integer::intValue).toArray();
    }
}
