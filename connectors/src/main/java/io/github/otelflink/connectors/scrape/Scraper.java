package io.github.otelflink.connectors.scrape;

import io.github.otelflink.connectors.scrape.TargetLabels.Relabeled;
import io.github.otelflink.connectors.scrape.TargetLabels.ResourceKey;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes one {@link ScrapeTarget} and remembers its series between scrapes. Not thread-safe:
 * call {@link #scrapeOnce()} from one thread at a time (the {@link ScrapeSource} runs each
 * target's scrapes one after the other).
 *
 * <p>Each scrape gives one {@link ExportMetricsServiceRequest}:
 *
 * <ul>
 *   <li>the scraped metrics (see {@link PrometheusTextParser}), in a resource with {@code
 *       service.name} = job, {@code service.instance.id} = {@code host:port}, {@code
 *       server.address}, {@code server.port} and {@code url.scheme}; with {@code honor_labels} a
 *       scraped {@code job} / {@code instance} label picks the resource instead. The target's
 *       static labels are added to every data point; without {@code honor_labels} scraped labels
 *       named like them (or {@code job} / {@code instance}) become {@code exported_<name>}
 *       ({@link TargetLabels});
 *   <li>cumulative points get a start time: when the series was first seen, or when its value
 *       last went down (a counter reset);
 *   <li>for every series of the previous successful scrape that is gone, a point flagged {@code
 *       FLAG_NO_RECORDED_VALUE} (a Prometheus stale marker once translated);
 *   <li>{@code up} (1, or 0 if the request failed, timed out, answered non-2xx or could not be
 *       parsed; then every previous series is marked stale, once) and {@code
 *       scrape_duration_seconds}, gauges in the target's resource with its static labels.
 * </ul>
 *
 * A failed scrape is never an exception.
 */
public final class Scraper {

    private static final Logger LOG = LoggerFactory.getLogger(Scraper.class);
    static final String SCOPE_NAME = "io.github.otelflink.connectors.scrape";
    static final String ACCEPT = "text/plain;version=0.0.4;q=1,*/*;q=0.1";

    private final ScrapeTarget target;
    private final TargetLabels labels;
    private final HttpClient client;
    private final LongSupplier clockNanos;
    /** The series of the last successful scrape. */
    private Map<SeriesKey, SeriesState> series = new HashMap<>();
    private String lastError;

    public Scraper(ScrapeTarget target, HttpClient client) {
        this(target, client, Scraper::nowNanos);
    }

    Scraper(ScrapeTarget target, HttpClient client, LongSupplier clockNanos) {
        this.target = target;
        this.labels = new TargetLabels(target);
        this.client = client;
        this.clockNanos = clockNanos;
    }

    /** An HTTP/1.1 client following redirects, as Prometheus scrapes; share it between scrapers. */
    public static HttpClient httpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    public ScrapeTarget target() {
        return target;
    }

    /** Why the last scrape failed, or {@code null} if it succeeded. */
    public String lastError() {
        return lastError;
    }

    private record SeriesKey(ResourceKey resource, String metric, Metric.DataCase type, List<KeyValue> attributes) {}

    private static final class SeriesState {
        long startNanos;
        double lastTotal;
        /** The metric with this series' last point turned into a stale point (time unset). */
        Metric stale;
    }

    /** Scrapes the target once and returns what to emit; never throws for a failed scrape. */
    public ExportMetricsServiceRequest scrapeOnce() {
        long timeNanos = clockNanos.getAsLong();
        long started = System.nanoTime();
        List<Metric> scraped = null;
        try {
            scraped = PrometheusTextParser.parse(fetch(), timeNanos);
            lastError = null;
        } catch (ScrapeParseException e) {
            lastError = "cannot parse the response: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lastError = "interrupted";
        } catch (TimeoutException e) {
            lastError = "timed out after " + target.scrapeTimeout();
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            lastError = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }
        double durationSeconds = (System.nanoTime() - started) / 1e9;
        if (lastError != null) {
            LOG.debug("scrape of {} (job {}) failed: {}", target.url(), target.jobName(), lastError);
        }

        ResourceKey targetResource = labels.targetResource();
        Map<ResourceKey, Map<String, Metric.Builder>> out = new LinkedHashMap<>();
        out.put(targetResource, new LinkedHashMap<>());
        Map<SeriesKey, SeriesState> current = new HashMap<>();
        if (scraped != null) {
            for (Metric metric : scraped) {
                addScraped(metric, out, current);
            }
        }
        for (Map.Entry<SeriesKey, SeriesState> previous : series.entrySet()) {
            if (!current.containsKey(previous.getKey())) {
                Metric stale = withTime(previous.getValue().stale, timeNanos);
                builder(out, previous.getKey().resource(), stale).mergeFrom(stale);
            }
        }
        series = current;

        List<KeyValue> staticAttributes = labels.staticAttributes();
        Map<String, Metric.Builder> own = out.get(targetResource);
        // Keyed like scraped metrics: a scraped gauge named up (or scrape_duration_seconds) is replaced.
        own.put("up\u0000" + Metric.DataCase.GAUGE, gauge("up", "1 if the scrape succeeded, else 0", staticAttributes, timeNanos,
                lastError == null ? 1 : 0));
        own.put("scrape_duration_seconds\u0000" + Metric.DataCase.GAUGE, gauge("scrape_duration_seconds", "Duration of the scrape",
                staticAttributes, timeNanos, durationSeconds));

        ExportMetricsServiceRequest.Builder request = ExportMetricsServiceRequest.newBuilder();
        for (Map.Entry<ResourceKey, Map<String, Metric.Builder>> resource : out.entrySet()) {
            ScopeMetrics.Builder scope = ScopeMetrics.newBuilder()
                    .setScope(InstrumentationScope.newBuilder().setName(SCOPE_NAME));
            for (Metric.Builder metric : resource.getValue().values()) {
                scope.addMetrics(metric);
            }
            request.addResourceMetrics(ResourceMetrics.newBuilder()
                    .setResource(labels.resource(resource.getKey()))
                    .addScopeMetrics(scope));
        }
        return request.build();
    }

    private String fetch() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(target.url())
                .timeout(target.scrapeTimeout())
                .header("Accept", ACCEPT)
                .header("X-Prometheus-Scrape-Timeout-Seconds",
                        Double.toString(target.scrapeTimeout().toMillis() / 1000.0))
                .GET()
                .build();
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> response;
        try {
            // The request timeout covers the headers only; this bounds reading the body too.
            response = future.get(target.scrapeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | InterruptedException e) {
            future.cancel(true);
            throw e;
        }
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("server returned HTTP status " + response.statusCode());
        }
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private void addScraped(Metric metric, Map<ResourceKey, Map<String, Metric.Builder>> out,
            Map<SeriesKey, SeriesState> current) {
        switch (metric.getDataCase()) {
            case GAUGE -> {
                for (NumberDataPoint p : metric.getGauge().getDataPointsList()) {
                    Relabeled r = labels.relabel(p.getAttributesList());
                    NumberDataPoint point = p.toBuilder().clearAttributes().addAllAttributes(r.attributes()).build();
                    SeriesKey key = track(metric, r, current, point.getTimeUnixNano(), Double.NaN,
                            point.toBuilder().clearValue().setFlags(DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE).build());
                    if (key != null) {
                        builder(out, r.resource(), metric).getGaugeBuilder().addDataPoints(point);
                    }
                }
            }
            case SUM -> {
                for (NumberDataPoint p : metric.getSum().getDataPointsList()) {
                    Relabeled r = labels.relabel(p.getAttributesList());
                    NumberDataPoint point = p.toBuilder().clearAttributes().addAllAttributes(r.attributes()).build();
                    SeriesKey key = track(metric, r, current, point.getTimeUnixNano(), point.getAsDouble(),
                            point.toBuilder().clearValue().setFlags(DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE).build());
                    if (key != null) {
                        builder(out, r.resource(), metric).getSumBuilder().addDataPoints(
                                point.toBuilder().setStartTimeUnixNano(current.get(key).startNanos));
                    }
                }
            }
            case HISTOGRAM -> {
                for (HistogramDataPoint p : metric.getHistogram().getDataPointsList()) {
                    Relabeled r = labels.relabel(p.getAttributesList());
                    HistogramDataPoint point = p.toBuilder().clearAttributes().addAllAttributes(r.attributes()).build();
                    HistogramDataPoint.Builder stale = point.toBuilder().clearSum().setCount(0).clearBucketCounts()
                            .setFlags(DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE);
                    for (int i = 0; i < point.getBucketCountsCount(); i++) {
                        stale.addBucketCounts(0);
                    }
                    SeriesKey key = track(metric, r, current, point.getTimeUnixNano(), point.getCount(), stale.build());
                    if (key != null) {
                        builder(out, r.resource(), metric).getHistogramBuilder().addDataPoints(
                                point.toBuilder().setStartTimeUnixNano(current.get(key).startNanos));
                    }
                }
            }
            case SUMMARY -> {
                for (SummaryDataPoint p : metric.getSummary().getDataPointsList()) {
                    Relabeled r = labels.relabel(p.getAttributesList());
                    SummaryDataPoint point = p.toBuilder().clearAttributes().addAllAttributes(r.attributes()).build();
                    SummaryDataPoint.Builder stale = point.toBuilder().setSum(0).setCount(0).clearQuantileValues()
                            .setFlags(DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE);
                    for (SummaryDataPoint.ValueAtQuantile q : point.getQuantileValuesList()) {
                        stale.addQuantileValues(q.toBuilder().setValue(0));
                    }
                    SeriesKey key = track(metric, r, current, point.getTimeUnixNano(), point.getCount(), stale.build());
                    if (key != null) {
                        builder(out, r.resource(), metric).getSummaryBuilder().addDataPoints(
                                point.toBuilder().setStartTimeUnixNano(current.get(key).startNanos));
                    }
                }
            }
            default -> {
                // The parser makes no other kinds.
            }
        }
    }

    /**
     * Records the series in {@code current} (start time carried over from the previous scrape,
     * reset if {@code total} went down) and returns its key, or {@code null} if the series is
     * already there (relabeling made two series one: the first one wins).
     */
    private SeriesKey track(Metric metric, Relabeled r, Map<SeriesKey, SeriesState> current, long timeNanos,
            double total, com.google.protobuf.Message stalePoint) {
        List<KeyValue> sorted = new ArrayList<>(r.attributes());
        sorted.sort(Comparator.comparing(KeyValue::getKey));
        SeriesKey key = new SeriesKey(r.resource(), metric.getName(), metric.getDataCase(), List.copyOf(sorted));
        if (current.containsKey(key)) {
            return null;
        }
        SeriesState previous = series.get(key);
        SeriesState state = new SeriesState();
        if (previous != null && !(total < previous.lastTotal)) {
            state.startNanos = previous.startNanos;
        } else {
            state.startNanos = timeNanos;
        }
        state.lastTotal = total;
        Metric.Builder stale = header(metric);
        switch (metric.getDataCase()) {
            case GAUGE -> stale.getGaugeBuilder().addDataPoints((NumberDataPoint) stalePoint);
            case SUM -> stale.getSumBuilder().addDataPoints(
                    ((NumberDataPoint) stalePoint).toBuilder().setStartTimeUnixNano(state.startNanos));
            case HISTOGRAM -> stale.getHistogramBuilder().addDataPoints(
                    ((HistogramDataPoint) stalePoint).toBuilder().setStartTimeUnixNano(state.startNanos));
            case SUMMARY -> stale.getSummaryBuilder().addDataPoints(
                    ((SummaryDataPoint) stalePoint).toBuilder().setStartTimeUnixNano(state.startNanos));
            default -> {}
        }
        state.stale = stale.build();
        current.put(key, state);
        return key;
    }

    private static Metric.Builder builder(Map<ResourceKey, Map<String, Metric.Builder>> out, ResourceKey resource,
            Metric metric) {
        return out.computeIfAbsent(resource, k -> new LinkedHashMap<>())
                .computeIfAbsent(metric.getName() + "\u0000" + metric.getDataCase(), k -> header(metric));
    }

    /** The metric without its data points. */
    private static Metric.Builder header(Metric metric) {
        Metric.Builder b = metric.toBuilder();
        switch (metric.getDataCase()) {
            case GAUGE -> b.getGaugeBuilder().clearDataPoints();
            case SUM -> b.getSumBuilder().clearDataPoints();
            case HISTOGRAM -> b.getHistogramBuilder().clearDataPoints();
            case SUMMARY -> b.getSummaryBuilder().clearDataPoints();
            default -> {}
        }
        return b;
    }

    private static Metric withTime(Metric metric, long timeNanos) {
        Metric.Builder b = metric.toBuilder();
        switch (metric.getDataCase()) {
            case GAUGE -> b.getGaugeBuilder().getDataPointsBuilder(0).setTimeUnixNano(timeNanos);
            case SUM -> b.getSumBuilder().getDataPointsBuilder(0).setTimeUnixNano(timeNanos);
            case HISTOGRAM -> b.getHistogramBuilder().getDataPointsBuilder(0).setTimeUnixNano(timeNanos);
            case SUMMARY -> b.getSummaryBuilder().getDataPointsBuilder(0).setTimeUnixNano(timeNanos);
            default -> {}
        }
        return b.build();
    }

    private static Metric.Builder gauge(String name, String description, List<KeyValue> attributes, long timeNanos,
            double value) {
        return Metric.newBuilder().setName(name).setDescription(description).setGauge(Gauge.newBuilder()
                .addDataPoints(NumberDataPoint.newBuilder()
                        .addAllAttributes(attributes)
                        .setTimeUnixNano(timeNanos)
                        .setAsDouble(value)));
    }

    private static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
