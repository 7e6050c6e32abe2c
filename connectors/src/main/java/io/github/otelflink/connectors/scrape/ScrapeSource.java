package io.github.otelflink.connectors.scrape;

import io.github.otelflink.connectors.NoSplit;
import io.github.otelflink.connectors.UnsplitOtlpSource;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.util.Objects;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;

/**
 * An unbounded Flink source that scrapes Prometheus endpoints, like the Collector's {@code
 * prometheus} receiver with {@code static_configs}: every {@code scrape_interval} each {@link
 * ScrapeTarget} is fetched with {@code GET} (timeout {@code scrape_timeout}), parsed as the text
 * exposition format 0.0.4 ({@link PrometheusTextParser}) and emitted as one {@link
 * ExportMetricsServiceRequest} per scrape, typed with {@link OtlpMetricsTypeInfo}, including
 * {@code up} and {@code scrape_duration_seconds} and stale points for vanished series (see {@link
 * Scraper}).
 *
 * <pre>{@code
 * DataStream<ExportMetricsServiceRequest> requests = env.fromSource(
 *         new ScrapeSource(ScrapeOptions.of(ScrapeTarget.of("node", "http://127.0.0.1:9100/metrics"))),
 *         WatermarkStrategy.noWatermarks(), "prometheus-scrape");
 * }</pre>
 *
 * <h2>How it works</h2>
 *
 * <ul>
 *   <li><b>One scraper:</b> only subtask 0 scrapes (all targets); other subtasks stay idle and
 *       emit nothing, so every target is scraped exactly once per interval whatever the
 *       parallelism. Run the source at parallelism 1 and rebalance downstream if needed.
 *   <li>Scrapes run on a {@code ScheduledExecutorService} (at most 4 threads) at a fixed rate per
 *       target, the first one right at start; a scrape that overruns its interval delays the
 *       next rather than overlapping it. Results go through a bounded queue (1000 requests) to
 *       the task thread; when the job is backpressured that long, further scrapes are dropped
 *       (and logged).
 *   <li>No state and no splits: after a restart, series are new (new start times) and series
 *       that vanished while the job was down get no stale marker.
 * </ul>
 *
 * <p>Not done: service discovery, relabeling rules, authentication, TLS settings beyond the
 * JVM's defaults, OpenMetrics and protobuf formats, native histograms, exemplars, body size
 * limits, scrape offset jitter, and the Collector's {@code scrape_samples_*} metrics.
 */
@PublicEvolving
public final class ScrapeSource extends UnsplitOtlpSource {
    private static final long serialVersionUID = 1L;

    private final ScrapeOptions options;

    /** A source scraping the (already validated) {@code options}. */
    public ScrapeSource(ScrapeOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public ScrapeOptions options() {
        return options;
    }

    @Override
    public SourceReader<ExportMetricsServiceRequest, NoSplit> createReader(SourceReaderContext context) {
        return new ScrapeReader(options, context.getIndexOfSubtask());
    }
}
