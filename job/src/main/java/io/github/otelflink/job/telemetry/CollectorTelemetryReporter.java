package io.github.otelflink.job.telemetry;

import io.github.otelflink.sink.remotewrite.validate.DropReason;
import io.github.otelflink.sink.remotewrite.writer.SinkMetrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.HistogramStatistics;
import org.apache.flink.metrics.LogicalScopeProvider;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

import javax.annotation.Nullable;

/**
 * A Flink {@link MetricReporter} that serves the job's own metrics in the Prometheus text format
 * (version 0.0.4) on {@code GET /metrics}, the way the OpenTelemetry Collector serves its own
 * telemetry on {@code service.telemetry.metrics.address}, so that a self-scrape and Collector
 * dashboards work unchanged.
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
 * <p><b>The Collector's names</b>, summed over all subtasks (and operators/jobs) of this process:
 *
 * <table>
 *   <caption>Collector metric mapping</caption>
 *   <tr><th>Collector metric</th><th>Labels</th><th>Source (metric name, group)</th></tr>
 *   <tr><td>{@code otelcol_receiver_accepted_metric_points} (counter)</td>
 *       <td>{@code receiver="otlp",transport=<transport>} when the counter has a {@code transport}
 *       group (the OTLP ingress), else {@code receiver="kafka",transport="kafka"}</td>
 *       <td>{@code otelcol_receiver_accepted_metric_points}, any group</td></tr>
 *   <tr><td>{@code otelcol_receiver_refused_metric_points} (counter)</td><td>as above</td>
 *       <td>{@code otelcol_receiver_refused_metric_points}, any group</td></tr>
 *   <tr><td>{@code otelcol_exporter_sent_metric_points} (counter)</td>
 *       <td>{@code exporter="prometheusremotewrite"}</td>
 *       <td>{@code samples_sent_total + histograms_sent_total} in {@code prometheus_remote_write}</td></tr>
 *   <tr><td>{@code otelcol_exporter_send_failed_metric_points} (counter)</td>
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

    static final String ACCEPTED = "otelcol_receiver_accepted_metric_points";
    static final String REFUSED = "otelcol_receiver_refused_metric_points";
    static final String EXPORTER_SENT = "otelcol_exporter_sent_metric_points";
    static final String EXPORTER_FAILED = "otelcol_exporter_send_failed_metric_points";
    static final String EXPORTER_QUEUE = "otelcol_exporter_queue_size";
    static final String BATCH_SIZE = "otelcol_processor_batch_batch_send_size";
    private static final Set<String> COLLECTOR_FAMILIES =
            Set.of(ACCEPTED, REFUSED, EXPORTER_SENT, EXPORTER_FAILED, EXPORTER_QUEUE, BATCH_SIZE);

    private static final Set<String> SEND_FAILURE_REASONS = Set.of(
            DropReason.REJECTED.label(), DropReason.TOO_OLD.label(), DropReason.RETRIES_EXHAUSTED.label());
    private static final List<String> SYSTEM_LABELS =
            List.of("job_name", "task_name", "operator_name", "subtask_index");
    /** Flink's operator scopes: user metrics (functions, sources, sinks) are registered below them. */
    private static final List<String> OPERATOR_SCOPES = List.of("taskmanager.job.task.operator", "jobmanager.job.operator");
    private static final double[] QUANTILES = {0.5, 0.75, 0.95, 0.98, 0.99, 0.999};
    private static final Pattern INVALID_NAME_CHARS = Pattern.compile("[^a-zA-Z0-9_:]");
    private static final Pattern INVALID_LABEL_CHARS = Pattern.compile("[^a-zA-Z0-9_]");

    /** Ports of the reporters currently serving in this JVM (for tests). */
    static final Set<Integer> RUNNING_PORTS = new CopyOnWriteArraySet<>();

    private final Map<Metric, Registration> metrics = new ConcurrentHashMap<>();
    @Nullable private HttpServer server;
    @Nullable private ExecutorService executor;

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

    /** Binds the HTTP server; visible for tests. */
    void start(String address) {
        HostPorts hp = HostPorts.parse(address);
        IOException last = null;
        for (int port = hp.firstPort; port <= hp.lastPort; port++) {
            InetSocketAddress socket = hp.host == null ? new InetSocketAddress(port) : new InetSocketAddress(hp.host, port);
            try {
                HttpServer s = HttpServer.create(socket, 0);
                s.createContext("/", this::handle);
                ExecutorService ex = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "collector-telemetry-http");
                    t.setDaemon(true);
                    return t;
                });
                s.setExecutor(ex);
                s.start();
                server = s;
                executor = ex;
                RUNNING_PORTS.add(port());
                LOG.info("Serving the job's telemetry on http://{}:{}/metrics", socket.getHostString(), port());
                return;
            } catch (BindException e) {
                last = e;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot serve telemetry on " + address, e);
            }
        }
        throw new UncheckedIOException("Cannot serve telemetry on " + address + ": no free port", last);
    }

    /** The port the server is bound to, -1 if not serving. */
    public int port() {
        HttpServer s = server;
        return s == null ? -1 : s.getAddress().getPort();
    }

    @Override
    public void close() {
        HttpServer s = server;
        if (s != null) {
            RUNNING_PORTS.remove(s.getAddress().getPort());
            s.stop(0);
            server = null;
        }
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
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
            metrics.put(metric, Registration.of(metric, metricName, group));
        } catch (RuntimeException e) {
            LOG.debug("Not exposing metric {}", metricName, e);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        metrics.remove(metric);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!"/metrics".equals(path) && !"/".equals(path)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (RuntimeException e) {
            LOG.warn("Telemetry scrape failed", e);
            throw e;
        }
    }

    /** Renders all metrics in the Prometheus text format; each metric is read once. */
    String scrape() {
        SortedMap<String, Family> families = new TreeMap<>();
        for (Registration r : metrics.values()) {
            Metric m = r.metric;
            if (m instanceof Counter c) {
                double v = c.getCount();
                own(families, r, "counter", v);
                collector(families, r, v);
            } else if (m instanceof Gauge<?> g) {
                Double v = numeric(g);
                if (v != null) {
                    own(families, r, "gauge", v);
                    collector(families, r, v);
                }
            } else if (m instanceof Meter meter) {
                own(families, r, "gauge", meter.getRate());
            } else if (m instanceof Histogram h) {
                if (COLLECTOR_FAMILIES.contains(r.name)) {
                    continue;
                }
                Family f = family(families, r.name, "summary");
                HistogramStatistics stats = h.getStatistics();
                for (double q : QUANTILES) {
                    SortedMap<String, String> labels = new TreeMap<>(r.labels);
                    labels.put("quantile", format(q));
                    f.add(r.name, labels, stats.getQuantile(q));
                }
                f.add(r.name + "_count", r.labels, h.getCount());
            }
        }
        StringBuilder sb = new StringBuilder(4096);
        for (Map.Entry<String, Family> e : families.entrySet()) {
            e.getValue().render(e.getKey(), sb);
        }
        return sb.toString();
    }

    private static void own(SortedMap<String, Family> families, Registration r, String type, double value) {
        if (COLLECTOR_FAMILIES.contains(r.name)) {
            return;
        }
        family(families, r.name, type).add(r.name, r.labels, value);
    }

    private static void collector(SortedMap<String, Family> families, Registration r, double value) {
        switch (r.metricName) {
            case ACCEPTED, REFUSED -> {
                String transport = r.variables.get("transport");
                SortedMap<String, String> labels = new TreeMap<>();
                labels.put("receiver", transport != null ? "otlp" : "kafka");
                labels.put("transport", transport != null ? transport : "kafka");
                family(families, r.metricName, "counter").sum(r.metricName, labels, value);
            }
            default -> {
                if (!r.inSinkGroup) {
                    return;
                }
                switch (r.metricName) {
                    case "samples_sent_total", "histograms_sent_total" -> {
                        family(families, EXPORTER_SENT, "counter").sum(EXPORTER_SENT, exporterLabels(), value);
                        family(families, BATCH_SIZE, "summary").sum(BATCH_SIZE + "_sum", processorLabels(), value);
                    }
                    case "samples_dropped_total", "histograms_dropped_total" -> {
                        Family f = family(families, EXPORTER_FAILED, "counter");
                        f.sum(EXPORTER_FAILED, exporterLabels(), SEND_FAILURE_REASONS.contains(r.variables.get("reason")) ? value : 0);
                    }
                    case "requests_total" ->
                            family(families, BATCH_SIZE, "summary").sum(BATCH_SIZE + "_count", processorLabels(), value);
                    case "samples_pending" ->
                            family(families, EXPORTER_QUEUE, "gauge").sum(EXPORTER_QUEUE, exporterLabels(), value);
                    default -> {
                    }
                }
            }
        }
    }

    private static SortedMap<String, String> exporterLabels() {
        SortedMap<String, String> labels = new TreeMap<>();
        labels.put("exporter", "prometheusremotewrite");
        return labels;
    }

    private static SortedMap<String, String> processorLabels() {
        SortedMap<String, String> labels = new TreeMap<>();
        labels.put("processor", "batch");
        return labels;
    }

    private static Family family(SortedMap<String, Family> families, String name, String type) {
        return families.computeIfAbsent(name, unused -> new Family(type));
    }

    @Nullable
    private static Double numeric(Gauge<?> gauge) {
        Object v;
        try {
            v = gauge.getValue();
        } catch (RuntimeException e) {
            return null;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        return null;
    }

    /** Sanitizes a metric name to {@code [a-zA-Z_:][a-zA-Z0-9_:]*}. */
    static String sanitizeName(String name) {
        String s = INVALID_NAME_CHARS.matcher(name).replaceAll("_");
        if (s.isEmpty() || Character.isDigit(s.charAt(0))) {
            s = "_" + s;
        }
        return s;
    }

    /** Sanitizes a label name to {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
    static String sanitizeLabel(String name) {
        String s = INVALID_LABEL_CHARS.matcher(name).replaceAll("_");
        if (s.isEmpty() || Character.isDigit(s.charAt(0))) {
            s = "_" + s;
        }
        return s;
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    private static String escape(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** One metric family: a type and its samples, keyed by sample name and labels. */
    private static final class Family {
        final String type;
        final SortedMap<String, Double> samples = new TreeMap<>();

        Family(String type) {
            this.type = type;
        }

        void add(String name, Map<String, String> labels, double value) {
            samples.put(line(name, labels), value);
        }

        void sum(String name, Map<String, String> labels, double value) {
            samples.merge(line(name, labels), value, Double::sum);
        }

        private static String line(String name, Map<String, String> labels) {
            StringBuilder sb = new StringBuilder(name);
            if (!labels.isEmpty()) {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<String, String> l : labels.entrySet()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    sb.append(l.getKey()).append("=\"").append(escape(l.getValue())).append('"');
                }
                sb.append('}');
            }
            return sb.toString();
        }

        void render(String name, StringBuilder sb) {
            sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
            for (Map.Entry<String, Double> s : samples.entrySet()) {
                sb.append(s.getKey()).append(' ').append(format(s.getValue())).append('\n');
            }
        }
    }

    /** A registered metric with its exposed name and labels, computed once. */
    private static final class Registration {
        final Metric metric;
        /** The metric's name as registered (e.g. {@code samples_sent_total}). */
        final String metricName;
        /** The exposed, sanitized name of the own series. */
        final String name;
        final SortedMap<String, String> labels;
        /** Variables without angle brackets. */
        final Map<String, String> variables;
        final boolean inSinkGroup;

        private Registration(Metric metric, String metricName, String name, SortedMap<String, String> labels,
                Map<String, String> variables, boolean inSinkGroup) {
            this.metric = metric;
            this.metricName = metricName;
            this.name = name;
            this.labels = Collections.unmodifiableSortedMap(labels);
            this.variables = variables;
            this.inSinkGroup = inSinkGroup;
        }

        static Registration of(Metric metric, String metricName, MetricGroup group) {
            Map<String, String> variables = new TreeMap<>();
            for (Map.Entry<String, String> v : group.getAllVariables().entrySet()) {
                String key = v.getKey();
                if (key.startsWith("<") && key.endsWith(">")) {
                    key = key.substring(1, key.length() - 1);
                }
                variables.put(key, v.getValue() == null ? "" : v.getValue());
            }
            SortedMap<String, String> labels = new TreeMap<>();
            for (String system : SYSTEM_LABELS) {
                String value = variables.get(system);
                if (value != null) {
                    labels.put(system, value);
                }
            }
            List<String> nameParts = new ArrayList<>();
            List<String> userScope = new ArrayList<>();
            String logical = logicalScope(group);
            if (logical != null) {
                String user = operatorUserScope(logical);
                if (user == null) {
                    // Flink's own metrics (JVM, shuffle, checkpoints, numRecordsIn, ...).
                    nameParts.add("flink");
                    nameParts.addAll(Arrays.asList(logical.split("\\.")));
                    String tm = variables.get("tm_id");
                    if (tm != null) {
                        labels.put("tm_id", tm);
                    }
                } else {
                    for (String component : user.split("\\.")) {
                        if (variables.containsKey(component)) {
                            // The key of a key/value group: a label, not part of the name.
                            labels.put(sanitizeLabel(component), variables.get(component));
                        } else {
                            nameParts.add(component);
                        }
                        userScope.add(component);
                    }
                }
            } else {
                // Not one of Flink's groups: all non-system variables become labels.
                for (Map.Entry<String, String> v : variables.entrySet()) {
                    if (!SYSTEM_VARIABLES.contains(v.getKey())) {
                        labels.put(sanitizeLabel(v.getKey()), v.getValue());
                    }
                }
            }
            nameParts.add(metricName);
            String name = sanitizeName(String.join("_", nameParts));
            boolean inSinkGroup = !userScope.isEmpty() && SinkMetrics.GROUP.equals(userScope.get(0));
            return new Registration(metric, metricName, name, labels, variables, inSinkGroup);
        }

        @Nullable
        private static String logicalScope(MetricGroup group) {
            if (group instanceof LogicalScopeProvider p) {
                return p.getLogicalScope(s -> s, '.');
            }
            return null;
        }

        /**
         * The part of a logical scope below an operator scope, null if there is none (a metric of
         * Flink itself). A scope outside Flink's hierarchy is all user scope.
         */
        @Nullable
        private static String operatorUserScope(String logical) {
            for (String operator : OPERATOR_SCOPES) {
                if (logical.startsWith(operator + ".")) {
                    return logical.substring(operator.length() + 1);
                }
            }
            if (logical.equals("jobmanager") || logical.equals("taskmanager")
                    || logical.startsWith("jobmanager.") || logical.startsWith("taskmanager.")) {
                return null;
            }
            return logical;
        }
    }

    private static final Set<String> SYSTEM_VARIABLES = Set.of(
            "host", "tm_id", "job_id", "job_name", "task_id", "task_name", "task_attempt_id",
            "task_attempt_num", "subtask_index", "operator_id", "operator_name");

    /** {@code host:port} or {@code host:first-last}; an empty host or {@code 0.0.0.0} is any. */
    private record HostPorts(@Nullable String host, int firstPort, int lastPort) {
        static HostPorts parse(String address) {
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
            return new HostPorts(any ? null : host, first, last);
        }
    }
}
