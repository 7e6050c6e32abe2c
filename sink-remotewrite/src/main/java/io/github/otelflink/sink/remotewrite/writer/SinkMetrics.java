package io.github.otelflink.sink.remotewrite.writer;

import io.github.otelflink.sink.remotewrite.encode.EncodedRequest;
import io.github.otelflink.sink.remotewrite.validate.DropListener;
import io.github.otelflink.sink.remotewrite.validate.DropReason;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The sink's accounting, registered under the group {@code prometheus_remote_write} of the sink
 * writer's metric group. Every point that enters the sink ends in exactly one of: sent, already
 * delivered, dropped (by reason), or still pending. Names follow Prometheus's own sender ({@code
 * prometheus_remote_storage_*}); with Flink's Prometheus reporter they appear as {@code
 * flink_taskmanager_job_task_operator_prometheus_remote_write_<name>}. Updated from the HTTP and
 * retry threads of several lanes at once, so updates are synchronized (Flink's simple counters and
 * histogram are not thread-safe).
 *
 * <p>For users, this class is the names: the group, every metric and the {@code reason} label,
 * whose values are {@link DropReason#label()}. The sink writer creates the instance.
 */
@PublicEvolving
public final class SinkMetrics implements DropListener {
    /** The metric group under the sink writer's operator group. */
    public static final String GROUP = "prometheus_remote_write";

    /** Float samples the receiver accepted (counter). */
    public static final String SAMPLES_SENT = "samples_sent_total";
    /** Native histogram samples the receiver accepted (counter). */
    public static final String HISTOGRAMS_SENT = "histograms_sent_total";
    /** Exemplars the receiver accepted (counter). */
    public static final String EXEMPLARS_SENT = "exemplars_sent_total";
    /** Metadata entries the receiver accepted (counter). */
    public static final String METADATA_SENT = "metadata_sent_total";
    /** Points re-sent after a retryable failure (counter). */
    public static final String SAMPLES_RETRIED = "samples_retried_total";
    /** Replayed points the receiver already had (counter). */
    public static final String SAMPLES_ALREADY_DELIVERED = "samples_already_delivered_total";
    /** Requests sent (counter). */
    public static final String REQUESTS = "requests_total";
    /** Requests not accepted, for any reason (counter). */
    public static final String REQUESTS_FAILED = "requests_failed_total";
    /** Request bodies on the wire, snappy-compressed (counter). */
    public static final String SENT_BYTES = "sent_bytes_total";
    /** Request bodies before compression (counter). */
    public static final String SENT_BYTES_UNCOMPRESSED = "sent_bytes_uncompressed_total";
    /** Switches from remote write 2.0 to 1.0 (counter). */
    public static final String PROTOCOL_FALLBACKS = "protocol_fallbacks_total";
    /** The label of the dropped counters; its values are {@link DropReason#label()}. */
    public static final String REASON_LABEL = "reason";
    /** Float samples dropped, under {@link #REASON_LABEL} (counter). */
    public static final String SAMPLES_DROPPED = "samples_dropped_total";
    /** Histogram samples dropped, under {@link #REASON_LABEL} (counter). */
    public static final String HISTOGRAMS_DROPPED = "histograms_dropped_total";
    /** Float samples written to the dead-letter output, under {@link #REASON_LABEL} (counter). */
    public static final String DEAD_LETTER_SAMPLES = "dead_letter_samples_total";
    /** Histogram samples written to the dead-letter output, under {@link #REASON_LABEL} (counter). */
    public static final String DEAD_LETTER_HISTOGRAMS = "dead_letter_histograms_total";
    /** Request latency in milliseconds (histogram). */
    public static final String SENT_BATCH_DURATION = "sent_batch_duration_milliseconds";
    /** Points buffered or in flight in this subtask (gauge). */
    public static final String SAMPLES_PENDING = "samples_pending";
    /** Newest timestamp delivered, in seconds (gauge). */
    public static final String HIGHEST_SENT_TIMESTAMP = "highest_sent_timestamp_seconds";

    private final Counter samplesSent;
    private final Counter histogramsSent;
    private final Counter exemplarsSent;
    private final Counter metadataSent;
    private final Counter samplesRetried;
    private final Counter samplesAlreadyDelivered;
    private final Counter requests;
    private final Counter failedRequests;
    private final Counter bytesCompressed;
    private final Counter bytesUncompressed;
    private final Counter protocolFallbacks;
    private final Map<DropReason, Counter> samplesDropped = new EnumMap<>(DropReason.class);
    private final Map<DropReason, Counter> histogramsDropped = new EnumMap<>(DropReason.class);
    private final Map<DropReason, Counter> samplesDeadLettered = new EnumMap<>(DropReason.class);
    private final Map<DropReason, Counter> histogramsDeadLettered = new EnumMap<>(DropReason.class);
    private final Histogram sendDurationMillis;
    private volatile long highestSentTimestampMs;

    SinkMetrics(MetricGroup parent, LongSupplier pendingPoints) {
        this(parent, pendingPoints, false);
    }

    /** With {@code deadLetters}, also the dead-letter counters (only then: no zeros without the output). */
    SinkMetrics(MetricGroup parent, LongSupplier pendingPoints, boolean deadLetters) {
        MetricGroup g = parent.addGroup(GROUP);
        samplesSent = g.counter(SAMPLES_SENT);
        histogramsSent = g.counter(HISTOGRAMS_SENT);
        exemplarsSent = g.counter(EXEMPLARS_SENT);
        metadataSent = g.counter(METADATA_SENT);
        samplesRetried = g.counter(SAMPLES_RETRIED);
        samplesAlreadyDelivered = g.counter(SAMPLES_ALREADY_DELIVERED);
        requests = g.counter(REQUESTS);
        failedRequests = g.counter(REQUESTS_FAILED);
        bytesCompressed = g.counter(SENT_BYTES);
        bytesUncompressed = g.counter(SENT_BYTES_UNCOMPRESSED);
        protocolFallbacks = g.counter(PROTOCOL_FALLBACKS);
        for (DropReason reason : DropReason.values()) {
            MetricGroup r = g.addGroup(REASON_LABEL, reason.label());
            samplesDropped.put(reason, r.counter(SAMPLES_DROPPED));
            histogramsDropped.put(reason, r.counter(HISTOGRAMS_DROPPED));
            if (deadLetters) {
                samplesDeadLettered.put(reason, r.counter(DEAD_LETTER_SAMPLES));
                histogramsDeadLettered.put(reason, r.counter(DEAD_LETTER_HISTOGRAMS));
            }
        }
        sendDurationMillis = g.histogram(SENT_BATCH_DURATION, new DescriptiveStatisticsHistogram(1000));
        g.gauge(SAMPLES_PENDING, pendingPoints::getAsLong);
        g.gauge(HIGHEST_SENT_TIMESTAMP, () -> highestSentTimestampMs / 1000.0);
    }

    /** A request was answered (any status) or failed in transport after {@code nanos}. */
    synchronized void requestCompleted(EncodedRequest request, long nanos, boolean delivered) {
        requests.inc();
        bytesCompressed.inc(request.body().length);
        bytesUncompressed.inc(request.uncompressedBytes());
        sendDurationMillis.update(nanos / 1_000_000);
        if (!delivered) {
            failedRequests.inc();
        }
    }

    synchronized void delivered(EncodedRequest request) {
        samplesSent.inc(request.samples());
        histogramsSent.inc(request.histograms());
        exemplarsSent.inc(request.exemplars());
        metadataSent.inc(request.metadata());
        if (request.maxTimestampMs() > highestSentTimestampMs) {
            highestSentTimestampMs = request.maxTimestampMs();
        }
    }

    synchronized void retried(int points) {
        samplesRetried.inc(points);
    }

    synchronized void alreadyDelivered(int points) {
        samplesAlreadyDelivered.inc(points);
    }

    synchronized void protocolFallback() {
        protocolFallbacks.inc();
    }

    /** Public only because {@link DropListener} is: the validator and the delivery report drops here. */
    @Internal
    @Override
    public synchronized void dropped(DropReason reason, int samples, int histograms) {
        samplesDropped.get(reason).inc(samples);
        histogramsDropped.get(reason).inc(histograms);
    }

    synchronized void deadLettered(DropReason reason, int samples, int histograms) {
        samplesDeadLettered.get(reason).inc(samples);
        histogramsDeadLettered.get(reason).inc(histograms);
    }
}
