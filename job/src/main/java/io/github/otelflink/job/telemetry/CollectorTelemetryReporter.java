package io.github.otelflink.job.telemetry;

import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import com.sun.net.httpserver.HttpHandler;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.annotation.Nullable;

/**
 * A Flink {@link MetricReporter} that serves the job's own metrics in the Prometheus format on
 * {@code GET /metrics}, the way the OpenTelemetry Collector serves its own telemetry on {@code
 * service.telemetry.metrics.address}, so that a self-scrape and Collector dashboards work
 * unchanged. The Prometheus Java client's {@link HTTPServer} serves them: text format 0.0.4 by
 * default, OpenMetrics or protobuf when the scraper asks for it, gzip when accepted; the metrics are
 * read when scraped ({@link FlinkMetricsCollector}).
 *
 * <p><b>Configuration</b> (Flink configuration, see {@link #configure(Configuration, String)}):
 * {@code metrics.reporter.collector.factory.class:
 * io.github.otelflink.job.telemetry.CollectorTelemetryReporterFactory} and {@code
 * metrics.reporter.collector.address: host:port} (default {@code 0.0.0.0:8888}; the port may be a
 * range {@code 9250-9260}, the first free one is used, so a JobManager and TaskManagers on one host
 * do not clash; port {@code 0} picks any free port).
 *
 * <p><b>The project's own names.</b> Every counter, numeric gauge (a {@link Number} or {@link
 * Boolean}), meter (its rate) and histogram is exposed as {@code <user scope>_<metric name>}, where
 * the user scope is the metric group path below Flink's operator scope ({@code
 * taskmanager.job.task.operator} or {@code jobmanager.job.operator}) with key/value groups turned into
 * labels. For example {@code prometheus_remote_write.reason=rejected / samples_dropped_total}
 * becomes {@code prometheus_remote_write_samples_dropped_total{reason="rejected",...}}. Metrics
 * registered directly on Flink's own groups (JVM, shuffle, checkpoint and I/O metrics such as
 * {@code numRecordsIn}) are exposed as {@code flink_<logical scope>_<name>} with a {@code tm_id}
 * label where Flink has one, as Flink's Prometheus reporter names them.
 * Labels: {@code job_name}, {@code task_name}, {@code operator_name}, {@code subtask_index} when
 * Flink provides them, plus every user key/value group. Names are sanitized to {@code
 * [a-zA-Z_:][a-zA-Z0-9_:]*}. Histograms are summaries with quantiles 0.5, 0.75, 0.95, 0.98, 0.99,
 * 0.999 and {@code _count} (Flink's histograms keep a window, so there is no meaningful {@code
 * _sum}). Per-subtask series whose own name equals one of the Collector names below (the receivers
 * register counters already named {@code otelcol_receiver_*}) are exposed only in the summed form.
 *
 * <p><b>Counter types.</b> The Prometheus client writes every counter as {@code <name>_total}. A
 * counter whose name ends in {@code _total} is typed {@code counter}; any other counter (the
 * Collector's {@code otelcol_*_metric_points}, Flink's {@code numRecordsIn}, ...) is typed {@code
 * untyped} ({@code unknown} in OpenMetrics) so that its name stays as registered.
 *
 * <p><b>The Collector's names</b> ({@link PipelineMetricNames}), summed over all subtasks (and
 * operators/jobs) of this process:
 *
 * <table>
 *   <caption>Collector metric mapping</caption>
 *   <tr><th>Collector metric</th><th>Labels</th><th>Source (metric name, group)</th></tr>
 *   <tr><td>{@code otelcol_receiver_accepted_metric_points} (untyped)</td>
 *       <td>{@code receiver="otlp",transport=<transport>} when the counter has a {@code transport}
 *       group (the OTLP ingress), else {@code receiver="kafka",transport="kafka"}</td>
 *       <td>{@code otelcol_receiver_accepted_metric_points}, any group</td></tr>
 *   <tr><td>{@code otelcol_receiver_refused_metric_points} (untyped)</td><td>as above</td>
 *       <td>{@code otelcol_receiver_refused_metric_points}, any group</td></tr>
 *   <tr><td>{@code otelcol_exporter_sent_metric_points} (untyped)</td>
 *       <td>{@code exporter="prometheusremotewrite"}</td>
 *       <td>{@code samples_sent_total + histograms_sent_total} in {@code prometheus_remote_write}</td></tr>
 *   <tr><td>{@code otelcol_exporter_send_failed_metric_points} (untyped)</td>
 *       <td>{@code exporter="prometheusremotewrite"}</td>
 *       <td>{@code samples_dropped_total + histograms_dropped_total} in {@code
 *       prometheus_remote_write.reason=} {@code rejected}, {@code too_old}, {@code
 *       retries_exhausted} (drops by validation are not send failures)</td></tr>
 *   <tr><td>{@code otelcol_exporter_queue_size} (gauge)</td>
 *       <td>{@code exporter="prometheusremotewrite"}</td>
 *       <td>gauge {@code samples_pending} in {@code prometheus_remote_write}</td></tr>
 *   <tr><td>{@code otelcol_processor_batch_batch_send_size} (summary, {@code _sum} and {@code
 *       _count} only)</td><td>{@code processor="batch"}</td>
 *       <td>{@code _sum} = {@code samples_sent_total + histograms_sent_total}, {@code _count} =
 *       {@code requests_total}, in {@code prometheus_remote_write}</td></tr>
 * </table>
 *
 * <p>A Collector metric is present as soon as one of its sources is registered.
 */
