package io.github.otelflink.job.telemetry;

import static io.github.otelflink.job.telemetry.PipelineMetricNames.BATCH_SEND_SIZE;
import static io.github.otelflink.job.telemetry.PipelineMetricNames.COLLECTOR_NAMES;
import static io.github.otelflink.job.telemetry.PipelineMetricNames.EXPORTER_QUEUE_SIZE;
import static io.github.otelflink.job.telemetry.PipelineMetricNames.EXPORTER_SENT;
import static io.github.otelflink.job.telemetry.PipelineMetricNames.EXPORTER_SEND_FAILED;
import static io.github.otelflink.job.telemetry.PipelineMetricNames.RECEIVER_ACCEPTED;
import static io.github.otelflink.job.telemetry.PipelineMetricNames.RECEIVER_REFUSED;
import static io.github.otelflink.job.telemetry.PipelineMetricNames.SEND_FAILURE_REASONS;
import static io.github.otelflink.job.telemetry.PipelineMetricNames.TRANSPORT;

import io.github.otelflink.sink.remotewrite.writer.SinkMetrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.HistogramStatistics;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.Metric;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import javax.annotation.Nullable;

/**
 * The Flink metrics registered with {@link CollectorTelemetryReporter}, as the Prometheus client
 * sees them: every scrape reads each metric once and builds from that one value both its own
 * series and its share of the Collector's sums, so the two always agree. Nothing is counted twice
 * and nothing is kept between scrapes.
 */
final class FlinkMetricsCollector implements MultiCollector {
    private static final Logger LOG = LoggerFactory.getLogger(FlinkMetricsCollector.class);

    private static final double[] QUANTILES = {0.5, 0.75, 0.95, 0.98, 0.99, 0.999};
    private static final Labels EXPORTER = Labels.of("exporter", "prometheusremotewrite");
    private static final Labels PROCESSOR = Labels.of("processor", "batch");
    private static final Labels KAFKA_RECEIVER = Labels.of("receiver", "kafka", "transport", "kafka");

    private final Collection<RegisteredMetric> metrics;

    /** Reads {@code metrics}, a live view of the reporter's registrations, at every scrape. */
    FlinkMetricsCollector(Collection<RegisteredMetric> metrics) {
        this.metrics = metrics;
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, Family> families = new HashMap<>();
        for (RegisteredMetric r : metrics) {
            try {
                read(families, r);
            } catch (RuntimeException e) {
                LOG.debug("Cannot read metric {}", r.name(), e);
            }
        }
        MetricSnapshots.Builder snapshots = MetricSnapshots.builder();
        for (Family f : families.values()) {
            try {
                snapshots.metricSnapshot(f.snapshot());
            } catch (RuntimeException e) {
                LOG.debug("Not serving metric {}", f.name, e);
            }
        }
        return snapshots.build();
    }

    private static void read(Map<String, Family> families, RegisteredMetric r) {
        Metric m = r.metric();
        if (m instanceof Counter c) {
            double v = c.getCount();
            own(families, r, Kind.COUNTER, v);
            collector(families, r, v);
        } else if (m instanceof Gauge<?> g) {
            Double v = numeric(g);
            if (v != null) {
                own(families, r, Kind.GAUGE, v);
                collector(families, r, v);
            }
        } else if (m instanceof Meter meter) {
            own(families, r, Kind.GAUGE, meter.getRate());
        } else if (m instanceof Histogram h && !COLLECTOR_NAMES.contains(r.name())) {
            HistogramStatistics stats = h.getStatistics();
            Quantiles.Builder quantiles = Quantiles.builder();
            for (double q : QUANTILES) {
                quantiles.quantile(q, stats.getQuantile(q));
            }
            Summary s = family(families, r.name(), Kind.SUMMARY).summary(r.labels());
            s.quantiles = quantiles.build();
            s.count = h.getCount();
        }
    }

    /**
     * The metric's own series; not for those whose own name is one of the Collector's (the
     * receivers' counters), which are served only summed.
     */
    private static void own(Map<String, Family> families, RegisteredMetric r, Kind kind, double value) {
        if (!COLLECTOR_NAMES.contains(r.name())) {
            family(families, r.name(), kind).values.put(r.labels(), value);
        }
    }

