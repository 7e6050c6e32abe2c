package io.github.otelflink.connectors.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.connectors.decode.OtlpMetricsValidator;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScraperTest {

    private static final int STALE = DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE;

    private TestTarget server;
    private final HttpClient client = Scraper.httpClient();
    private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);

    @BeforeEach
    void start() throws Exception {
        server = new TestTarget();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Scraper scraper(ScrapeTarget target) {
        return new Scraper(target, client, () -> clock.addAndGet(15_000_000_000L));
    }

    private ScrapeTarget target() {
        return ScrapeTarget.of("node", server.url()).withInterval(Duration.ofSeconds(5), Duration.ofSeconds(2));
    }

    @Test
    void scrapesIntoATargetResourceWithUpAndDuration() {
        server.body = """
                # TYPE requests_total counter
                requests_total{code="200"} 10
                # TYPE temp gauge
                temp 21.5
                """;
        ExportMetricsServiceRequest request = scraper(target().withLabels(Map.of("env", "prod"))).scrapeOnce();

        assertThat(request.getResourceMetricsCount()).isEqualTo(1);
        ResourceMetrics rm = request.getResourceMetrics(0);
        Map<String, String> resource = attributes(rm.getResource().getAttributesList());
        assertThat(resource).containsEntry("service.name", "node")
                .containsEntry("service.instance.id", "127.0.0.1:" + server.port())
                .containsEntry("server.address", "127.0.0.1")
                .containsEntry("server.port", Integer.toString(server.port()));
        Map<String, Metric> metrics = metrics(request);
        assertThat(metrics.keySet()).containsExactly("requests_total", "temp", "up", "scrape_duration_seconds");
        NumberDataPoint counter = metrics.get("requests_total").getSum().getDataPoints(0);
        assertThat(counter.getAsDouble()).isEqualTo(10);
        assertThat(counter.getStartTimeUnixNano()).isEqualTo(counter.getTimeUnixNano()).isPositive();
        assertThat(attributes(counter.getAttributesList())).containsExactly(Map.entry("code", "200"), Map.entry("env", "prod"));
        assertThat(value(metrics, "up")).isEqualTo(1);
        assertThat(attributes(metrics.get("up").getGauge().getDataPoints(0).getAttributesList()))
                .containsExactly(Map.entry("env", "prod"));
        assertThat(value(metrics, "scrape_duration_seconds")).isGreaterThan(0).isLessThan(2);
        assertThat(server.requests.get()).isEqualTo(1);
    }

    @Test
    void vanishedSeriesGetAStalePointOnce() {
        Scraper scraper = scraper(target());
        server.body = """
                # TYPE requests_total counter
                requests_total{code="200"} 10
                requests_total{code="500"} 1
                # TYPE latency histogram
                latency_bucket{le="1"} 1
                latency_bucket{le="+Inf"} 2
                latency_sum 3
                latency_count 2
                gone 5
                # TYPE rpc summary
                rpc{quantile="0.5"} 0.2
                rpc_sum 3
                rpc_count 9
                """;
        ExportMetricsServiceRequest first = scraper.scrapeOnce();
        long start = metrics(first).get("requests_total").getSum().getDataPoints(0).getStartTimeUnixNano();

        server.body = """
                # TYPE requests_total counter
                requests_total{code="200"} 12
                """;
        ExportMetricsServiceRequest second = scraper.scrapeOnce();
        Map<String, Metric> metrics = metrics(second);
        List<NumberDataPoint> counters = metrics.get("requests_total").getSum().getDataPointsList();
        assertThat(counters).hasSize(2);
        assertThat(counters.get(0).getAsDouble()).isEqualTo(12);
        assertThat(counters.get(0).getFlags()).isZero();
        assertThat(counters.get(0).getStartTimeUnixNano()).as("start carried over").isEqualTo(start);
        assertThat(attributes(counters.get(1).getAttributesList())).containsExactly(Map.entry("code", "500"));
        assertThat(counters.get(1).getFlags()).isEqualTo(STALE);
        assertThat(counters.get(1).hasAsDouble()).isFalse();
        assertThat(counters.get(1).getTimeUnixNano()).isEqualTo(counters.get(0).getTimeUnixNano());
        HistogramDataPoint staleHistogram = metrics.get("latency").getHistogram().getDataPoints(0);
        assertThat(staleHistogram.getFlags()).isEqualTo(STALE);
        assertThat(staleHistogram.getExplicitBoundsList()).containsExactly(1.0);
        assertThat(metrics.get("gone").getGauge().getDataPoints(0).getFlags()).isEqualTo(STALE);
        assertThat(metrics.get("rpc").getSummary().getDataPoints(0).getFlags()).isEqualTo(STALE);
        assertThat(metrics.get("rpc").getSummary().getDataPoints(0).getQuantileValuesList())
                .extracting(q -> q.getQuantile()).containsExactly(0.5);
        assertThat(value(metrics, "up")).isEqualTo(1);
        // Stale points are usable points for the rest of the pipeline.
        assertThat(OtlpMetricsValidator.validate(second).rejectedPoints()).isZero();
        assertThat(OtlpMetricsValidator.validate(first).rejectedPoints()).isZero();

        // Only once: the third scrape has no stale points.
        Map<String, Metric> third = metrics(scraper.scrapeOnce());
        assertThat(third.keySet()).containsExactly("requests_total", "up", "scrape_duration_seconds");
        assertThat(third.get("requests_total").getSum().getDataPointsList()).hasSize(1)
                .allSatisfy(p -> assertThat(p.getFlags()).isZero());
    }

    @Test
    void counterResetRestartsTheStartTime() {
        Scraper scraper = scraper(target());
        server.body = "# TYPE c counter\nc 10\n";
        long first = metrics(scraper.scrapeOnce()).get("c").getSum().getDataPoints(0).getStartTimeUnixNano();
        server.body = "# TYPE c counter\nc 3\n";
        NumberDataPoint reset = metrics(scraper.scrapeOnce()).get("c").getSum().getDataPoints(0);
        assertThat(reset.getStartTimeUnixNano()).isGreaterThan(first).isEqualTo(reset.getTimeUnixNano());
    }

    @Test
    void garbageGivesUpZeroAndMarksEverythingStaleOnce() {
        Scraper scraper = scraper(target());
        server.body = "a 1\nb{x=\"y\"} 2\n";
        assertThat(value(metrics(scraper.scrapeOnce()), "up")).isEqualTo(1);

        server.body = "<html>oops</html>";
        ExportMetricsServiceRequest failed = scraper.scrapeOnce();
        Map<String, Metric> metrics = metrics(failed);
        assertThat(value(metrics, "up")).isZero();
        assertThat(scraper.lastError()).contains("cannot parse").contains("line 1");
        assertThat(metrics.get("a").getGauge().getDataPoints(0).getFlags()).isEqualTo(STALE);
        assertThat(metrics.get("b").getGauge().getDataPoints(0).getFlags()).isEqualTo(STALE);

        Map<String, Metric> again = metrics(scraper.scrapeOnce());
        assertThat(again.keySet()).containsExactly("up", "scrape_duration_seconds");
        assertThat(value(again, "up")).isZero();

        server.body = "a 1\n";
        assertThat(value(metrics(scraper.scrapeOnce()), "up")).isEqualTo(1);
    }

    @Test
    void httpErrorGivesUpZero() {
        Scraper scraper = scraper(target());
        server.status = 500;
        server.body = "a 1\n";
        assertThat(value(metrics(scraper.scrapeOnce()), "up")).isZero();
        assertThat(scraper.lastError()).contains("500");
    }

    @Test
    void hangingTargetTimesOutWithUpZero() {
        Scraper scraper = scraper(target().withInterval(Duration.ofSeconds(1), Duration.ofMillis(300)));
        server.body = "a 1\n";
        assertThat(value(metrics(scraper.scrapeOnce()), "up")).isEqualTo(1);
        server.hold = new CountDownLatch(1);
        Map<String, Metric> metrics = metrics(scraper.scrapeOnce());
        assertThat(value(metrics, "up")).isZero();
        assertThat(value(metrics, "scrape_duration_seconds")).isGreaterThanOrEqualTo(0.3).isLessThan(5);
        assertThat(metrics.get("a").getGauge().getDataPoints(0).getFlags()).isEqualTo(STALE);
        assertThat(scraper.lastError()).contains("timed out");
    }

    @Test
    void serverDownGivesUpZeroAndStaleMarkers() {
        Scraper scraper = scraper(target());
        server.body = "# TYPE c counter\nc 1\n";
        assertThat(value(metrics(scraper.scrapeOnce()), "up")).isEqualTo(1);

        server.close();
        ExportMetricsServiceRequest failed = scraper.scrapeOnce();
        Map<String, Metric> metrics = metrics(failed);
        assertThat(value(metrics, "up")).isZero();
        assertThat(metrics.get("c").getSum().getDataPoints(0).getFlags()).isEqualTo(STALE);
        assertThat(attributes(failed.getResourceMetrics(0).getResource().getAttributesList()))
                .containsEntry("service.name", "node");
        assertThat(scraper.lastError()).isNotNull();
    }

    @Test
    void conflictingLabelsAreExportedUnlessHonored() {
        server.body = "m{job=\"other\",instance=\"x:1\",env=\"scraped\",k=\"v\"} 1\n";
        ExportMetricsServiceRequest plain = scraper(target().withLabels(Map.of("env", "static"))).scrapeOnce();
        assertThat(plain.getResourceMetricsCount()).isEqualTo(1);
        assertThat(attributes(metrics(plain).get("m").getGauge().getDataPoints(0).getAttributesList()))
                .containsExactly(Map.entry("exported_job", "other"), Map.entry("exported_instance", "x:1"),
                        Map.entry("exported_env", "scraped"), Map.entry("k", "v"), Map.entry("env", "static"));

        ExportMetricsServiceRequest honored =
                scraper(target().withLabels(Map.of("env", "static")).withHonorLabels(true)).scrapeOnce();
        assertThat(honored.getResourceMetricsCount()).isEqualTo(2);
        Map<String, String> scrapedResource = attributes(honored.getResourceMetrics(1).getResource().getAttributesList());
        assertThat(scrapedResource).containsEntry("service.name", "other").containsEntry("service.instance.id", "x:1")
                .containsEntry("server.address", "x").containsEntry("server.port", "1");
        Metric m = honored.getResourceMetrics(1).getScopeMetrics(0).getMetrics(0);
        assertThat(attributes(m.getGauge().getDataPoints(0).getAttributesList()))
                .containsExactly(Map.entry("env", "scraped"), Map.entry("k", "v"));
        // up stays with the target.
        assertThat(metrics(honored).keySet()).containsExactly("up", "scrape_duration_seconds");
    }

    @Test
    void honoredResourceGetsStaleMarkersWhenItVanishes() {
        Scraper scraper = scraper(target().withHonorLabels(true));
        server.body = "m{instance=\"x:1\"} 1\n";
        assertThat(scraper.scrapeOnce().getResourceMetricsCount()).isEqualTo(2);
        server.body = "";
        ExportMetricsServiceRequest second = scraper.scrapeOnce();
        assertThat(second.getResourceMetricsCount()).isEqualTo(2);
        assertThat(attributes(second.getResourceMetrics(1).getResource().getAttributesList()))
                .containsEntry("service.instance.id", "x:1");
        Metric m = second.getResourceMetrics(1).getScopeMetrics(0).getMetrics(0);
        assertThat(m.getGauge().getDataPoints(0).getFlags()).isEqualTo(STALE);
    }

    @Test
    void scrapedUpIsReplacedByTheScrapersOwn() {
        server.body = "# TYPE up gauge\nup 7\n";
        Map<String, Metric> metrics = metrics(scraper(target()).scrapeOnce());
        assertThat(value(metrics, "up")).isEqualTo(1);
    }

    /** The metrics of the target's resource (the first), by name. */
    private static Map<String, Metric> metrics(ExportMetricsServiceRequest request) {
        Map<String, Metric> metrics = new LinkedHashMap<>();
        for (Metric m : request.getResourceMetrics(0).getScopeMetrics(0).getMetricsList()) {
            assertThat(metrics.put(m.getName(), m)).as("one metric per name").isNull();
        }
        return metrics;
    }

    private static double value(Map<String, Metric> metrics, String name) {
        return metrics.get(name).getGauge().getDataPoints(0).getAsDouble();
    }

    static Map<String, String> attributes(List<KeyValue> attributes) {
        Map<String, String> out = new LinkedHashMap<>();
        for (KeyValue kv : new ArrayList<>(attributes)) {
            out.put(kv.getKey(), kv.getValue().hasIntValue()
                    ? Long.toString(kv.getValue().getIntValue()) : kv.getValue().getStringValue());
        }
        return out;
    }
}
