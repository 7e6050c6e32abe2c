package io.github.otelflink.bench;

import io.github.otelflink.sink.remotewrite.model.Labels;

import java.util.List;

/**
 * The synthetic series both benchmarks use, so their bytes per sample are comparable: eight
 * labels in the shape of an OpenTelemetry HTTP server metric after translation (sorted, as the
 * sink's validator leaves them), about 200 bytes of label text per series, every series unique.
 *
 * <p>Values: two series in three are counters (integral, increasing), one in three a gauge with a
 * full-entropy double, which is roughly what snappy sees from a real OTLP export.
 */
public final class BenchSeries {
    /** The label names, already in the byte order the protocol requires. */
    public static final String[] NAMES = {
        "__name__",
        "deployment_environment",
        "http_request_method",
        "http_response_status_code",
        "instance",
        "job",
        "k8s_namespace_name",
        "k8s_pod_name",
    };

    /** The metric names ({@code __name__} values) the series use. */
    public static final List<String> METRIC_NAMES = List.of(
        "http_server_request_duration_seconds_count",
        "http_server_request_duration_seconds_sum",
        "http_server_active_requests",
        "http_server_request_body_size_bytes_count",
        "http_server_request_body_size_bytes_sum",
        "http_server_response_body_size_bytes_sum",
        "rpc_server_duration_milliseconds_count",
        "db_client_connections_usage");
    private static final String[] JOBS = {
        "checkout", "cart", "payment", "shipping", "frontend", "recommendation", "ad", "currency",
        "email", "quote", "product-catalog", "accounting",
    };
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE"};
    private static final String[] STATUS = {"200", "201", "204", "400", "404", "500", "503"};
    private static final String[] ENVIRONMENTS = {"production", "staging"};

    private BenchSeries() {}

    /** The label values of series {@code i}, in {@link #NAMES} order; unique per {@code i}. */
    public static String[] values(int i) {
        String job = JOBS[(i / 7) % JOBS.length];
        int host = i / METRIC_NAMES.size();
        return new String[] {
            METRIC_NAMES.get(i % METRIC_NAMES.size()),
            ENVIRONMENTS[(i / 101) % ENVIRONMENTS.length],
            METHODS[(i / 3) % METHODS.length],
            STATUS[(i / 5) % STATUS.length],
            "10.42." + ((host >> 8) & 0xff) + "." + (host & 0xff) + ":8080",
            job,
            "shop-" + ENVIRONMENTS[(i / 101) % ENVIRONMENTS.length],
            job + "-7f9c8d6b5-" + Integer.toString(1_000_000 + host * 7919 % 1_000_000, 36),
        };
    }

    /** A fresh {@link Labels} of series {@code i} (its encoding not yet cached). */
    public static Labels labels(int i) {
        return new Labels(NAMES.clone(), values(i));
    }

    /** Whether series {@code i} is a gauge (full-entropy values) rather than a counter. */
    public static boolean isGauge(int i) {
        return i % 3 == 2;
    }

    /** The value of sample {@code k} of series {@code i}. */
    public static double value(int i, long k) {
        if (isGauge(i)) {
            return 100.0 + 50.0 * Math.sin(i * 0.7 + k * 0.05) + (i % 13) / 7.0;
        }
        return (i * 37L % 1000) + k * (1 + i % 5);
    }

    /**
     * The timestamp of sample {@code k} of series {@code i}: a scrape-like grid with a per-series
     * offset (as targets are scraped at different moments), strictly increasing in {@code k}.
     */
    public static long timestamp(int i, long k, long baseMs, long stepMs) {
        return baseMs + (i % 997) * Math.max(1, stepMs / 1000) + k * stepMs;
    }
}