    /** Adds the metric to the Collector's name it is part of, if any. */
    private static void collector(Map<String, Family> families, RegisteredMetric r, double value) {
        switch (r.metricName()) {
            case RECEIVER_ACCEPTED, RECEIVER_REFUSED -> {
                String transport = r.variables().get(TRANSPORT);
                Labels labels = transport == null
                        ? KAFKA_RECEIVER
                        : Labels.of("receiver", "otlp", "transport", transport);
                family(families, r.metricName(), Kind.COUNTER).add(labels, value);
            }
            default -> {
                if (r.inSinkGroup()) {
                    sink(families, r, value);
                }
            }
        }
    }

    private static void sink(Map<String, Family> families, RegisteredMetric r, double value) {
        switch (r.metricName()) {
            case SinkMetrics.SAMPLES_SENT, SinkMetrics.HISTOGRAMS_SENT -> {
                family(families, EXPORTER_SENT, Kind.COUNTER).add(EXPORTER, value);
                family(families, BATCH_SEND_SIZE, Kind.SUMMARY).summary(PROCESSOR).addSum(value);
            }
            case SinkMetrics.SAMPLES_DROPPED, SinkMetrics.HISTOGRAMS_DROPPED -> {
                boolean failure = SEND_FAILURE_REASONS.contains(r.variables().get(SinkMetrics.REASON_LABEL));
                family(families, EXPORTER_SEND_FAILED, Kind.COUNTER).add(EXPORTER, failure ? value : 0);
            }
            case SinkMetrics.REQUESTS ->
                    family(families, BATCH_SEND_SIZE, Kind.SUMMARY).summary(PROCESSOR).addCount((long) value);
            case SinkMetrics.SAMPLES_PENDING ->
                    family(families, EXPORTER_QUEUE_SIZE, Kind.GAUGE).add(EXPORTER, value);
            default -> {
            }
        }
    }

    /** The family named {@code name}; its kind is the one of its first metric. */
    private static Family family(Map<String, Family> families, String name, Kind kind) {
        return families.computeIfAbsent(name, n -> new Family(n, kind));
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

    private enum Kind { COUNTER, GAUGE, SUMMARY }

    /** A summary's point: quantiles of a Flink histogram, or the Collector's batch sizes. */
    private static final class Summary {
        Quantiles quantiles = Quantiles.EMPTY;
        /** -1 while there is none. */
        long count = -1;
        /** NaN while there is none. */
        double sum = Double.NaN;

        void addCount(long n) {
            count = Math.max(count, 0) + n;
        }

        void addSum(double v) {
            sum = Double.isNaN(sum) ? v : sum + v;
        }
    }

    /** One metric family assembled for a scrape. */
    private static final class Family {
        final String name;
        final Kind kind;
        final Map<Labels, Double> values = new HashMap<>();
        final Map<Labels, Summary> summaries = new HashMap<>();

        Family(String name, Kind kind) {
            this.name = name;
            this.kind = kind;
        }

        void add(Labels labels, double value) {
            values.merge(labels, value, Double::sum);
        }

        Summary summary(Labels labels) {
            return summaries.computeIfAbsent(labels, l -> new Summary());
        }

        MetricSnapshot snapshot() {
            return switch (kind) {
                case COUNTER -> name.endsWith("_total") && values.values().stream().allMatch(v -> v >= 0)
                        ? counter()
                        // The client appends _total to a counter's name; to keep the name, untyped.
                        : unknown();
                case GAUGE -> gauge();
                case SUMMARY -> summary();
            };
        }

        private MetricSnapshot counter() {
            CounterSnapshot.Builder b = CounterSnapshot.builder().name(name);
            values.forEach((labels, v) -> b.dataPoint(
                    CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(v).build()));
            return b.build();
        }

        private MetricSnapshot unknown() {
            UnknownSnapshot.Builder b = UnknownSnapshot.builder().name(name);
            values.forEach((labels, v) -> b.dataPoint(
                    UnknownSnapshot.UnknownDataPointSnapshot.builder().labels(labels).value(v).build()));
            return b.build();
        }

        private MetricSnapshot gauge() {
            GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name);
            values.forEach((labels, v) -> b.dataPoint(
                    GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(v).build()));
            return b.build();
        }

        private MetricSnapshot summary() {
            SummarySnapshot.Builder b = SummarySnapshot.builder().name(name);
            summaries.forEach((labels, s) -> {
                SummarySnapshot.SummaryDataPointSnapshot.Builder p =
                        SummarySnapshot.SummaryDataPointSnapshot.builder().labels(labels).quantiles(s.quantiles);
                if (s.count >= 0) {
                    p.count(s.count);
                }
                if (!Double.isNaN(s.sum)) {
                    p.sum(s.sum);
                }
                b.dataPoint(p.build());
            });
            return b.build();
        }
    }
}
