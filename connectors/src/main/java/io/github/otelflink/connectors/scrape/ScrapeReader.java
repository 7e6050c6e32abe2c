package io.github.otelflink.connectors.scrape;

import io.github.otelflink.connectors.ArrivalClock;
import io.github.otelflink.connectors.NoSplit;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.net.http.HttpClient;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.core.io.InputStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subtask of the {@link ScrapeSource}. Subtask 0 schedules a {@link Scraper} per target and
 * emits their requests, timestamped with their arrival ({@link ArrivalClock}); the others only
 * keep their watermark moving.
 */
@Internal
final class ScrapeReader implements SourceReader<ExportMetricsServiceRequest, NoSplit> {

    private static final Logger LOG = LoggerFactory.getLogger(ScrapeReader.class);
    static final int QUEUE_CAPACITY = 1000;
    private static final int MAX_THREADS = 4;
    private static final CompletableFuture<Void> AVAILABLE = CompletableFuture.completedFuture(null);

    private final ScrapeOptions options;
    private final int subtask;
    private final Object lock = new Object();
    private final ArrayDeque<ExportMetricsServiceRequest> queue = new ArrayDeque<>();
    /** Arrival times of the queued requests, in queue order. */
    private final ArrayDeque<Long> arrivals = new ArrayDeque<>();
    private final ArrivalClock clock = new ArrivalClock();
    private CompletableFuture<Void> available = new CompletableFuture<>();
    private boolean closed;
    private final AtomicInteger dropped = new AtomicInteger();

    @Nullable private ScheduledExecutorService scheduler;

    ScrapeReader(ScrapeOptions options, int subtask) {
        this.options = options;
        this.subtask = subtask;
    }

    @Override
    public void start() {
        if (subtask != 0) {
            LOG.info("Prometheus scrape subtask {} is idle: subtask 0 scrapes all targets", subtask);
            return;
        }
        List<ScrapeTarget> targets = options.targets();
        AtomicInteger threadNumber = new AtomicInteger();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(
                Math.min(MAX_THREADS, targets.size()), r -> {
                    Thread t = new Thread(r, "prometheus-scrape-" + threadNumber.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        scheduler = executor;
        HttpClient client = Scraper.httpClient();
        for (ScrapeTarget target : targets) {
            Scraper scraper = new Scraper(target, client);
            executor.scheduleAtFixedRate(() -> scrape(scraper), 0, target.scrapeInterval().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        LOG.info("Prometheus scrape subtask 0 scraping {} targets", targets.size());
    }

    private void scrape(Scraper scraper) {
        try {
            ExportMetricsServiceRequest request = scraper.scrapeOnce();
            if (scraper.lastError() != null) {
                LOG.warn("scrape of {} (job {}) failed: {}", scraper.target().url(), scraper.target().jobName(),
                        scraper.lastError());
            }
            offer(request);
        } catch (Throwable t) {
            // Never let an exception cancel the periodic task.
            LOG.error("scrape of {} failed unexpectedly", scraper.target().url(), t);
        }
    }

    void offer(ExportMetricsServiceRequest request) {
        CompletableFuture<Void> toComplete;
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (queue.size() >= QUEUE_CAPACITY) {
                int n = dropped.incrementAndGet();
                LOG.warn("Prometheus scrape queue full (job backpressured): dropped a scrape ({} so far)", n);
                return;
            }
            queue.add(request);
            arrivals.add(clock.stamp());
            toComplete = available;
        }
        toComplete.complete(null);
    }

    /** Scrapes dropped because the queue was full. */
    int dropped() {
        return dropped.get();
    }

    @Override
    public InputStatus pollNext(ReaderOutput<ExportMetricsServiceRequest> output) {
        ExportMetricsServiceRequest next;
        long arrival;
        long watermark;
        boolean more;
        synchronized (lock) {
            next = queue.poll();
            arrival = next == null ? Long.MIN_VALUE : arrivals.poll();
            more = !queue.isEmpty();
            watermark = clock.watermark(more ? arrivals.peek() : Long.MAX_VALUE);
        }
        if (next != null) {
            output.collect(next, arrival);
        }
        // Every subtask, the idle ones too, keeps its watermark moving (see ArrivalClock).
        clock.advance(output, watermark);
        return more ? InputStatus.MORE_AVAILABLE : InputStatus.NOTHING_AVAILABLE;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        CompletableFuture<Void> future;
        synchronized (lock) {
            if (!queue.isEmpty() || closed) {
                return AVAILABLE;
            }
            if (available.isDone()) {
                available = new CompletableFuture<>();
            }
            future = available;
        }
        return ArrivalClock.availableOrIdleTick(future);
    }

    @Override
    public List<NoSplit> snapshotState(long checkpointId) {
        return List.of();
    }

    @Override
    public void addSplits(List<NoSplit> splits) {}

    @Override
    public void notifyNoMoreSplits() {}

    @Override
    public void close() throws Exception {
        CompletableFuture<Void> toComplete;
        synchronized (lock) {
            closed = true;
            queue.clear();
            arrivals.clear();
            toComplete = available;
        }
        toComplete.complete(null);
        if (scheduler != null) {
            scheduler.shutdownNow();
            if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Prometheus scrape threads did not stop within 10s");
            }
        }
    }
}
