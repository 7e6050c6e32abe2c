package io.github.otelflink.job.telemetry;

import io.github.otelflink.job.exporter.prometheusremotewrite.translate.DropReason;

import java.util.Locale;
import java.util.Set;

/**
 * The job's metric names in one place: the group and names the pipeline's functions register
 * ({@code otel_pipeline_<name>}), the values of the {@code reason} label on {@link
 * #POINTS_DROPPED}, and the Collector's names that {@link CollectorTelemetryReporter} serves the
 * job's counters under.
 *
 * <p>Registered elsewhere, under their own constants: the sink's {@code prometheus_remote_write_*}
 * ({@link io.github.otelflink.sink.remotewrite.writer.SinkMetrics}, reasons {@link
 * io.github.otelflink.sink.remotewrite.validate.DropReason#label()}) and the receivers' counters in
 * {@code connectors}, which already carry the Collector's names {@link #RECEIVER_ACCEPTED} and
 * {@link #RECEIVER_REFUSED} (the OTLP ingress below a {@link #TRANSPORT} group).
 */
public final class PipelineMetricNames {
    /** The metric group of the pipeline's own metrics. */
    public static final String GROUP = "otel_pipeline";
    /** The key of the key/value group that labels a drop with its reason. */
    public static final String REASON = "reason";

    /** Data points entering the pipeline's processors. */
    public static final String DATAPOINTS_IN = "datapoints_in_total";
    /** Series the translator passed on (after relabeling). */
    public static final String SERIES_OUT = "series_out_total";
    /** Points (or, for {@code no_data}, metrics) left out, by {@link #REASON}. */
    public static final String POINTS_DROPPED = "points_dropped_total";
    /** Late points sent anyway ({@code ordering}). */
    public static final String POINTS_SENT_OUT_OF_ORDER = "points_sent_out_of_order_total";
    /** Delta points added to a running total. */
    public static final String DELTA_POINTS_ACCUMULATED = "delta_points_accumulated_total";
    /** Series whose state expired. */
    public static final String SERIES_EXPIRED = "series_expired_total";
    /** Gauge: points waiting for the reorder window. */
    public static final String POINTS_HELD = "points_held";

    /** Reason: the exporter's or a scrape job's relabel rules dropped the series. */
    public static final String RELABEL_DROP = "relabel_drop";
    /** Reason: the keyed step saw a point older than one already sent for its series. */
    public static final String OUT_OF_ORDER = "out_of_order";
    /** Reason: the keyed step saw a second point with a timestamp already sent. */
    public static final String DUPLICATE_TIMESTAMP = "duplicate_timestamp";
    /**
     * Reason: a delta native histogram the keyed step cannot add to its running total (a float
     * histogram or malformed spans; the translator sends neither).
     */
    public static final String DELTA_NATIVE_HISTOGRAM = "delta_native_histogram";

    /** The Collector's receiver counters, registered by the connectors under these names. */
    public static final String RECEIVER_ACCEPTED = "otelcol_receiver_accepted_metric_points";
    public static final String RECEIVER_REFUSED = "otelcol_receiver_refused_metric_points";
    /** The group key the OTLP ingress registers its receiver counters under. */
    public static final String TRANSPORT = "transport";
    /** The Collector's exporter and batch processor names, computed from the sink's metrics. */
    public static final String EXPORTER_SENT = "otelcol_exporter_sent_metric_points";
    public static final String EXPORTER_SEND_FAILED = "otelcol_exporter_send_failed_metric_points";
    public static final String EXPORTER_QUEUE_SIZE = "otelcol_exporter_queue_size";
    public static final String BATCH_SEND_SIZE = "otelcol_processor_batch_batch_send_size";
    /** The Collector's names, served summed over subtasks. */
    public static final Set<String> COLLECTOR_NAMES = Set.of(RECEIVER_ACCEPTED, RECEIVER_REFUSED,
            EXPORTER_SENT, EXPORTER_SEND_FAILED, EXPORTER_QUEUE_SIZE, BATCH_SEND_SIZE);
    /** The sink's drop reasons that are send failures (drops by validation are not). */
    public static final Set<String> SEND_FAILURE_REASONS = Set.of(
            io.github.otelflink.sink.remotewrite.validate.DropReason.REJECTED.label(),
            io.github.otelflink.sink.remotewrite.validate.DropReason.TOO_OLD.label(),
            io.github.otelflink.sink.remotewrite.validate.DropReason.DUPLICATE_SAMPLE.label(),
            io.github.otelflink.sink.remotewrite.validate.DropReason.RETRIES_EXHAUSTED.label(),
            // The receiver kept failing this tenant while its share of the buffer was full.
            io.github.otelflink.sink.remotewrite.validate.DropReason.TENANT_BACKLOG.label());

    private PipelineMetricNames() {}

    /** The {@link #REASON} of a translator drop: its name in lower case ({@code no_value}, ...). */
    public static String reason(DropReason reason) {
        return reason.name().toLowerCase(Locale.ROOT);
    }
}