public final class CollectorTelemetryReporter implements MetricReporter {
    private static final Logger LOG = LoggerFactory.getLogger(CollectorTelemetryReporter.class);

    /** The reporter name used by {@link #configure}. */
    public static final String REPORTER_NAME = "collector";
    /** The reporter option holding {@code host:port}. */
    public static final String ADDRESS_OPTION = "address";
    public static final String DEFAULT_ADDRESS = "0.0.0.0:8888";

    private final Map<Metric, RegisteredMetric> metrics = new ConcurrentHashMap<>();
    @Nullable private HTTPServer server;

    /**
     * Adds this reporter to a Flink configuration, serving on {@code address} ({@code host:port},
     * e.g. {@code service.telemetry.metrics.address}). If {@code metrics.reporters} is set, the
     * reporter is appended to it.
     */
    public static void configure(Configuration conf, String address) {
        String prefix = "metrics.reporter." + REPORTER_NAME + ".";
        conf.set(stringOption(prefix + "factory.class"), CollectorTelemetryReporterFactory.class.getName());
        conf.set(stringOption(prefix + ADDRESS_OPTION), address);
        ConfigOption<String> reporters = stringOption("metrics.reporters");
        String enabled = conf.get(reporters);
        if (enabled != null && !enabled.isBlank()) {
            boolean present = Arrays.stream(enabled.split(",")).map(String::trim).anyMatch(REPORTER_NAME::equals);
            if (!present) {
                conf.set(reporters, enabled + "," + REPORTER_NAME);
            }
        }
    }

    private static ConfigOption<String> stringOption(String key) {
        return ConfigOptions.key(key).stringType().noDefaultValue();
    }

    @Override
    public void open(MetricConfig config) {
        String address = config.getString(ADDRESS_OPTION, DEFAULT_ADDRESS);
        start(address);
    }

    /** Binds the HTTP server to the first free port of {@code address}; visible for tests. */
    void start(String address) {
        ListenAddress listen = ListenAddress.parse(address);
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new FlinkMetricsCollector(metrics.values()));
        // Defaults only: no prometheus.properties or io.prometheus.* system property changes the port.
        PrometheusProperties properties = PrometheusProperties.builder().build();
        HttpHandler root = rootHandler(new MetricsHandler(properties, registry));
        BindException last = null;
        for (int port = listen.firstPort(); port <= listen.lastPort(); port++) {
            ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "collector-telemetry-http");
                t.setDaemon(true);
                return t;
            });
            HTTPServer.Builder builder = HTTPServer.builder(properties)
                    .registry(registry)
                    .port(port)
                    .executorService(executor)
                    .defaultHandler(root)
                    .registerHealthHandler(false);
            if (listen.host() != null) {
                builder.hostname(listen.host());
            }
            try {
                server = builder.buildAndStart();
                LOG.info("Serving the job's telemetry on http://{}:{}/metrics",
                        listen.host() == null ? "0.0.0.0" : listen.host(), port());
                return;
            } catch (BindException e) {
                executor.shutdownNow();
                last = e;
            } catch (IOException e) {
                executor.shutdownNow();
                throw new UncheckedIOException("Cannot serve telemetry on " + address, e);
            }
        }
        throw new UncheckedIOException("Cannot serve telemetry on " + address + ": no free port", last);
    }

    /** {@code /} serves the metrics too, as the hand-written server did; any other path is 404. */
    private static HttpHandler rootHandler(HttpHandler metricsHandler) {
        return exchange -> {
            if ("/".equals(exchange.getRequestURI().getPath())) {
                metricsHandler.handle(exchange);
                return;
            }
            try (exchange) {
                exchange.sendResponseHeaders(404, -1);
            }
        };
    }

    /** The port the server is bound to, -1 if not serving. */
    public int port() {
        HTTPServer s = server;
        return s == null ? -1 : s.getPort();
    }

    @Override
    public void close() {
        HTTPServer s = server;
        if (s != null) {
            s.close();
            server = null;
        }
        metrics.clear();
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        if (!(metric instanceof Counter || metric instanceof Gauge || metric instanceof Histogram
                || metric instanceof Meter)) {
            return;
        }
        try {
            metrics.put(metric, RegisteredMetric.of(metric, metricName, group));
        } catch (RuntimeException e) {
            LOG.debug("Not exposing metric {}", metricName, e);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        metrics.remove(metric);
    }

    /** {@code host:port} or {@code host:first-last}; an empty host, {@code 0.0.0.0} or {@code ::} is any. */
    private record ListenAddress(@Nullable String host, int firstPort, int lastPort) {
        static ListenAddress parse(String address) {
            String a = address.trim();
            int colon = a.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("Expected host:port, got '" + address + "'");
            }
            String host = a.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            String ports = a.substring(colon + 1);
            int first;
            int last;
            try {
                int dash = ports.indexOf('-');
                if (dash > 0) {
                    first = Integer.parseInt(ports.substring(0, dash).trim());
                    last = Integer.parseInt(ports.substring(dash + 1).trim());
                } else {
                    first = Integer.parseInt(ports.trim());
                    last = first;
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Expected host:port, got '" + address + "'", e);
            }
            if (first < 0 || last > 65535 || first > last) {
                throw new IllegalArgumentException("Invalid port range in '" + address + "'");
            }
            boolean any = host.isEmpty() || host.equals("0.0.0.0") || host.equals("::");
            return new ListenAddress(any ? null : host, first, last);
        }
    }
}
