package io.github.otelflink.sink.remotewrite.writer;

import io.github.otelflink.sink.remotewrite.encode.EncodedRequest;
import io.github.otelflink.sink.remotewrite.validate.DropListener;
import io.github.otelflink.sink.remotewrite.validate.DropReason;

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
 */
public final class SinkMetrics implements DropListener {
    public static final String GROUP = "prometheus_remote_write";
    /** Names the job's telemetry reporter reads (it maps them to the Collector's names). */
    public static final String SAMPLES_SENT = "samples_sent_total";
    public static final String HISTOGRAMS_SENT = "histograms_sent_total";
    public static final String REQUESTS = "requests_total";
    public static final String SAMPLES_DROPPED = "samples_dropped_total";
    public static final String HISTOGRAMS_DROPPED = "histograms_dropped_total";
    public static final String SAMPLES_PENDING = "samples_pending";
    /** The key of the group holding a drop's {@link DropReason#label()}. */
    public static final String REASON = "reason";

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
    private final Histogram sendDurationMillis;
    private volatile long highestSentTimestampMs;

    public SinkMetrics(MetricGroup parent, LongSupplier pendingPoints) {
        MetricGroup g = parent.addGroup(GROUP);
        samplesSent = g.counter(SAMPLES_SENT);
        histogramsSent = g.counter(HISTOGRAMS_SENT);
        exemplarsSent = g.counter("exemplars_sent_total");
        metadataSent = g.counter("metadata_sent_total");
        samplesRetried = g.counter("samples_retried_total");
        samplesAlreadyDelivered = g.counter("samples_already_delivered_total");
        requests = g.counter(REQUESTS);
        failedRequests = g.counter("requests_failed_total");
        bytesCompressed = g.counter("sent_bytes_total");
        bytesUncompressed = g.counter("sent_bytes_uncompressed_total");
        protocolFallbacks = g.counter("protocol_fallbacks_total");
        for (DropReason reason : DropReason.values()) {
            MetricGroup r = g.addGroup(REASON, reason.label());
            samplesDropped.put(reason, r.counter(SAMPLES_DROPPED));
            histogramsDropped.put(reason, r.counter(HISTOGRAMS_DROPPED));
        }
        sendDurationMillis = g.histogram("sent_batch_duration_milliseconds", new DescriptiveStatisticsHistogram(1000));
        g.gauge(SAMPLES_PENDING, pendingPoints::getAsLong);
        g.gauge("highest_sent_timestamp_seconds", () -> highestSentTimestampMs / 1000.0);
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

    synchronized void delivered(EncodedRequest request, long maxTimestampMs) {
        samplesSent.inc(request.samples());
        histogramsSent.inc(request.histograms());
        exemplarsSent.inc(request.exemplars());
        metadataSent.inc(request.metadata());
        if (maxTimestampMs > highestSentTimestampMs) {
            highestSentTimestampMs = maxTimestampMs;
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

    @Override
    public synchronized void dropped(DropReason reason, int samples, int histograms) {
        samplesDropped.get(reason).inc(samples);
        histogramsDropped.get(reason).inc(histograms);
    }
}
